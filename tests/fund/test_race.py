"""Two clerks disbursing at once cannot together lend more than the fund has: disbursement locks cooperative →
ledger → fund row → loan, so the second waits, then sees the first one's money gone (PostgreSQL, two real
connections)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import OperationalError

from coop.errors import Rule, RuleViolation
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import Loan, Stage
from tests.fund.conftest import approved, terms_kwargs
from tests.threads import run_in_threads

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_approved(django_db_serialized_rollback, transactional_db, fund_world):
    """Room for one loan of 5,000 (the reserve keeps back all but 6,000), and two approved for 5,000 each."""
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=D("294000")))
    b.loans = [approved(b, b.members[0], "5000"), approved(b, b.members[1], "5000")]
    return b


@pytest.mark.parametrize("interleave", [False, True])
def test_two_disbursements_at_once_never_lend_more_than_is_available(two_approved, interleave):
    b = two_approved
    results = run_in_threads(
        lambda: fund_ops.disburse_loan(loan=b.loans[0], disbursed_on=b.day, by=b.chair),
        lambda: fund_ops.disburse_loan(loan=b.loans[1], disbursed_on=b.day, by=b.officer_b),
        interleave_locks=interleave)
    assert not any(isinstance(r, OperationalError) for r in results), results
    paid = [r for r in results if isinstance(r, Loan)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(paid) == 1 and len(refused) == 1, results
    assert refused[0].rule == Rule.R6 and "可用余额" in str(refused[0])
    assert Loan.objects.filter(stage=Stage.DISBURSED).count() == 1
    assert queries.position(b.fund).loans_out == D("5000.00")
