"""Acceptance moves the whole of the project's 在建工程 to 固定资产 (with an asset register row) or to 公益支出;
settlement carries the funded part of 231/241 to 311 公积公益金. Each confirmation is the township's, four eyes."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from coop.errors import Rule, RuleViolation
from finance import queries as ledger_queries
from finance.models import Account
from projects import operations as ops
from projects.models import Asset


def _balance(site, code):
    account = Account.objects.get(Q(village__isnull=True) | Q(village=site.world.v11), chart="2023", code=code)
    return ledger_queries.balance_of(site.ledger, account)


def test_the_work_in_progress_transfer_to_fixed_assets_ties_out(site):
    project = site.build.at("under_way")
    site.build.pay(project, "150000.00")
    site.build.pay(project, "60000.50")
    acceptance = site.build.accept(project)
    assert _balance(site, "15301") == Decimal("0.00")
    assert _balance(site, "151") == Decimal("210000.50") == acceptance.value
    asset = Asset.objects.get(project=project)
    assert (asset.value, asset.acquired_on, asset.location, asset.condition) == (
        Decimal("210000.50"), date(2026, 11, 1), "桑园村三组", "good")
    lines = sorted((line.account.code, line.side, line.amount) for line in acceptance.voucher.lines.all())
    assert lines == [("151", "debit", Decimal("210000.50")), ("15301", "credit", Decimal("210000.50"))]
    project.refresh_from_db()
    assert project.status == "accepted"


def test_a_work_forming_no_asset_goes_to_public_welfare_and_enters_no_register(site):
    project = site.build.at("under_way")
    site.build.pay(project, "80000.00")
    site.build.accept(project, forms_asset=False)
    assert _balance(site, "514") == Decimal("80000.00") and _balance(site, "15301") == Decimal("0.00")
    assert not Asset.objects.exists()


def test_settlement_carries_the_funded_part_to_the_reserve_and_refunds_the_surplus(site):
    project = site.build.at("under_way")  # 240,000 received into 23101
    site.build.pay(project, "200000.00")
    site.build.accept(project)
    settlement = site.build.settle(project)
    assert (settlement.final_cost, settlement.received) == (Decimal("200000.00"), Decimal("240000.00"))
    assert _balance(site, "311") == Decimal("200000.00")
    assert _balance(site, "23101") == Decimal("0.00")  # the surplus of 40,000 went back to the body


def test_the_recorder_of_an_acceptance_cannot_confirm_it(site):
    project = site.build.new(by=site.officer_b)
    site.build.approve(project)
    for step in (site.build.entrust, site.build.compete, site.build.contract, site.build.receive):
        step(project)
    site.build.pay(project, "1000.00")
    acceptance = ops.record_acceptance(project=project, on=date(2026, 11, 1), findings="合格", forms_asset=False,
                                       committee=[ops.CommitteeMember(n, "x") for n in "甲乙丙"], by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.confirm_acceptance(acceptance=acceptance, by=site.officer)
    assert refused.value.rule == Rule.R2
    ops.confirm_acceptance(acceptance=acceptance, by=site.officer_b)


def test_an_acceptance_waits_for_pending_payments(site):
    project = site.build.at("under_way")
    site.build.pay(project, "1000.00", approve=False)
    with pytest.raises(RuleViolation) as refused:
        site.build.accept(project)
    assert refused.value.rule == Rule.R5 and "待审批" in str(refused.value)


def test_no_payment_after_acceptance(site):
    project = site.build.at("accepted")
    with pytest.raises(RuleViolation) as refused:
        site.build.pay(project, "10.00", approve=False)
    assert refused.value.rule == Rule.R5
