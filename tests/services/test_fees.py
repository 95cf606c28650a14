"""Fees: a charged service gets its receipt; the township's approval posts a balanced voucher Dr the village's bank
account / Cr the organisation's 501NN (R1); the management fee of a crafted month is the rate of its income, half-up
to the fen, or the fixed sum, and posts Dr 501NN / Cr 50199."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from finance.models import VoucherLine
from services import operations as ops
from services.models import FeeReceipt, ManagementFee, ServiceRecord
from services.models import ServiceOrganisation as Org


def lines_of(voucher):
    return sorted((line.account.code, line.side, line.amount)
                  for line in VoucherLine.objects.filter(voucher=voucher).select_related("account"))


@pytest.fixture
def team(site):
    org = site.organisation(fee_mode=Org.FeeMode.RATE, fee_rate=Decimal("8.5"), leader=site.people["刘一"])
    ops.set_fee_schedule(organisation=org, service="机耕", unit="mu", rate=Decimal("85"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    ops.set_fee_schedule(organisation=org, service="机耕", unit="mu", rate=Decimal("90"),
                         effective_from=date(2026, 6, 1), by=site.chair)
    return org


def serve(site, team, on, mu, who="陈二"):
    return ops.record_service(organisation=team, service="机耕", on=on, quantity=Decimal(mu),
                              household=site.people[who].household, by=site.chair)


def test_a_charged_service_gets_a_receipt_at_the_rate_of_its_day(site, team):
    may = serve(site, team, date(2026, 5, 20), "3.5")
    june = serve(site, team, date(2026, 6, 2), "2")
    assert (may.fee, june.fee) == (Decimal("297.50"), Decimal("180.00"))
    assert [r.number for r in FeeReceipt.objects.order_by("pk")] == ["SF000001", "SF000002"]
    assert may.receipt.status == "pending" and may.receipt.voucher is None


def test_the_approved_receipt_posts_to_the_bank_and_the_organisations_income(site, team):
    record = serve(site, team, date(2026, 5, 20), "3.5")
    receipt = ops.approve_receipt(receipt=record.receipt, by=site.officer)
    team.refresh_from_db()
    assert team.ledger_code == "01"
    assert lines_of(receipt.voucher) == [("10201", "debit", Decimal("297.50")), ("50101", "credit", Decimal("297.50"))]


def test_the_preparer_cannot_approve_the_receipt(site, team):
    record = ops.record_service(organisation=team, service="机耕", on=date(2026, 5, 20), quantity=Decimal("1"),
                                client="县农业局示范田", by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.approve_receipt(receipt=record.receipt, by=site.officer)
    assert refused.value.rule == Rule.R2
    assert FeeReceipt.objects.get().status == "pending"


def test_a_service_without_a_schedule_on_its_day_is_refused_whole(site, team):
    with pytest.raises(ops.BatchRefused) as refused:
        ops.record_services(organisation=team, by=site.chair, rows=[
            ops.ServiceRow(service="机耕", on=date(2026, 5, 20), quantity=Decimal("1"), client="甲", row=2),
            ops.ServiceRow(service="机耕", on=date(2026, 1, 2), quantity=Decimal("1"), client="乙", row=3)])
    assert [r.row for r in refused.value.refusals] == [3, 3]  # before founding, and no schedule yet
    assert not ServiceRecord.objects.exists() and not FeeReceipt.objects.exists()


def test_an_operating_team_cannot_record_a_free_service(site, team):
    with pytest.raises(RuleViolation):
        ops.record_service(organisation=team, service="机耕", on=date(2026, 5, 20), quantity=Decimal("1"),
                           client="甲", free=True, by=site.chair)


def test_a_public_welfare_team_records_free_services_without_receipts(site):
    org = site.organisation(name="文艺宣传队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.CULTURE)
    record = ops.record_service(organisation=org, service="政策宣传演出", on=date(2026, 5, 1), quantity=Decimal("1"),
                                client="全村群众", free=True, by=site.chair)
    assert record.fee == 0 and not FeeReceipt.objects.exists()


def test_the_management_fee_of_a_crafted_month_is_the_rate_of_its_approved_income(site, team):
    for on, mu in ((date(2026, 5, 3), "3.5"), (date(2026, 5, 20), "1.3"), (date(2026, 5, 31), "10")):
        ops.approve_receipt(receipt=serve(site, team, on, mu).receipt, by=site.officer)
    serve(site, team, date(2026, 5, 25), "50")                                     # pending: not income yet
    ops.approve_receipt(receipt=serve(site, team, date(2026, 6, 1), "4").receipt, by=site.officer)  # June
    # May: (3.5 + 1.3 + 10) mu × 85 = 1,258.00; 8.5 % = 106.93
    assert ops.management_fee(team, 2026, 5) == (Decimal("1258.00"), Decimal("106.93"))
    fee = ops.charge_management_fee(organisation=team, year=2026, month=5, by=site.chair)
    assert (fee.base, fee.amount, fee.on) == (Decimal("1258.00"), Decimal("106.93"), date(2026, 5, 31))
    fee = ops.approve_management_fee(fee=fee, by=site.officer)
    assert lines_of(fee.voucher) == [("50101", "debit", Decimal("106.93")), ("50199", "credit", Decimal("106.93"))]
    with pytest.raises(RuleViolation):
        ops.charge_management_fee(organisation=team, year=2026, month=5, by=site.chair)
    assert ManagementFee.objects.count() == 1


def test_the_rate_is_rounded_half_up_to_the_fen(site):
    org = site.organisation(name="保洁队", fee_mode=Org.FeeMode.RATE, fee_rate=Decimal("5"))
    ops.set_fee_schedule(organisation=org, service="清运", unit="trip", rate=Decimal("0.30"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    record = ops.record_service(organisation=org, service="清运", on=date(2026, 3, 3), quantity=Decimal("1"),
                                client="甲", by=site.chair)
    ops.approve_receipt(receipt=record.receipt, by=site.officer)
    assert ops.management_fee(org, 2026, 3) == (Decimal("0.30"), Decimal("0.02"))  # 0.015 → 0.02


def test_a_fixed_management_fee_does_not_depend_on_income(site):
    org = site.organisation(name="红白喜事服务队", category=Org.Category.CEREMONIES, fee_mode=Org.FeeMode.FIXED,
                            fee_fixed=Decimal("200"))
    assert ops.management_fee(org, 2026, 4) == (Decimal("0.00"), Decimal("200.00"))
    fee = ops.approve_management_fee(fee=ops.charge_management_fee(organisation=org, year=2026, month=4,
                                                                     by=site.chair), by=site.officer)
    assert lines_of(fee.voucher) == [("50101", "debit", Decimal("200.00")), ("50199", "credit", Decimal("200.00"))]


def test_no_management_fee_for_a_month_not_yet_ended(site, team):
    with pytest.raises(RuleViolation):
        ops.charge_management_fee(organisation=team, year=2026, month=12, by=site.chair)
