"""One lock order (cooperative, then ledger, then the rows): two township officers working on one village at
once wait for each other instead of deadlocking, on PostgreSQL with two real connections."""

import pytest
from django.db import OperationalError

from coop.errors import RuleViolation
from members import operations as mem
from tests.threads import run_in_threads

pytestmark = pytest.mark.postgres


@pytest.fixture
def committed_shares(django_db_serialized_rollback, transactional_db, coop_books):
    """coop_books committed (threads read it through their own connections), with a pay-in waiting."""
    b = coop_books
    b.pending = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=5,
                                             on=b.day, by=b.chair)
    return b


def test_opening_holdings_and_a_share_approval_at_once_do_not_deadlock(committed_shares):
    b = committed_shares
    results = run_in_threads(
        lambda: mem.set_opening_shares(cooperative=b.coop, holdings=[(b.members[1], 10)], by=b.officer),
        lambda: mem.approve_share_transaction(tx=b.pending, by=b.officer_b),
        interleave_locks=True)
    assert not any(isinstance(r, OperationalError) for r in results), results
    assert all(isinstance(r, list | RuleViolation) or getattr(r, "status", "") == "approved" for r in results), \
        results
