"""The demo county's mutual-aid funds: in every pilot village a 扶贫互助资金协会 under the county's policy, its
terms, and its history from the pilot years carried over from paper (`carry_over`, before the books' opening
balances): the county's 300,000 元 received in 2016 and loans to registered-poor households since 2016 — most
repaid, some running into 2027, a few overdue, one written off — more than the field report's 1,200,000 元 lent
across the eleven funds, written in bulk through carry_over_loans (one batch a fund) so seed_demo stays fast.

Then, in November 2026 (the month still open; the finance demo closes January–October), a few members' 互助金 and
LOANS_PER_FUND new loans to registered-poor households through every step of the fund's operations (record and
approve capital, apply, council review, township approval, disbursement), so each posts its voucher and the books,
the portfolio and the statement by source agree. Each new loan costs about 275 statements (0.4 s on SQLite), which
is why the history goes in as a batch and the new loans stay few. Idempotent: a fund that has its history, or
loans of its own, is left alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from coop.errors import RuleViolation
from coop.models import Cooperative, County, User
from coop.roles import Role
from finance import queries as ledger_queries
from finance.fund import operations as fund_ops
from finance.fund import schedules
from finance.fund.models import Fund, FundPolicy
from finance.fund.models.loans import Stage
from finance.fund.operations import CarriedRow, CarriedState, servicing
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
FIRST_VILLAGE = "610729001201"  # 桑园村: one loan of its pilot years was written off, so the reports show one

# The pilot years (结转旧账): per fund, REPAID_LOANS loans of 2016–2022 repaid on schedule, RUNNING loans of
# November–December 2025 (lump sum, due a year later), and in every OVERDUE_EVERY-th fund one loan of 2024 left
# unpaid. The first running loan falls due on DUE_IN_OPEN_MONTH and is repaid that day in the books, so the
# repayment rate counts a loan paid on time beside the overdue ones (else the demo's rate reads 0 %).
PILOT_CAPITAL_DAY = date(2016, 7, 1)
REPAID_LOANS, RUNNING, OVERDUE_EVERY = 28, 3, 4
HISTORY_AMOUNTS = [Decimal(a) for a in ("3000", "4000", "5000", "3000", "5000", "2000")]
DUE_IN_OPEN_MONTH = date(2026, 11, 20)


def _running_lent_on(k: int) -> date:
    return date(2025, 11, DUE_IN_OPEN_MONTH.day) if k == 0 else date(2025, 12, 5 + 5 * k)


def history_rows(index: int, members: list, *, with_write_off: bool) -> list[CarriedRow]:
    """The paper loan list of the `index`-th pilot fund, lent to `members` (its registered-poor households) in
    turn: pure, so tests/fund/test_demo_history.py can add it up without a database."""
    rows = []
    for i in range(REPAID_LOANS):
        method, amount = METHODS[(i + index) % len(METHODS)], HISTORY_AMOUNTS[(i + index) % len(HISTORY_AMOUNTS)]
        lent_on = date(2016 + i // 4, 3 + (i % 4) * 2, 10)
        made = schedules.make(method, principal=amount, months=12, rate_per_mille=TERMS["fee_rate_monthly"],
                              start=lent_on)
        written_off = with_write_off and i == REPAID_LOANS - 1
        rows.append(_history_row(members[i % len(members)], f"{index + 1:02d}-{lent_on.year}-{i + 1:03d}", lent_on,
                                 amount, method, state=CarriedState.WRITTEN_OFF if written_off else CarriedState.REPAID,
                                 repaid_principal=amount / 2 if written_off else amount,
                                 repaid_fee=Decimal("0") if written_off else sum(r.fee for r in made),
                                 closed_on=date(2024, 12, 20) if written_off else made[-1].due_on))
    for k in range(RUNNING):
        rows.append(_history_row(members[-1 - k], f"{index + 1:02d}-2025-{REPAID_LOANS + k + 1:03d}",
                                 _running_lent_on(k), HISTORY_AMOUNTS[k + 2], "lump_sum",
                                 state=CarriedState.RUNNING))
    if index % OVERDUE_EVERY == 1 and len(members) > RUNNING:
        rows.append(_history_row(members[-1 - RUNNING], f"{index + 1:02d}-2024-{REPAID_LOANS + RUNNING + 1:03d}",
                                 date(2024, 9, 10), Decimal("4000"), "lump_sum", state=CarriedState.OVERDUE))
    return rows


def _history_row(member, contract_no, lent_on, amount, method, *, state, repaid_principal=Decimal("0"),
                 repaid_fee=Decimal("0"), closed_on=None) -> CarriedRow:
    return CarriedRow(member=member, contract_no=f"LB{contract_no}", lent_on=lent_on, amount=amount, method=method,
                      term_months=12, fee_rate_monthly=TERMS["fee_rate_monthly"],
                      penalty_rate_daily=TERMS["penalty_rate_daily"], state=state, repaid_principal=repaid_principal,
                      repaid_fee=repaid_fee, closed_on=closed_on, purpose=PURPOSES[len(contract_no) % len(PURPOSES)])


def _pilots():
    """(index, cooperative, chairman, township officer) of every pilot village with books and members."""
    coops = Cooperative.objects.select_related("village__township__county", "village__ledger").order_by(
        "village__code")
    for index, coop in enumerate(coops):
        chair = User.objects.filter(role=Role.CHAIRMAN, village=coop.village).first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=coop.village.township).order_by(
            "pk").first()
        if chair is None or officer is None or not hasattr(coop.village, "ledger") or not coop.members.exists():
            continue
        yield index, coop, chair, officer


def carry_over() -> None:
    """The pilot years from paper, before the finance demo enters the opening balances (which take them in)."""
    for index, coop, _chair, officer in _pilots():
        books = coop.village.ledger
        fund = Fund.objects.filter(cooperative=coop).first()
        if books.openings.exists() or ledger_queries.has_postings(books) or (
                fund is not None and fund.loans.filter(carried_over=True).exists()):
            continue
        _policy(coop.village.township.county)
        fund = fund or _open(coop, officer)
        fund_ops.carry_over_capital(fund=fund, source="county_capital", amount=COUNTY_CAPITAL,
                                    received_on=PILOT_CAPITAL_DAY, payer="留坝县财政局", document="留财农〔2016〕35号",
                                    by=officer)
        poor = list(Member.objects.filter(cooperative=coop, household__is_registered_poor=True)
                    .select_related("household").order_by("number"))
        if poor:
            fund_ops.carry_over_loans(fund=fund, by=officer, rows=history_rows(
                index, poor, with_write_off=coop.village.code == FIRST_VILLAGE))


def seed() -> None:
    today = timezone.localdate()
    if today < date(2026, 11, 10):
        return  # the open month has not come yet
    for _index, coop, chair, officer in _pilots():
        fund = Fund.objects.filter(cooperative=coop).first()
        if fund is not None and fund.loans.filter(carried_over=False).exists():
            continue
        _policy(coop.village.township.county)
        fund = fund or _open(coop, officer)
        _fund(coop, fund, chair, officer)
        if today >= DUE_IN_OPEN_MONTH:
            _repay_on_time(fund, chair)


def _policy(county: County) -> None:
    if FundPolicy.objects.filter(county=county).exists():
        return
    admin = User.objects.filter(role=Role.COUNTY_ADMIN, county=county).first()
    fund_ops.set_policy(county=county, effective_from=date(2016, 1, 1), by=admin, **POLICY)


def _open(coop, officer) -> Fund:
    fund = fund_ops.open_fund(cooperative=coop, name=f"{coop.village.name}扶贫互助资金协会",
                              established_on=coop.founded_on, by=officer)
    fund_ops.set_terms(fund=fund, adopted_on=coop.founded_on, effective_from=coop.founded_on, by=officer, **TERMS)
    return fund


def _fund(coop, fund, chair, officer) -> None:
    members = list(Member.objects.filter(cooperative=coop).select_related("household").order_by("number"))
    if not fund.capital_receipts.filter(source="county_capital").exists():
        _capital(fund, chair, officer, source="county_capital", amount=COUNTY_CAPITAL, payer="留坝县财政局",
                 document="留财农〔2016〕35号")
    for member in [m for m in members if not m.household.is_registered_poor][:5]:
        _capital(fund, chair, officer, source="member_contribution", amount=CONTRIBUTION, member=member)
    lent = []
    for i, member in enumerate(m for m in members if m.household.is_registered_poor):
        if len(lent) == LOANS_PER_FUND:
            break
        lent += [loan for loan in [_loan(fund, member, i, chair, officer)] if loan is not None]


def _repay_on_time(fund, chair) -> None:
    """The running loans from paper that fall due on DUE_IN_OPEN_MONTH repaid in full that day, as most are."""
    for loan in fund.loans.filter(carried_over=True, stage=Stage.DISBURSED, instalments__superseded=False,
                                  instalments__due_on=DUE_IN_OPEN_MONTH).distinct():
        settle = servicing.preview(loan=loan, on=DUE_IN_OPEN_MONTH)[1]
        fund_ops.repay(loan=loan, paid_on=DUE_IN_OPEN_MONTH, amount=settle, by=chair)


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
