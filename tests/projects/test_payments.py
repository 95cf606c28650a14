"""Payments: never before the competition and the contract, never beyond the contract plus approved variations
(R5); each approved one posts a balanced voucher Dr 在建工程 / Cr the project bank account."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from finance import queries as ledger_queries
from projects import operations as ops
from projects.models import Payment


def _lines(voucher):
    return sorted((line.account.code, line.side, line.amount) for line in voucher.lines.select_related("account"))


def test_funds_received_post_to_the_projects_231_sub_account(site):
    project = site.build.at("under_way")
    receipt = project.receipts.get()
    assert _lines(receipt.voucher) == [("10201", "debit", Decimal("240000.00")),
                                       ("23101", "credit", Decimal("240000.00"))]
    assert project.status == "under_way"


def test_earmarked_money_goes_to_241_not_231(site):
    project = site.build.at("under_way", funding="earmarked")
    assert [code for code, *_ in _lines(project.receipts.get().voucher)] == ["10201", "24101"]


def test_a_payment_before_the_contract_is_refused(site):
    project = site.build.at("competed")
    with pytest.raises(RuleViolation) as refused:
        site.build.pay(project, "1000.00", approve=False)
    assert refused.value.rule == Rule.R5 and "施工合同" in str(refused.value)
    assert not Payment.objects.exists()


def test_a_payment_dated_before_the_contract_is_refused(site):
    project = site.build.at("under_way")
    with pytest.raises(RuleViolation) as refused:
        site.build.pay(project, "1000.00", on=date(2026, 3, 1), approve=False)
    assert refused.value.rule == Rule.R5


def test_payments_may_reach_the_contract_but_not_pass_it(site):
    project = site.build.at("under_way")
    site.build.pay(project, "200000.00")
    site.build.pay(project, "40000.00", approve=False)  # waiting: already counts
    with pytest.raises(RuleViolation) as refused:
        site.build.pay(project, "0.01", approve=False)
    assert refused.value.rule == Rule.R5 and "240,000.00" in str(refused.value)


def test_an_approved_variation_raises_the_ceiling_and_a_pending_one_does_not(site):
    project = site.build.at("under_way")
    site.build.pay(project, "240000.00")
    variation = ops.record_variation(project=project, on=date(2026, 6, 1), amount=Decimal("5000.00"),
                                     reason="增加排水沟", by=site.chair)
    with pytest.raises(RuleViolation):
        site.build.pay(project, "5000.00", approve=False)
    ops.approve_variation(variation=variation, by=site.officer)
    site.build.pay(project, "5000.00")
    assert Payment.objects.filter(status="approved").count() == 2


def test_an_approved_payment_posts_a_balanced_voucher_to_work_in_progress(site):
    project = site.build.at("under_way")
    payment = site.build.pay(project, "12345.67")
    assert _lines(payment.voucher) == [("10201", "credit", Decimal("12345.67")),
                                       ("15301", "debit", Decimal("12345.67"))]
    assert payment.voucher.source == f"项目代建:Payment:{payment.pk}"
    wip = ledger_queries.managed_accounts(site.world.v11, "项目代建")["15301"]
    assert ledger_queries.balance_of(site.ledger, wip) == Decimal("12345.67")


def test_the_recorder_cannot_approve_their_own_payment_nor_the_chairman_any(site):
    project = site.build.at("under_way")
    payment = ops.record_payment(project=project, kind="materials", on=date(2026, 5, 10), summary="水泥",
                                 payees=[ops.Payee(amount=Decimal("100.00"), name="建材店")], by=site.officer)
    for who in (site.officer, site.chair):
        with pytest.raises(RuleViolation) as refused:
            ops.approve_payment(payment=payment, by=who)
        assert refused.value.rule == Rule.R2
    ops.approve_payment(payment=payment, by=site.officer_b)


def test_a_rejected_payment_posts_nothing_and_frees_the_ceiling(site):
    project = site.build.at("under_way")
    payment = site.build.pay(project, "240000.00", approve=False)
    ops.reject(row=payment, by=site.officer, reason="发票不全")
    payment.refresh_from_db()
    assert payment.status == "rejected" and payment.voucher is None
    site.build.pay(project, "240000.00")
