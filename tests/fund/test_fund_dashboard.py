"""The chairman's dashboard lists, by household with the head's phone, what is overdue and what falls due in the
next 30 days; the township sees its waiting reschedules and write-offs; constant queries for 1 or many loans."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from finance.fund import operations as fund_ops
from finance.fund.panels import fund_collections
from tests.fund.running import running, with_early_capital


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def labels(client, kind):
    return {str(item.label): item.value for item in client.get(reverse("admin:index")).context["dashboard"][kind]}


def test_the_chairman_sees_overdue_and_coming_instalments_by_household_with_phones(b, client_for):
    running(b, b.members[0], "5000", method="fee_monthly")  # due monthly since February, nothing paid
    running(b, b.members[1], "3000", method="annuity", on=date(2026, 11, 2))  # first due 2 December
    todos, figures = labels(client_for(b.chair), "todos"), labels(client_for(b.chair), "figures")
    overdue = [label for label in todos if label.startswith("逾期")]
    assert overdue == ["逾期 · 001 借款人1户 · 13800000000 · 2026-02-05"]
    assert todos[overdue[0]] == "¥300.00"  # ten fees of 30.00 (Feb–Nov); no penalty until the daily job runs
    coming = [label for label in figures if label.startswith("30天内到期")]
    assert "30天内到期 · 002 借款人2户 · 13800000001 · 2026-12-02" in coming


def test_the_township_sees_the_requests_waiting_for_it(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    fund_ops.propose_write_off(loan=loan, on=date(2026, 11, 20), reason="无力偿还", by=b.chair)
    assert labels(client_for(b.officer), "todos")["待镇审批的借款核销"] == 1
    assert "待镇审批的借款核销" not in labels(client_for(b.chair), "todos")


def test_another_township_sees_none_of_it(b, client_for):
    running(b, b.members[0], "5000", method="fee_monthly")
    assert not [label for label in labels(client_for(b.world.officer2), "todos") if label.startswith("逾期")]


@pytest.mark.parametrize("loans", [1, 5])
def test_the_panel_takes_the_same_queries_for_one_loan_or_many(b, loans, django_assert_max_num_queries):
    for i in range(loans):
        running(b, b.members[i], "1000", method="fee_monthly")
    request = RequestFactory().get("/")
    request.user = b.officer
    with django_assert_max_num_queries(5):
        items = fund_collections(request)
    assert len([i for i in items if str(i.label).startswith("逾期")]) == loans
