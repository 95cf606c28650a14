"""Reschedule and write-off: asked for by the village with a reason, decided by the township with four eyes.
A reschedule keeps the old rows (superseded) and re-spreads exactly the unpaid principal; a write-off posts the
unpaid principal as a loss and closes the loan."""

from datetime import date
from decimal import Decimal as D

import pytest

from coop.errors import Rule, RuleViolation
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import Instalment, Reschedule, Stage, WriteOff
from tests.fund.running import pay, rows, running, with_early_capital


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def reschedule(b, loan, on=date(2026, 4, 5), months=12, **kw):
    request = fund_ops.request_reschedule(loan=loan, on=on, reason="洪灾,养殖场受损", new_term_months=months,
                                          by=b.chair, **kw)
    return fund_ops.approve_reschedule(reschedule=request, by=b.officer)


def test_a_reschedule_keeps_the_old_rows_and_re_spreads_exactly_the_unpaid_principal(b):
    loan = running(b, b.members[0], "5000", method="annuity")
    for row in rows(loan)[:3]:
        pay(b, loan, row.principal + row.fee, row.due_on)
    paid = sum(r.paid_principal for r in rows(loan))
    done = reschedule(b, loan, months=6)
    loan.refresh_from_db()
    assert (done.status, done.approved_by, loan.schedule_version) == (Reschedule.Status.APPROVED, b.officer, 2)
    old = rows(loan, version=1)
    assert len(old) == 12 and [r.superseded for r in old] == [False] * 3 + [True] * 9
    new = rows(loan)
    assert len(new) == 6 and sum(r.principal for r in new) == D("5000.00") - paid
    assert sum(r.paid_principal for r in Instalment.objects.filter(loan=loan)) + sum(
        r.principal for r in new) == loan.amount
    assert paid == D("1216.54") and (new[0].due_on, new[0].fee) == (date(2026, 5, 5), D("22.70"))  # 3,783.46 × 6‰


def test_a_reschedule_waits_for_the_fees_and_penalties_fallen_due(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    request = fund_ops.request_reschedule(loan=loan, on=date(2026, 4, 5), reason="外出务工", new_term_months=6,
                                          by=b.chair)
    with pytest.raises(RuleViolation, match="先付清") as err:
        fund_ops.approve_reschedule(reschedule=request, by=b.officer)
    assert err.value.rule == Rule.R6
    loan.refresh_from_db()
    assert loan.schedule_version == 1 and not any(r.superseded for r in rows(loan))


def test_a_reschedule_is_decided_by_the_township_not_by_its_requester(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    request = fund_ops.request_reschedule(loan=loan, on=date(2026, 4, 5), reason="外出务工", new_term_months=12,
                                          by=b.chair)
    with pytest.raises(RuleViolation) as err:
        fund_ops.approve_reschedule(reschedule=request, by=b.chair)
    assert err.value.rule == Rule.R2
    rejected = fund_ops.reject_reschedule(reschedule=request, by=b.officer, reason="理由不足")
    assert rejected.status == Reschedule.Status.REJECTED and rows(loan)[0].superseded is False


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"reason": " "}, "原因"),
    ({"new_term_months": 36}, "1 至 12"),  # the charter's longest term binds below the policy's 24
    ({"new_method": "equal_principal"}, "等额本金"),
])
def test_a_reschedule_request_is_refused_with_its_reason(b, kwargs, words):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    args = {"loan": loan, "on": date(2026, 4, 5), "reason": "外出务工", "new_term_months": 12, "by": b.chair} | kwargs
    with pytest.raises(RuleViolation, match=words):
        fund_ops.request_reschedule(**args)
    assert not Reschedule.objects.exists()


def test_a_write_off_posts_the_unpaid_principal_as_a_loss_and_closes_the_loan(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    pay(b, loan, "1200", date(2026, 4, 1))
    proposal = fund_ops.propose_write_off(loan=loan, on=date(2026, 11, 20), reason="借款人去世,无财产可供清偿",
                                          by=b.chair)
    done = fund_ops.approve_write_off(write_off=proposal, by=b.officer)
    loan.refresh_from_db()
    assert (loan.stage, loan.closed_on, done.principal) == (Stage.WRITTEN_OFF, date(2026, 11, 20), D("3800.00"))
    lines = {(ln.account.code, ln.debit, ln.credit) for ln in done.voucher.lines.select_related("account")}
    assert lines == {("51521", D("3800.00"), None), ("11221", None, D("3800.00"))}
    assert (done.voucher.prepared_by, done.voucher.posted_by) == (b.chair, b.officer)
    assert queries.position(b.fund).loans_out == D("0.00")
    with pytest.raises(RuleViolation, match="已核销"):
        pay(b, loan, "10", date(2026, 11, 21))


def test_a_write_off_needs_a_reason_and_the_township(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    with pytest.raises(RuleViolation, match="原因"):
        fund_ops.propose_write_off(loan=loan, on=date(2026, 11, 20), reason="", by=b.chair)
    proposal = fund_ops.propose_write_off(loan=loan, on=date(2026, 11, 20), reason="无力偿还", by=b.chair)
    with pytest.raises(RuleViolation) as err:
        fund_ops.approve_write_off(write_off=proposal, by=b.chair)
    assert err.value.rule == Rule.R2
    fund_ops.reject_write_off(write_off=proposal, by=b.officer, reason="继续催收")
    loan.refresh_from_db()
    assert loan.stage == Stage.DISBURSED and WriteOff.objects.get().voucher is None
