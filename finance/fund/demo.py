"""The demo county's mutual-aid funds: in every pilot village a 扶贫互助资金协会 under the county's policy, its
terms, the county's 300,000 元 of capital and a few members' 互助金, and LOANS_PER_FUND loans to registered poor
households — every step through the fund's operations (record and approve capital, apply, council review,
township approval, disbursement, one write-off), so each posts its voucher and the books, the portfolio and the
statement by source agree.

Four loans a fund, not the field report's 1,200,000 元 of lending: each loan through every operation costs about
275 statements today (0.4 s on SQLite), and 28 a fund made `make run` wait two minutes for the demo; the
pilot years' history (most repaid, a few overdue) needs the fund's carried-over figures, which are not built.

The books open on 2026-01-01 and the finance demo closes January–October, so the fund's money moves in
November 2026, the month still open: loans fall due from December, none is late or repaid yet. Idempotent: a cooperative
that has a fund is left alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from coop.errors import RuleViolation
from coop.models import Cooperative, County, User
from coop.roles import Role
from finance.fund import operations as fund_ops
from finance.fund.models import Fund, FundPolicy
from members.models import Member

COUNTY_CAPITAL = Decimal("300000.00")
CONTRIBUTION = Decimal("200.00")  # 互助金 of a capable household that joins the fund
LOANS_PER_FUND = 4
AMOUNTS = [Decimal(a) for a in ("5000", "4500", "5000", "4000", "5000", "3000")]
METHODS = ["annuity", "fee_monthly", "lump_sum"]
PURPOSES = ["养殖土鸡", "种植天麻", "养蜂", "种植香菇", "养殖生猪", "农家乐经营"]
POLICY = {"first_loan_max": Decimal("5000"), "loan_max": Decimal("10000"), "household_max": Decimal("20000"),
          "max_term_months": 24, "fee_rate_monthly": Decimal("6"), "penalty_rate_daily": Decimal("5"),
          "cadre_loans_allowed": False, "document": "留扶办发〔2016〕12号"}
TERMS = {"first_loan_max": Decimal("5000"), "loan_max": Decimal("10000"), "household_max": Decimal("15000"),
         "terms_allowed": [6, 12], "methods_allowed": ["lump_sum", "annuity", "fee_monthly"],
         "fee_rate_monthly": Decimal("5"), "penalty_rate_daily": Decimal("5"), "group_required": False,
         "group_min_size": 5, "guarantor_max_loans": 2, "reserve_percent": Decimal("5"), "cadres_barred": True}
CAPITAL_DAY, APPLIED, REVIEWED = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)
WRITE_OFF_DAY = date(2026, 11, 27)
FIRST_VILLAGE = "610729001201"  # 桑园村: its last loan is written off, so the reports show one


def seed() -> None:
    today = timezone.localdate()
    if today < date(2026, 11, 10):
        return  # the open month has not come yet
    for coop in Cooperative.objects.select_related("village__township__county").order_by("village__code"):
        if Fund.objects.filter(cooperative=coop).exists() or not hasattr(coop.village, "ledger"):
            continue
        chair = User.objects.filter(role=Role.CHAIRMAN, village=coop.village).first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=coop.village.township).order_by(
            "pk").first()
        if chair is None or officer is None or not coop.members.exists():
            continue
        _policy(coop.village.township.county)
        _fund(coop, chair, officer)


def _policy(county: County) -> None:
    if FundPolicy.objects.filter(county=county).exists():
        return
    admin = User.objects.filter(role=Role.COUNTY_ADMIN, county=county).first()
    fund_ops.set_policy(county=county, effective_from=date(2016, 1, 1), by=admin, **POLICY)


def _fund(coop, chair, officer) -> None:
    village = coop.village
    fund = fund_ops.open_fund(cooperative=coop, name=f"{village.name}扶贫互助资金协会",
                              established_on=coop.founded_on, by=officer)
    fund_ops.set_terms(fund=fund, adopted_on=coop.founded_on, effective_from=coop.founded_on, by=officer, **TERMS)
    members = list(Member.objects.filter(cooperative=coop).select_related("household").order_by("number"))
    _capital(fund, chair, officer, source="county_capital", amount=COUNTY_CAPITAL, payer="留坝县财政局",
             document="留财农〔2016〕35号")
    for member in [m for m in members if not m.household.is_registered_poor][:5]:
        _capital(fund, chair, officer, source="member_contribution", amount=CONTRIBUTION, member=member)
    lent = []
    for i, member in enumerate(m for m in members if m.household.is_registered_poor):
        if len(lent) == LOANS_PER_FUND:
            break
        lent += [loan for loan in [_loan(fund, member, i, chair, officer)] if loan is not None]
    if lent and village.code == FIRST_VILLAGE:
        proposal = fund_ops.propose_write_off(loan=lent[-1], on=WRITE_OFF_DAY, by=chair,
                                              reason="借款户主因病去世,家中无劳动力,经村民代表会议同意申请核销")
        fund_ops.approve_write_off(write_off=proposal, by=officer)


def _capital(fund, chair, officer, **kwargs) -> None:
    receipt = fund_ops.record_capital(fund=fund, received_on=CAPITAL_DAY, by=chair, **kwargs)
    fund_ops.approve_capital(receipt=receipt, by=officer)


def _loan(fund, member, i, chair, officer):
    """One loan through every step; a household the rules refuse (a cadre's family, R4/R6) is passed over, as
    the council would."""
    method = METHODS[i % len(METHODS)]
    try:
        loan = fund_ops.apply_for_loan(
            fund=fund, member=member, amount=AMOUNTS[i % len(AMOUNTS)], method=method,
            term_months=6 if method == "lump_sum" else 12, purpose=PURPOSES[i % len(PURPOSES)], applied_on=APPLIED,
            payee_bank="留坝县农村信用合作联社",
            payee_account=f"6229{member.cooperative.village.code[-6:]}{member.number:06d}", by=chair)
    except RuleViolation:
        return None
    loan = fund_ops.review_loan(loan=loan, reviewed_on=REVIEWED, votes_for=5, votes_against=0, by=chair,
                                opinion="同意,用于生产")
    loan = fund_ops.approve_loan(loan=loan, by=officer)
    return fund_ops.disburse_loan(loan=loan, disbursed_on=date(2026, 11, 5 + i % 5), by=chair)
