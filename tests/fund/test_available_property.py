"""For any sequence of capital receipts and loans (some refused by R6), the fund's available money is what the
ledger says, every source's principal out adds up to the loans out, and no stored schedule loses a fen."""

from decimal import Decimal as D

from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop.errors import Rule, RuleViolation
from finance import queries as ledger
from finance.fund import queries
from finance.fund.models import CapitalReceipt, Instalment, Loan, Stage
from tests.fund.conftest import lend, receive

amounts = st.decimals(min_value=D("100"), max_value=D("6000"), places=2)
steps = st.lists(st.one_of(
    st.tuples(st.just("receive"), st.sampled_from(["member_contribution", "donation"]), amounts),
    st.tuples(st.just("lend"), st.integers(min_value=0, max_value=5), amounts,
              st.sampled_from([("annuity", 12), ("lump_sum", 6), ("fee_monthly", 6)]))), min_size=1, max_size=5)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_available_money_is_the_ledgers_after_any_sequence(fund_world, sequence):
    b = fund_world
    lend(b, b.members[0], D("1000"), method="annuity", term_months=12)  # within every limit: must not be refused
    for step in sequence:
        try:
            if step[0] == "receive":
                receive(b, step[1], step[2], member=b.members[5] if step[1] == "member_contribution" else None)
            else:
                method, months = step[3]
                lend(b, b.members[step[1]], step[2], method=method, term_months=months)
        except RuleViolation as refusal:  # R6 only (a household's ceiling); nothing may be left half-written
            assert refusal.rule == Rule.R6, refusal
    position = queries.position(b.fund)
    bank = ledger.balance_of(b.ledger, ledger.bank_account(b.world.v11, "fund"))
    received = CapitalReceipt.objects.filter(fund=b.fund, status="approved").aggregate(s=Sum("amount"))["s"]
    disbursed = Loan.objects.filter(fund=b.fund, stage=Stage.DISBURSED)
    lent = disbursed.aggregate(s=Sum("amount"))["s"] or D("0")
    assert position.capital_total == received and position.bank == bank == received - lent
    assert lent >= D("1000")
    assert position.loans_out == lent == sum(queries.out_by_source(b.fund).values())
    assert position.available == max(D("0"), min(position.held, position.bank) - position.reserve)
    for loan in Loan.objects.filter(fund=b.fund).exclude(stage=Stage.DISBURSED):
        assert not Instalment.objects.filter(loan=loan).exists() and not loan.sources.exists()
    for loan in disbursed:
        assert loan.instalments.aggregate(s=Sum("principal"))["s"] == loan.amount
        assert loan.sources.aggregate(s=Sum("principal"))["s"] == loan.amount
