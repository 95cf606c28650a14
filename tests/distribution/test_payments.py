"""Paying dividends to members' bank accounts (R1, never cash), approved by the township (R2); unpaid dividends
tracked through the face other apps read (distribution.queries)."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from distribution import operations, queries
from distribution.models import DividendPayment
from tests.distribution.conftest import give_accounts

pytestmark = pytest.mark.django_db
PAY_DAY = date(2026, 4, 10)


def test_a_dividend_without_the_members_bank_account_is_not_paid(approved):
    dividends = list(approved.plan.dividends.order_by("member__number"))
    with pytest.raises(RuleViolation) as refused:
        operations.record_payment(plan=approved.plan, dividends=dividends, on=PAY_DAY, by=approved.chair)
    assert refused.value.rule == Rule.R1
    assert not DividendPayment.objects.exists()


def test_paying_posts_from_the_bank_and_the_rest_stays_unpaid(approved):
    dividends = list(approved.plan.dividends.select_related("member").order_by("member__number"))
    give_accounts(approved, dividends[:3])
    payment = operations.record_payment(plan=approved.plan, dividends=dividends[:3], on=PAY_DAY, by=approved.chair)
    assert queries.unpaid([approved.coop.pk])[approved.coop.pk].owed == Decimal("24000.00")
    payment = operations.approve_payment(payment=payment, by=approved.officer)
    lines = {(ln.account.code, ln.side): ln.amount for ln in payment.voucher.lines.select_related("account")}
    assert lines == {("21131", "debit"): Decimal("14400.00"), ("10201", "credit"): Decimal("14400.00")}
    owed = queries.unpaid([approved.coop.pk])[approved.coop.pk]
    assert (owed.declared, owed.paid, owed.owed) == (Decimal("24000.00"), Decimal("14400.00"), Decimal("9600.00"))
    assert list(queries.unpaid_dividends([approved.coop.pk])) == [dividends[3]]
    totals = queries.declared_and_paid([approved.coop.pk], date(2026, 1, 1), date(2026, 12, 31))
    assert totals[approved.coop.pk].paid == Decimal("14400.00")


def test_a_dividend_is_paid_once_and_a_rejected_payment_frees_it(approved):
    dividends = list(approved.plan.dividends.select_related("member").order_by("member__number"))[:1]
    give_accounts(approved, dividends)
    payment = operations.record_payment(plan=approved.plan, dividends=dividends, on=PAY_DAY, by=approved.chair)
    with pytest.raises(RuleViolation):
        operations.record_payment(plan=approved.plan, dividends=dividends, on=PAY_DAY, by=approved.chair)
    operations.reject_payment(payment=payment, by=approved.officer, reason="账号有误")
    again = operations.record_payment(plan=approved.plan, dividends=dividends, on=PAY_DAY, by=approved.chair)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_payment(payment=again, by=approved.chair)
    assert refused.value.rule == Rule.R2


def test_a_pending_plan_pays_nothing(dist):
    from tests.distribution.conftest import prepare

    plan = prepare(dist)
    with pytest.raises(RuleViolation):
        operations.record_payment(plan=plan, dividends=list(plan.dividends.all()), on=PAY_DAY, by=dist.chair)
