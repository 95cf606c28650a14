"""Approved dividends not yet in the members' accounts are on the dashboards of whoever pays them and approves the
payment, in one query, and leave it once paid."""

from datetime import date

from django.urls import reverse

from coop.dashboard import build
from coop.roles import Role
from distribution import operations
from distribution.models import Dividend
from distribution.panels import distribution
from tests.distribution.conftest import give_accounts


def _items(rf, user):
    request = rf.get("/admin/")
    request.user = user
    return {str(item.label): item for item in distribution(request)}


def test_unpaid_dividends_show_until_their_payment_is_approved(approved, rf, client_for, django_assert_max_num_queries):
    dividends = list(Dividend.objects.filter(plan=approved.plan, amount__gt=0))
    total = sum(d.amount for d in dividends)
    with django_assert_max_num_queries(1):
        chair = _items(rf, approved.chair)
    owed = chair["已批准未发放的分红"]
    assert owed.value == f"{len(dividends)} 笔 ¥{total:,.2f}" and owed.todo
    assert owed.url == reverse("admin:distribution_dividend_changelist") + "?paid=unpaid"
    assert "已批准未发放的分红" in _items(rf, approved.world.users[Role.AUDITOR])
    assert not _items(rf, approved.world.chair21)  # another village's chairman reads none of it

    give_accounts(approved, dividends)
    payment = operations.record_payment(plan=approved.plan, dividends=dividends, on=date(2026, 4, 1),
                                        by=approved.chair)
    officer = _items(rf, approved.officer)
    assert officer["分红发放待审批"].value == 1 and officer["分红发放待审批"].todo
    operations.approve_payment(payment=payment, by=approved.officer_b)
    assert not _items(rf, approved.officer)
    assert "已批准未发放的分红" not in client_for(approved.chair).get(reverse("admin:index")).text


def test_the_panel_is_in_the_dashboard(approved, rf):
    request = rf.get("/admin/")
    request.user = approved.chair
    assert any("已批准未发放的分红" in str(item.label) for item in build(request)["todos"])
