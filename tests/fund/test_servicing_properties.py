"""For any sequence of disbursements and repayments: the fund's available money is what the ledger says, the
ledger's loans out is the principal the schedules still expect, and no schedule loses or invents a fen."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop.errors import Rule, RuleViolation
from coop.money import to_fen
from finance import queries as ledger
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import CapitalReceipt, Instalment, Loan, Repayment, RepaymentLine, Stage
from tests.fund.running import OUT_ON, pay, running, with_early_capital

LAST_DAY = date(2026, 11, 30)

steps = st.lists(st.one_of(
    st.tuples(st.just("lend"), st.integers(0, 5), st.integers(1, 50).map(lambda n: D(n * 100)),
              st.sampled_from(["lump_sum", "annuity", "fee_monthly"]), st.integers(0, 40)),
    st.tuples(st.just("repay"), st.integers(0, 9), st.sampled_from([D("0.01"), D("0.3"), D("0.77"), D("1")]),
              st.just(""), st.integers(0, 40)),
), min_size=1, max_size=7)


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
def test_available_money_is_the_ledgers_and_no_schedule_loses_a_fen(b, plan):
    with transaction.atomic():
        day = OUT_ON
        loans = [running(b, b.members[0], D("1000"), method="annuity", term_months=6, on=day)]  # never refused
        for kind, which, size, method, gap in plan:
            day = min(LAST_DAY, day + timedelta(days=gap))
            try:
                if kind == "lend":
                    loans.append(running(b, b.members[which], size, method=method, term_months=6, on=day))
                elif loans:
                    loan = Loan.objects.get(pk=loans[which % len(loans)].pk)
                    if loan.stage == Stage.DISBURSED:
                        payoff = fund_ops.servicing.preview(loan=loan, on=day)[1]
                        pay(b, loan, max(D("0.01"), to_fen(payoff * size)), day)
            except RuleViolation as refusal:  # R6 (the household's limit, an overdue loan) leaves nothing behind
                assert refusal.rule == Rule.R6, refusal
            _check(b)
        transaction.set_rollback(True)


def _check(b):
    position = queries.position(b.fund)
    bank = ledger.balance_of(b.ledger, ledger.bank_account(b.world.v11, "fund"))
    capital = sum(CapitalReceipt.objects.filter(fund=b.fund, status="approved").values_list("amount", flat=True))
    owed = D(0)
    for loan in Loan.objects.filter(fund=b.fund, stage__in=[Stage.DISBURSED, Stage.REPAID]):
        rows = Instalment.objects.filter(loan=loan)
        current = [r for r in rows if not r.superseded]
        assert sum(r.principal for r in current) == loan.amount  # no reschedule here: version 1 only
        assert sum(r.fee for r in current) >= 0
        owed += loan.amount - sum(r.paid_principal for r in rows)
        repayments = Repayment.objects.filter(loan=loan)
        lines = RepaymentLine.objects.filter(repayment__loan=loan)
        assert sum(r.amount for r in repayments) == sum(ln.principal + ln.fee + ln.penalty for ln in lines)
        assert sum(r.to_principal for r in repayments) == sum(r.paid_principal for r in rows)
        if loan.stage == Stage.REPAID:
            assert all(r.paid_principal == r.principal for r in current)
    disbursed = sum(Loan.objects.filter(fund=b.fund).exclude(voucher=None).values_list("amount", flat=True))
    received = sum(Repayment.objects.filter(loan__fund=b.fund).values_list("amount", flat=True))
    assert bank == position.bank == capital - disbursed + received
    assert position.loans_out == owed
    assert queries.available(b.fund) == max(D(0), min(capital - owed, bank) - position.reserve)
