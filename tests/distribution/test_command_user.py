"""F6: prepare_distribution records its plan under the login --user names, which it requires (as services_payroll
and fund_carry_over do): without it the command refuses and writes nothing, rather than lending the chairman's
name to a script's work."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from distribution.models import DistributionPlan

pytestmark = pytest.mark.django_db


def test_the_command_requires_the_user_it_records_the_plan_under(dist):
    with pytest.raises(CommandError, match="--user"):
        call_command("prepare_distribution", village=dist.world.v11.code, year=2025)
    assert not DistributionPlan.objects.exists()


def test_the_plan_is_recorded_under_the_named_user_not_the_chairman(dist):
    call_command("prepare_distribution", village=dist.world.v11.code, year=2025, user=dist.officer.username)
    plan = DistributionPlan.objects.get()
    assert plan.recorded_by == dist.officer and plan.history.first().history_user == dist.officer


def test_an_unknown_or_inactive_user_is_refused_by_name(dist):
    dist.officer.is_active = False
    dist.officer.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match=dist.officer.username):
        call_command("prepare_distribution", village=dist.world.v11.code, year=2025, user=dist.officer.username)
    assert not DistributionPlan.objects.exists()
