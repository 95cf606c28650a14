"""R7 from every door (admin form, admin action, command, operation), scope, uploads, query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from distribution import operations
from distribution.models import DistributionPlan
from tests.distribution.conftest import add_members, prepare, resolve

pytestmark = pytest.mark.django_db
ADD = "admin:distribution_distributionplan_add"


def test_the_admin_form_refuses_ratios_not_adding_to_100(dist, client):
    client.force_login(dist.chair)
    response = client.post(reverse(ADD), {"cooperative": dist.coop.pk, "year": 2025, "record_date": "2025-12-31",
                                          "dividend_ratio": "60", "development_ratio": "30",
                                          "accumulation_ratio": "20"})
    assert response.status_code == 200 and "R7" in response.content.decode()
    assert not DistributionPlan.objects.exists()
    response = client.post(reverse(ADD), {"cooperative": dist.coop.pk, "year": 2025, "record_date": "2025-12-31"})
    assert response.status_code == 302 and DistributionPlan.objects.count() == 1


def test_the_admin_action_refuses_a_plan_the_assembly_has_not_passed(dist, client):
    plan = prepare(dist)
    client.force_login(dist.officer)
    response = client.post(reverse("admin:distribution_distributionplan_changelist"),
                           {"action": "approve_selected", "_selected_action": [plan.pk]}, follow=True)
    assert response.status_code == 200 and "R7" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == DistributionPlan.Status.PENDING and plan.voucher is None


def test_the_command_refuses_ratios_not_adding_to_100(dist):
    with pytest.raises(CommandError, match="R7"):
        call_command("prepare_distribution", village=dist.world.v11.code, year=2025, ratios="60,30,20",
                     user=dist.chair.username)
    assert not DistributionPlan.objects.exists()
    call_command("prepare_distribution", village=dist.world.v11.code, year=2025, user=dist.chair.username)
    assert DistributionPlan.objects.count() == 1


def test_a_hostile_minutes_upload_is_refused_and_the_minutes_go_out_as_an_attachment(dist, client):
    from coop.errors import Rule, RuleViolation
    from distribution import operations

    plan = prepare(dist)
    page = SimpleUploadedFile("记录.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(RuleViolation) as refused:
        operations.record_assembly(plan=plan, on=date(2026, 3, 15), attendance=4, votes_for=3, votes_against=1,
                                   minutes=page, by=dist.chair)
    assert refused.value.rule == Rule.UPLOAD
    resolve(dist, plan, attendance=4, votes_for=3, votes_against=1)
    client.force_login(dist.officer)
    response = client.get(reverse("distribution:minutes", args=[plan.pk]))
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("attachment")


def test_another_villages_chairman_sees_nothing(dist, client):
    plan = prepare(dist)
    client.force_login(dist.world.chair21)
    assert client.get(reverse("distribution:sheet", args=[plan.pk])).status_code == 404
    listing = client.get(reverse("admin:distribution_distributionplan_changelist"))
    assert listing.status_code == 200 and str(plan) not in listing.content.decode()
    assert client.get(reverse("admin:distribution_dividend_changelist")).content.decode().count("社员1户") == 0


@pytest.mark.parametrize("output", ["", "pdf", "xlsx"])
def test_the_dividend_sheet_costs_the_same_for_1_member_and_50(dist, client, django_assert_max_num_queries, output):
    client.force_login(dist.officer)
    small = prepare(dist)
    query = f"?format={output}" if output else ""
    with django_assert_max_num_queries(12):
        assert client.get(reverse("distribution:sheet", args=[small.pk]) + query).status_code == 200
    add_members(dist, [1] * 46, start=100)
    operations.reject_plan(plan=small, by=dist.officer, reason="重编")
    small.refresh_from_db()
    assert (small.status, small.reject_reason, small.approved_by) == (DistributionPlan.Status.REJECTED, "重编",
                                                                     dist.officer)
    large = prepare(dist)
    assert large.dividends.count() == 50
    with django_assert_max_num_queries(12):
        response = client.get(reverse("distribution:sheet", args=[large.pk]) + query)
    assert response.status_code == 200
    if output == "pdf":
        assert response.content.startswith(b"%PDF")
