"""Portfolio quality and the statement by source on crafted portfolios whose figures are worked out by hand.

The repayments here are written as rows (`paid`) because the figures being tested are reads of what a repayment
leaves behind: the paid columns of the instalments and the repayment's allocation lines."""

from datetime import date
from decimal import Decimal

from finance.fund import operations as fund_ops
from finance.fund import portfolio
from finance.fund.models import Fund, Instalment, Loan, Repayment, RepaymentLine
from tests.fund.conftest import lend, receive

D = Decimal
PAID_ON = date(2026, 11, 25)


def paid(b, loan, *, fees=0, principal="0", on=PAID_ON):
    """The loan's first `fees` instalments' fees paid, and `principal` paid on the first instalment owing it."""
    instalments = list(Instalment.objects.filter(loan=loan).order_by("seq"))
    parts = [(inst, D("0"), inst.fee) for inst in instalments[:fees]]
    if D(principal):
        parts.append((next(i for i in instalments if i.principal), D(principal), D("0")))
    fee_total = sum((fee for _, _, fee in parts), D("0"))
    repayment = Repayment.objects.create(loan=loan, paid_on=on, amount=fee_total + D(principal), to_fee=fee_total,
                                         to_principal=D(principal), recorded_by=b.chair)
    for inst, part_principal, fee in parts:
        RepaymentLine.objects.create(repayment=repayment, instalment=inst, principal=part_principal, fee=fee)
        Instalment.objects.filter(pk=inst.pk).update(paid_principal=inst.paid_principal + part_principal,
                                                     paid_fee=inst.paid_fee + fee)
    return repayment


def written_off(b, loan, on=date(2026, 11, 28)):
    proposal = fund_ops.propose_write_off(loan=loan, on=on, reason="户主病故,无力偿还", by=b.chair)
    return fund_ops.approve_write_off(write_off=proposal, by=b.officer)


def crafted(b):
    """Disbursed 2026-11-02, fee 6‰ a month. A 5,000 fee-monthly: nothing paid. B 4,000 fee-monthly: fees of
    months 1–2 paid. C 3,000 fee-monthly: fees 1–3 paid. D 5,000 lump sum at 6 months: 1,000 repaid early."""
    a = lend(b, b.members[0], "5000", method="fee_monthly")
    loan_b = lend(b, b.members[1], "4000", method="fee_monthly")
    c = lend(b, b.members[2], "3000", method="fee_monthly")
    d = lend(b, b.members[3], "5000", method="lump_sum", term_months=6)
    paid(b, loan_b, fees=2)
    paid(b, c, fees=3)
    paid(b, d, principal="1000")
    return a, loan_b, c, d


def test_fee_monthly_instalments_fall_due_monthly_from_disbursement(funded):
    loan = lend(funded, funded.members[0], "5000", method="fee_monthly")
    first, *_, last = Instalment.objects.filter(loan=loan).order_by("seq")
    assert (first.due_on, first.fee, first.principal) == (date(2026, 12, 2), D("30.00"), D("0.00"))
    assert (last.due_on, last.principal) == (date(2027, 11, 2), D("5000.00"))


def test_par_counts_the_whole_outstanding_of_a_loan_late_beyond_the_days(funded):
    a, loan_b, c, d = crafted(funded)
    on = date(2027, 3, 10)  # A late since 2026-12-02 (98 days), B since 2027-02-02 (36), C since 2027-03-02 (8)
    states = {s.loan.pk: s for s in portfolio.loan_states(Loan.objects.all(), on)}
    assert [states[x.pk].days_late for x in (a, loan_b, c, d)] == [98, 36, 8, 0]
    assert states[d.pk].outstanding == D("4000.00")
    quality = portfolio.quality_by_village(Loan.objects.all(), on=on)[funded.world.v11.pk]
    assert quality.outstanding == D("16000.00")  # 5,000 + 4,000 + 3,000 + 4,000
    assert quality.at_risk == {30: D("9000.00"), 90: D("5000.00")}
    assert (quality.par(30), quality.par(90)) == (D("56.25"), D("31.25"))
    assert (quality.loans_out, quality.lent) == (4, D("17000.00"))


def test_repayment_rate_is_principal_and_fee_paid_by_the_due_date_over_what_fell_due(funded):
    crafted(funded)
    quality = portfolio.quality_by_village(Loan.objects.all(), on=date(2027, 3, 10))[funded.world.v11.pk]
    # fallen due: four monthly fees each of A (30), B (24), C (18) = 288; D's lump sum is not yet due.
    # paid by the due date: B's first two (48), C's first three (54) = 102
    assert (quality.fallen_due, quality.on_time, quality.repayment_rate) == (D("288.00"), D("102.00"), D("35.42"))


def test_a_payment_after_the_due_date_does_not_count_as_on_time(funded):
    loan = lend(funded, funded.members[0], "4000", method="lump_sum", term_months=6)
    paid(funded, loan, principal="1000", on=date(2027, 5, 2))   # on the due date: on time
    paid(funded, loan, principal="3000", on=date(2027, 5, 3))   # a day late
    quality = portfolio.quality_by_village(Loan.objects.all(), on=date(2027, 6, 1))[funded.world.v11.pk]
    # 4,000 + fee 4,000 × 6‰ × 6 = 144 fell due on 2027-05-02; 1,000 of it was paid that day
    assert (quality.fallen_due, quality.on_time, quality.repayment_rate) == (D("4144.00"), D("1000.00"), D("24.13"))
    assert quality.outstanding == D("0.00") and quality.par(30) is None


def test_statement_traces_each_loan_to_its_sources_in_proportion(funded):
    receive(funded, "member_contribution", "100000", member=funded.members[5])  # county 300,000 : members 100,000
    one = lend(funded, funded.members[0], "4000", method="lump_sum", term_months=6)   # 3,000 / 1,000
    two = lend(funded, funded.members[1], "4000", method="fee_monthly")               # 3,000 / 1,000
    three = lend(funded, funded.members[2], "2000", method="lump_sum", term_months=6)  # 1,500 / 500
    paid(funded, one, principal="2000")
    Repayment.objects.filter(loan=one).update(amount=D("2050.00"), to_fee=D("50.00"))
    written_off(funded, three)
    statement = portfolio.statement_by_source(Fund.objects.all(), on=date(2027, 1, 10))
    lines = {line.source: line for line in statement.lines}
    county, members = lines["county_capital"], lines["member_contribution"]
    assert (county.received, county.lent, county.repaid, county.outstanding, county.overdue, county.written_off) == (
        D("300000.00"), D("7500.00"), D("1500.00"), D("4500.00"), D("3000.00"), D("1500.00"))
    assert (members.received, members.lent, members.repaid, members.outstanding, members.overdue,
            members.written_off) == (D("100000.00"), D("2500.00"), D("500.00"), D("1500.00"), D("1000.00"),
                                     D("500.00"))
    assert county.in_hand == D("294000.00") and members.in_hand == D("98000.00")
    assert statement.total.lent == D("10000.00") and statement.fee_income == D("50.00")
    assert two.pk in {s.loan.pk for s in portfolio.overdue(portfolio.loan_states(Loan.objects.all(),
                                                                                 date(2027, 1, 10)))}


def test_the_overdue_list_puts_the_longest_late_first_with_the_phone(funded):
    a, loan_b, c, _ = crafted(funded)
    late = portfolio.overdue(portfolio.loan_states(Loan.objects.all(), date(2027, 3, 10)))
    assert [s.loan.pk for s in late] == [a.pk, loan_b.pk, c.pk]
    assert (late[0].late_fee, portfolio.phone_of(late[0].loan.member)) == (D("120.00"), "13800000000")


def test_due_soon_lists_unpaid_instalments_of_the_next_thirty_days(funded):
    a, *_ = crafted(funded)  # B's and C's first fees are paid; D's lump sum falls due in May
    due = list(portfolio.due_soon(Loan.objects.all(), date(2026, 11, 30)))
    assert [(i.loan_id, i.seq, i.due_on, i.fee_due) for i in due] == [(a.pk, 1, date(2026, 12, 2), D("30.00"))]
