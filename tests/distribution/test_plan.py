"""编制: the books' distributable surplus split by the charter's ratios on the record date (R7), dividends by the
shares held at the end of the record date, to the fen."""

from datetime import date
from decimal import Decimal

import pytest

from coop import operations as coop_ops
from coop.errors import Rule, RuleViolation
from coop.roles import Role
from distribution import operations
from distribution.models import DistributionPlan, Dividend
from tests.distribution.conftest import prepare

pytestmark = pytest.mark.django_db


def test_the_plan_splits_the_books_surplus_by_the_charter(dist):
    plan = prepare(dist)
    assert (plan.opening_undistributed, plan.year_profit, plan.pool) == (0, Decimal("40000.00"), Decimal("40000.00"))
    assert (plan.dividend_pool, plan.development_amount, plan.accumulation_amount) == (
        Decimal("24000.00"), Decimal("8000.00"), Decimal("8000.00"))
    amounts = dict(plan.dividends.values_list("member", "amount"))
    assert [amounts[m.pk] for m in dist.members] == [Decimal(x) for x in ("2400.00", "4800.00", "7200.00", "9600.00")]
    assert plan.status == DistributionPlan.Status.PENDING and plan.voucher is None


def test_a_movement_after_the_record_date_counts_next_year(dist):
    plan = prepare(dist)
    assert not plan.dividends.filter(member=dist.late).exists()
    assert plan.shares_total == 100


def test_a_later_record_date_counts_the_late_payer(dist):
    plan = prepare(dist, record_date=date(2026, 1, 5))
    assert plan.dividends.get(member=dist.late).shares == 50
    assert sum(plan.dividends.values_list("amount", flat=True)) == plan.dividend_pool


def test_stated_ratios_not_adding_to_100_are_refused_and_nothing_is_written(dist):
    with pytest.raises(RuleViolation) as refused:
        prepare(dist, ratios=(60, 30, 20))
    assert refused.value.rule == Rule.R7
    assert not DistributionPlan.objects.exists() and not Dividend.objects.exists()


def test_stated_ratios_must_be_the_charters_on_the_record_date(dist):
    with pytest.raises(RuleViolation) as refused:
        prepare(dist, ratios=(50, 30, 20))
    assert refused.value.rule == Rule.R7 and "章程" in refused.value.messages[0]
    assert prepare(dist, ratios=(60, 20, 20)).dividend_ratio == 60


def test_the_charter_version_in_force_on_the_record_date_applies(dist):
    coop_ops.amend_charter(cooperative=dist.coop, adopted_on=date(2026, 1, 10), by=dist.world.users[Role.COUNTY_ADMIN],
                           dividend_ratio=Decimal("50"), development_ratio=Decimal("30"),
                           accumulation_ratio=Decimal("20"))
    assert prepare(dist).dividend_ratio == 60


def test_an_amended_charter_applies_from_its_date(dist):
    coop_ops.amend_charter(cooperative=dist.coop, adopted_on=date(2026, 1, 10), by=dist.world.users[Role.COUNTY_ADMIN],
                           dividend_ratio=Decimal("50"), development_ratio=Decimal("30"),
                           accumulation_ratio=Decimal("20"))
    plan = prepare(dist, record_date=date(2026, 1, 10))
    assert (plan.charter.version, plan.dividend_ratio, plan.dividend_pool) == (2, 50, Decimal("20000.00"))


def test_no_charter_on_the_record_date_is_refused(dist):
    dist.coop.charters.update(effective_from=date(2026, 6, 1), adopted_on=date(2026, 6, 1))
    with pytest.raises(RuleViolation) as refused:
        prepare(dist)
    assert refused.value.rule == Rule.R7


def test_one_plan_per_year_and_only_for_a_year_that_has_ended(dist):
    prepare(dist)
    with pytest.raises(RuleViolation):
        prepare(dist)
    with pytest.raises(RuleViolation):
        prepare(dist, record_date=date(2026, 12, 31))


def test_a_year_without_surplus_is_refused(dist):
    with pytest.raises(RuleViolation) as refused:
        operations.prepare_plan(cooperative=dist.coop, year=2024, record_date=date(2024, 12, 31), by=dist.chair)
    assert refused.value.rule == Rule.R7


def test_only_the_village_side_prepares(dist):
    with pytest.raises(RuleViolation) as refused:
        prepare(dist, by=dist.world.users[Role.AUDITOR])
    assert refused.value.rule == Rule.R2
