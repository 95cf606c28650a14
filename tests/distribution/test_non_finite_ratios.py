"""F3: distribution ratios stated as NaN, Infinity or a huge number are refused in words under R7, naming the
ratio — by prepare_plan called directly and by the command's --ratios — and no plan is written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coop.errors import Rule, RuleViolation
from distribution.models import DistributionPlan
from tests.distribution.conftest import prepare

pytestmark = pytest.mark.django_db
BAD = ["nan", "inf", "1E+30"]


@pytest.mark.parametrize("bad", BAD)
def test_prepare_plan_refuses_a_non_finite_or_huge_ratio_naming_it(dist, bad):
    with pytest.raises(RuleViolation) as refused:
        prepare(dist, ratios=(bad, "20", "20"))
    assert refused.value.rule == Rule.R7 and refused.value.field == "dividend_ratio"
    assert "社员分红比例" in str(refused.value)
    assert not DistributionPlan.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_the_command_refuses_a_non_finite_or_huge_ratio_in_words(dist, bad):
    with pytest.raises(CommandError, match="R7"):
        call_command("prepare_distribution", village=dist.world.v11.code, year=2025, ratios=f"{bad},20,20",
                     user=dist.chair.username)
    assert not DistributionPlan.objects.exists()
