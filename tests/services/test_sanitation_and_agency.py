"""Sanitation: the county's standard by village size, the three sources read from the approved records and receipts,
the gap shown. 代购代销: the commission stays as the team's income, the rest is paid by bank (R1) in one balanced
voucher."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from coop.models import Village
from finance.models import VoucherLine
from services import operations as ops
from services import queries
from services.models import AgencyTrade
from services.models import ServiceOrganisation as Org


@pytest.fixture
def standards(site):
    for size, amount in ((Village.Size.LARGE, "4000"), (Village.Size.SMALL, "3000")):
        ops.set_sanitation_standard(county=site.world.c1, size=size, amount=Decimal(amount),
                                    effective_from=date(2016, 1, 1), by=site.admin)


def fund(site, source, amount, on=date(2026, 3, 1)):
    funding = ops.record_sanitation_funding(cooperative=site.coop, year=2026, source_kind=source, on=on,
                                            amount=Decimal(amount), by=site.chair)
    return ops.approve_sanitation_funding(funding=funding, by=site.officer)


def test_only_the_county_sets_the_standard(site):
    with pytest.raises(RuleViolation) as refused:
        ops.set_sanitation_standard(county=site.world.c1, size="large", amount=Decimal("4000"),
                                    effective_from=date(2016, 1, 1), by=site.officer)
    assert refused.value.rule == Rule.R2


def test_the_three_sources_against_the_standard_show_the_gap(site, standards):
    team = site.organisation(name="保洁队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.SANITATION)
    ops.set_fee_schedule(organisation=team, service="保洁费", unit="household_year", rate=Decimal("30"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    fiscal = fund(site, "fiscal", "2000")
    fund(site, "collective", "1000")
    for name in ("刘一", "陈二", "杨三"):
        record = ops.record_service(organisation=team, service="保洁费", on=date(2026, 4, 1), quantity=Decimal("1"),
                                    household=site.people[name].household, by=site.chair)
        ops.approve_receipt(receipt=record.receipt, by=site.officer)
    ops.record_service(organisation=team, service="保洁费", on=date(2026, 4, 1), quantity=Decimal("1"),
                       household=site.people["张德明"].household, by=site.chair)  # pending: not counted
    (year,) = queries.sanitation(Village.objects.filter(pk=site.world.v11.pk), 2026)
    assert (year.standard, year.fiscal, year.collective, year.fees) == (
        Decimal("4000.00"), Decimal("2000.00"), Decimal("1000.00"), Decimal("90.00"))
    assert year.gap == Decimal("910.00") and not year.met
    codes = sorted(line.account.code for line in VoucherLine.objects.filter(voucher=fiscal.voucher)
                   .select_related("account"))
    assert codes == ["10201", "50399"]
    fund(site, "collective", "910")
    (year,) = queries.sanitation(Village.objects.filter(pk=site.world.v11.pk), 2026)
    assert year.met and year.gap == 0


def test_the_collective_subsidy_is_approved_without_a_voucher(site):
    funding = fund(site, "collective", "500")
    assert funding.status == "approved" and funding.voucher is None


@pytest.fixture
def shop(site):
    return site.organisation(name="电商服务点", form=Org.Form.POINT, category=Org.Category.ECOMMERCE,
                             leader=site.people["刘一"])


def test_a_sale_keeps_the_commission_and_pays_the_rest_to_the_villagers_bank_account(site, shop):
    trade = ops.record_trade(organisation=shop, kind="sale", person=site.people["陈二"], goods="土蜂蜜 50 斤",
                             on=date(2026, 5, 6), gross=Decimal("3000"), commission=Decimal("150"),
                             counterparty="西安某超市", pay_account="6217 0000 1111 2222", by=site.chair)
    assert (trade.pay_to, trade.pay_account, trade.net) == ("陈二", "6217000011112222", Decimal("2850.00"))
    trade = ops.approve_trade(trade=trade, by=site.officer)
    lines = sorted((line.account.code, line.side, line.amount)
                   for line in VoucherLine.objects.filter(voucher=trade.voucher).select_related("account"))
    assert lines == [("10201", "credit", Decimal("2850.00")), ("10201", "debit", Decimal("3000.00")),
                     ("21101", "credit", Decimal("2850.00")), ("21101", "debit", Decimal("2850.00")),
                     ("50101", "credit", Decimal("150.00"))]
    assert ops.month_income(shop, 2026, 5) == Decimal("150.00")


def test_a_trade_without_a_bank_account_is_refused_under_r1(site, shop):
    with pytest.raises(RuleViolation) as refused:
        ops.record_trade(organisation=shop, kind="sale", person=site.people["陈二"], goods="香菇", on=date(2026, 5, 6),
                         gross=Decimal("300"), commission=Decimal("15"), counterparty="甲", pay_account="现金",
                         by=site.chair)
    assert refused.value.rule == Rule.R1 and not AgencyTrade.objects.exists()


def test_only_the_e_commerce_team_trades(site):
    team = site.organisation()
    with pytest.raises(RuleViolation):
        ops.record_trade(organisation=team, kind="purchase", person=site.people["陈二"], goods="化肥",
                         on=date(2026, 5, 6), gross=Decimal("300"), commission=Decimal("15"), counterparty="农资店",
                         pay_account="62170000111122223", by=site.chair)


def test_the_commission_is_below_the_amount(site, shop):
    with pytest.raises(RuleViolation):
        ops.record_trade(organisation=shop, kind="sale", person=site.people["陈二"], goods="香菇", on=date(2026, 5, 6),
                         gross=Decimal("300"), commission=Decimal("300"), counterparty="甲",
                         pay_account="62170000111122223", by=site.chair)


def test_the_county_summary_counts_organisations_records_and_sanitation_money(site, standards, client_for):
    from django.urls import reverse

    from coop.roles import Role

    team = site.organisation(name="保洁队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.SANITATION)
    ops.set_fee_schedule(organisation=team, service="保洁费", unit="household_year", rate=Decimal("30"),
                         effective_from=date(2026, 1, 5), by=site.chair)
    fund(site, "fiscal", "2000")
    for name in ("刘一", "陈二"):
        record = ops.record_service(organisation=team, service="保洁费", on=date(2026, 4, 1), quantity=Decimal("1"),
                                    household=site.people[name].household, by=site.chair)
        ops.approve_receipt(receipt=record.receipt, by=site.officer)
    response = client_for(site.world.users[Role.AUDITOR]).get(reverse("county_summary:summary"),
                                                              {"start": "2026-01", "end": "2026-11"})
    rows = {row["label"]: row for row in response.context["report"].rows}
    assert rows["专业服务组织(站、队、点)"]["total"] == "1"
    assert rows["服务活动"]["total"] == "2"
    assert rows["环境卫生保洁经费"]["total"] == "2,060.00"
    assert "/admin/services/servicerecord/" in rows["服务活动"]["_links"]["total"]
