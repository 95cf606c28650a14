"""结转旧账 through the operation: the fund's capital and loans from the paper books enter the ledger's openings,
the available money, the statement by source, PAR and the register; the rules of history hold (R6 per row, R3
after the first posting); a running carried-over loan is serviced like any other."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from coop.refusals import BatchRefused
from finance import operations as fin
from finance import queries as ledger
from finance.fund import accounts, portfolio, queries, schedules
from finance.fund import operations as fund_ops
from finance.fund.models import Fund, Instalment, Loan, Stage
from finance.fund.operations import CarriedRow
from tests.fund.conftest import receive
from tests.fund.running import pay

D = Decimal


def row(b, member, contract_no, *, amount="5000", lent_on=date(2025, 12, 10), state="running", method="lump_sum",
        term_months=12, **kw):
    return CarriedRow(member=member, contract_no=contract_no, lent_on=lent_on, amount=amount, method=method,
                      term_months=term_months, fee_rate_monthly="5", penalty_rate_daily="5", state=state, **kw)


def history(b):
    """County capital of 2016 and four loans: running, overdue, repaid, written off."""
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="300000", received_on=date(2016, 7, 1),
                                payer="留坝县财政局", document="留财农〔2016〕35号", by=b.officer)
    return fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[
        row(b, b.members[0], "LB-2025-001", amount="5000"),
        row(b, b.members[1], "LB-2024-007", amount="4000", lent_on=date(2024, 6, 1), state="overdue"),
        row(b, b.members[2], "LB-2017-003", amount="3000", lent_on=date(2017, 3, 1), state="repaid",
            repaid_principal="3000", repaid_fee="180", closed_on=date(2018, 2, 27)),
        row(b, b.members[3], "LB-2018-011", amount="2000", lent_on=date(2018, 4, 1), state="written_off",
            repaid_principal="500", closed_on=date(2021, 12, 20), method="annuity"),
    ])


def open_books(b):
    """The clerk's opening balances: the bank holds what the registers carry over, net."""
    net = sum((credit - debit for _a, debit, credit in ledger_lines(b)), D("0"))
    fin.set_opening_balances(ledger=b.ledger, balances=[("10201", net, 0)], by=b.officer)


def ledger_lines(b):
    from finance import registers

    return registers.opening_lines(b.ledger)


def test_carried_over_history_enters_the_ledgers_openings(paper_world):
    b = paper_world
    history(b)
    lines = {account.code: (debit, credit) for account, debit, credit in ledger_lines(b)}
    assert lines["24121"] == (D("0"), D("300000.00"))
    assert lines["11221"] == (D("9000.00"), D("0"))  # the running 5,000 and the overdue 4,000; history owes nothing
    open_books(b)
    kept = ledger.managed_accounts(b.world.v11, accounts.BOOK)
    balances = ledger.balances(b.ledger)
    assert balances[kept["11221"].pk] == D("9000.00")
    assert balances[kept["24121"].pk] == D("-300000.00")


def test_carried_over_loans_in_available_money_statement_and_par(paper_world):
    b = paper_world
    history(b)
    open_books(b)
    position = queries.position(b.fund)
    assert position.loans_out == D("9000.00")
    assert position.capital_total == D("300000.00")
    assert queries.available(b.fund) == D("291000.00")
    statement = portfolio.statement_by_source(Fund.objects.filter(pk=b.fund.pk), on=date(2026, 1, 1))
    county = next(line for line in statement.lines if line.source == "county_capital")
    assert (county.received, county.lent, county.outstanding) == (D("300000"), D("14000"), D("9000"))
    assert (county.written_off, county.repaid, county.overdue) == (D("1500"), D("3500"), D("4000"))
    assert county.in_hand == D("289500.00")
    quality = portfolio.quality_by_village(Loan.objects.filter(fund=b.fund), on=date(2026, 1, 1))[b.world.v11.pk]
    assert quality.lent == D("14000.00") and quality.outstanding == D("9000.00")
    assert quality.at_risk[30] == D("4000.00") and quality.at_risk[90] == D("4000.00")
    assert quality.written_off == D("1500.00")
    # only what paper left due: the overdue 4,000 with its year's fee 240, and the written-off loan's 1,500 with the
    # 65.60 of fee its annuity schedule still had; the repaid loan's, paid on paper, counts on neither side
    assert quality.fallen_due == D("4240.00") + D("1565.60")
    assert quality.on_time == D("0")
    states = {s.loan.contract_no: s for s in portfolio.loan_states(Loan.objects.filter(fund=b.fund), date(2026, 1, 1))}
    assert states["LB-2024-007"].days_late == (date(2026, 1, 1) - date(2025, 6, 1)).days
    assert states["LB-2025-001"].days_late == 0


def test_a_running_carried_over_loan_is_serviced_like_any_other(paper_world):
    b = paper_world
    running = history(b)[0]
    open_books(b)
    repayment = pay(b, running, "5300", date(2026, 11, 20))  # principal 5,000 and the year's fee 300
    assert repayment.approved_by == b.officer  # the officer who carried it over stands as the approval
    running.refresh_from_db()
    assert running.stage == Stage.REPAID
    assert queries.position(b.fund).loans_out == D("4000.00")


def test_the_schedule_keeps_what_paper_repaid_on_the_oldest_instalments(paper_world):
    b = paper_world
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="10000", received_on=date(2016, 7, 1),
                                by=b.officer)
    contract = schedules.make("annuity", principal=D("1200"), months=12, rate_per_mille=D("5"), start=date(2025, 7, 1))
    paid_principal, paid_fee = sum(r.principal for r in contract[:6]), sum(r.fee for r in contract[:6])
    [loan] = fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[
        row(b, b.members[0], "A-1", amount="1200", method="annuity", lent_on=date(2025, 7, 1),
            repaid_principal=paid_principal, repaid_fee=paid_fee)])
    rows = list(Instalment.objects.filter(loan=loan).order_by("seq"))
    assert sum(r.principal for r in rows) == D("1200.00")
    assert sum(r.carried_principal for r in rows) == paid_principal
    assert [r.settled_on is not None for r in rows[:6]] == [True] * 6 and rows[6].settled_on is None
    assert queries.outstanding_principal([loan.pk])[loan.pk] == D("1200") - paid_principal


def test_today_s_charter_limits_do_not_refuse_a_loan_of_its_day(paper_world):
    """20,000 over 24 months is above today's ceilings (10,000; 6 or 12 months): lent under the rules of 2016."""
    b = paper_world
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="300000", received_on=date(2016, 7, 1),
                                by=b.officer)
    [loan] = fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[
        row(b, b.members[4], "B-1", amount="20000", lent_on=date(2025, 2, 1), term_months=24)])
    assert loan.carried_over and loan.amount == D("20000.00") and loan.stage == Stage.DISBURSED


@pytest.mark.parametrize(("change", "field"), [
    ({"lent_on": date(2026, 1, 1)}, "lent_on"),
    ({"amount": "0"}, "amount"),
    ({"repaid_principal": "6000", "state": "written_off", "closed_on": date(2025, 12, 30)}, "repaid_principal"),
    ({"state": "repaid", "repaid_principal": "5000"}, "closed_on"),
    ({"lent_on": date(2024, 1, 1)}, "state"),  # running on paper, late by its schedule
    ({"state": "overdue"}, "state"),
    ({"method": "weekly"}, "method"),
])
def test_a_row_that_history_refuses_names_its_field_and_writes_nothing(paper_world, change, field):
    b = paper_world
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="300000", received_on=date(2016, 7, 1),
                                by=b.officer)
    rows = [row(b, b.members[0], "OK-1"), row(b, b.members[1], "BAD-1", **change)]
    rows[1].row = 3
    with pytest.raises(BatchRefused) as refused:
        fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=rows)
    assert [(r.row, r.error.field, r.error.rule) for r in refused.value.refusals] == [(3, field, Rule.R6)]
    assert not Loan.objects.filter(fund=b.fund).exists()


def test_duplicate_contract_numbers_and_non_members_are_refused(paper_world, world):
    from members import operations as mem
    from tests import builders

    b = paper_world
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="300000", received_on=date(2016, 7, 1),
                                by=b.officer)
    fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[row(b, b.members[0], "C-1")])
    other = mem.register_household(village=world.v12, number="901", group="一组", is_registered_poor=True,
                                   by=builders.account("chair12x", "chairman", village=world.v12))
    outsider = mem.admit_member(cooperative=world.k12, kind="poor_household", household=other,
                                joined_on=date(2025, 1, 10),
                                by=builders.account("chair12y", "chairman", village=world.v12)) \
        if hasattr(world, "k12") else None
    rows = [row(b, b.members[1], "C-1"), row(b, b.members[2], "C-2"), row(b, b.members[3], "C-2")]
    if outsider is not None:
        rows.append(row(b, outsider, "C-3"))
    for i, r in enumerate(rows, start=2):
        r.row = i
    with pytest.raises(BatchRefused) as refused:
        fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=rows)
    found = {(r.row, r.error.field) for r in refused.value.refusals}
    assert {(2, "contract_no"), (4, "contract_no")} <= found
    if outsider is not None:
        assert (5, "member") in found


def test_open_loans_beyond_the_capital_carried_over_are_refused(paper_world):
    b = paper_world
    with pytest.raises(BatchRefused) as refused:
        fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[row(b, b.members[0], "D-1")])
    assert refused.value.refusals[0].error.field == "amount"


def test_openings_are_history_once_a_voucher_is_posted(paper_world):
    """R3: capital and open loans are refused after the first posting; a repaid loan changes no balance and may
    still be added (the register's openings stay what the ledger took in)."""
    b = paper_world
    history(b)
    open_books(b)
    receive(b, "county_capital", "1000", on=date(2026, 2, 1))  # the first posted voucher
    with pytest.raises(RuleViolation) as refused:
        fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[row(b, b.members[4], "E-1")])
    assert refused.value.rule == Rule.R3
    with pytest.raises(RuleViolation) as refused:
        fund_ops.carry_over_capital(fund=b.fund, source="donation", amount="100", received_on=date(2016, 7, 1),
                                    by=b.officer)
    assert refused.value.rule == Rule.R3
    before = ledger_lines(b)
    [repaid] = fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[
        row(b, b.members[4], "E-2", lent_on=date(2019, 3, 1), state="repaid", repaid_principal="5000",
            closed_on=date(2020, 3, 1))])
    assert repaid.stage == Stage.REPAID and ledger_lines(b) == before


def test_open_loans_come_before_the_opening_balances(paper_world):
    b = paper_world
    fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="300000", received_on=date(2016, 7, 1),
                                by=b.officer)
    open_books(b)
    with pytest.raises(RuleViolation) as refused:
        fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[row(b, b.members[0], "F-1")])
    assert refused.value.rule == Rule.R3


def test_only_the_township_carries_over(paper_world):
    b = paper_world
    with pytest.raises(RuleViolation) as refused:
        fund_ops.carry_over_capital(fund=b.fund, source="county_capital", amount="1", received_on=date(2016, 7, 1),
                                    by=b.chair)
    assert refused.value.rule == Rule.R2
