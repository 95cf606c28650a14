"""F2: a distribution year typed with a digit too many (20266) is refused in words — the admin's add form answers
200 with the message and writes nothing, the command fails with the message, and prepare_plan refuses it when
called directly (no ValueError from date(20266, 12, 31), no 500)."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from distribution import operations
from distribution.models import DistributionPlan

pytestmark = pytest.mark.django_db
TYPO = 20266


def test_the_plan_add_form_refuses_year_20266(dist, client_for):
    response = client_for(dist.chair).post(reverse("admin:distribution_distributionplan_add"), {
        "cooperative": dist.coop.pk, "year": str(TYPO), "record_date": "2025-12-31"})
    page = response.content.decode()
    year_error = re.search(r'<ul class="errorlist" id="id_year_error"><li>(.*?)</li>', page)
    assert response.status_code == 200 and year_error and "2100" in year_error.group(1)  # 确保该值小于或等于2100。
    assert not DistributionPlan.objects.exists()


@pytest.mark.parametrize("year", [TYPO, 1999, 2101])
def test_prepare_plan_refuses_a_year_outside_2000_to_2100(dist, year):
    with pytest.raises(RuleViolation) as refused:
        operations.prepare_plan(cooperative=dist.coop, year=year, record_date=date(2025, 12, 31), by=dist.chair)
    assert refused.value.rule == Rule.R7 and refused.value.field == "year" and str(year) in str(refused.value)
    assert not DistributionPlan.objects.exists()


def test_the_command_refuses_year_20266_in_words(dist):
    with pytest.raises(CommandError, match="2100"):
        call_command("prepare_distribution", village=dist.world.v11.code, year=TYPO, user=dist.chair.username)
    assert not DistributionPlan.objects.exists()
