"""R5: a project's total stays strictly under 300,000 元, from the application, a budget change and a variation."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from coop.errors import Rule, RuleViolation
from projects import operations as ops
from projects.models import Project


def test_a_project_of_299999_99_is_accepted(site):
    project = site.build.new(total="299999.99")
    assert project.status == Project.Status.APPLIED and project.application.recorded_by == site.chair


def test_a_project_of_300000_is_refused_and_nothing_is_written(site):
    with pytest.raises(RuleViolation) as refused:
        site.build.new(total="300000.00")
    assert refused.value.rule == Rule.R5 and "300,000.00" in str(refused.value)
    assert not Project.objects.exists()


def test_the_database_itself_refuses_a_total_at_the_cap(site):
    project = site.build.new(total="1000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(total_investment=Decimal("300000.00"))


def test_a_budget_change_to_the_cap_is_refused_and_one_below_is_kept(site):
    project = site.build.new(total="200000.00")
    with pytest.raises(RuleViolation) as refused:
        ops.change_budget(project=project, total_investment=Decimal("300000.00"), by=site.officer)
    assert refused.value.rule == Rule.R5
    ops.change_budget(project=project, total_investment=Decimal("299999.99"), by=site.officer)
    project.refresh_from_db()
    assert project.total_investment == Decimal("299999.99")


def test_a_variation_crossing_the_cap_is_refused_and_one_reaching_299999_99_is_approved(site):
    project = site.build.at("under_way", total="290000.00")
    with pytest.raises(RuleViolation) as refused:
        ops.record_variation(project=project, on=date(2026, 6, 1), amount=Decimal("10000.00"), reason="加宽路面",
                             by=site.chair)
    assert refused.value.rule == Rule.R5 and not project.variations.exists()
    variation = ops.record_variation(project=project, on=date(2026, 6, 1), amount=Decimal("9999.99"),
                                     reason="加宽路面", by=site.chair)
    ops.approve_variation(variation=variation, by=site.officer)
    variation.refresh_from_db()
    assert variation.status == "approved" and variation.voucher is None


def test_two_waiting_variations_cannot_cross_the_cap_together(site):
    project = site.build.at("under_way", total="290000.00")
    ops.record_variation(project=project, on=date(2026, 6, 1), amount=Decimal("6000.00"), reason="加宽", by=site.chair)
    with pytest.raises(RuleViolation) as refused:
        ops.record_variation(project=project, on=date(2026, 6, 2), amount=Decimal("4000.00"), reason="加长",
                             by=site.chair)
    assert refused.value.rule == Rule.R5


def test_a_budget_change_cannot_cross_the_cap_with_the_variations(site):
    project = site.build.at("under_way", total="280000.00")
    variation = ops.record_variation(project=project, on=date(2026, 6, 1), amount=Decimal("15000.00"),
                                     reason="加宽", by=site.chair)
    ops.approve_variation(variation=variation, by=site.officer)
    with pytest.raises(RuleViolation) as refused:
        ops.change_budget(project=project, total_investment=Decimal("285000.00"), by=site.officer)
    assert refused.value.rule == Rule.R5
