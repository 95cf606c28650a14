"""Supervision (R8): the inspector records inspections and findings in its scope and nothing else; the chairman
uploads evidence and marks the rectification done but cannot verify it; the township verifies; overdue
rectifications reach the dashboards of the township, the chairman concerned and the auditor."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from supervision import operations as sup
from supervision.models import Evidence, Inspection, Rectification
from tests import builders


def _pdf() -> bytes:
    """A real one-page PDF, as a scanner would make it."""
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PDF")
    return buffer.getvalue()


PDF = _pdf()


@pytest.fixture
def people(world):
    inspector = builders.account("insp1", Role.INSPECTOR, county=world.c1, full_name="水利局检查员")
    return world, inspector


def _inspection(world, by, villages=None, line=Inspection.Line.DEPARTMENT):
    return sup.record_inspection(line=line, title="饮水工程检查", on=timezone.localdate(),
                                 villages=villages or [world.v11], period_from=date(2026, 1, 1),
                                 period_to=date(2026, 10, 31), by=by)


def _finding(world, by, inspection, deadline):
    return sup.record_finding(inspection=inspection, village=world.v11, rule=Rule.R1, amount="1200.00",
                              description="现金收入未存入银行", deadline=deadline, by=by)


def test_the_inspector_records_an_inspection_and_a_finding_in_its_county(people):
    world, inspector = people
    finding = _finding(world, inspector, _inspection(world, inspector), timezone.localdate() + timedelta(days=10))
    assert finding.rectification.responsible == world.users[Role.CHAIRMAN]


def test_the_inspector_cannot_touch_another_countys_villages(people):
    world, inspector = people
    with pytest.raises(RuleViolation) as refused:
        _inspection(world, inspector, villages=[world.v31])
    assert refused.value.rule == Rule.R8


def test_the_inspector_records_only_its_own_line_and_cannot_verify(people):
    world, inspector = people
    with pytest.raises(RuleViolation):
        _inspection(world, inspector, line=Inspection.Line.AUDIT)
    finding = _finding(world, inspector, _inspection(world, inspector), timezone.localdate())
    with pytest.raises(RuleViolation):
        sup.mark_done(rectification=finding.rectification, on=timezone.localdate(), note="已整改", by=inspector)
    with pytest.raises(RuleViolation):
        sup.verify(rectification=finding.rectification, by=inspector)


def test_the_chairman_uploads_evidence_and_marks_done_but_cannot_verify(people):
    world, inspector = people
    chair, officer = world.users[Role.CHAIRMAN], world.users[Role.TOWNSHIP_OFFICER]
    rect = _finding(world, inspector, _inspection(world, inspector), timezone.localdate()).rectification
    evidence = sup.upload_evidence(finding=rect.finding, upload=SimpleUploadedFile("<x>.html.pdf", PDF),
                                   stage=Evidence.Stage.RECTIFICATION, by=chair)
    assert evidence.file.name.endswith(".pdf") and "<x>" not in evidence.file.name
    sup.mark_done(rectification=rect, on=timezone.localdate(), note="已存入银行", by=chair)
    with pytest.raises(RuleViolation):
        sup.verify(rectification=rect, by=chair)
    assert sup.verify(rectification=rect, by=officer).verified_by == officer


def test_a_hostile_upload_is_refused(people):
    world, inspector = people
    finding = _finding(world, inspector, _inspection(world, inspector), None)
    with pytest.raises(RuleViolation) as refused:
        sup.upload_evidence(finding=finding, upload=io.BytesIO(b"<html><script>alert(1)</script>"), by=inspector)
    assert refused.value.rule == Rule.UPLOAD


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.CHAIRMAN, Role.AUDITOR])
def test_overdue_rectifications_are_on_the_dashboards(people, client, role):
    world, inspector = people
    _finding(world, inspector, _inspection(world, inspector), timezone.localdate() - timedelta(days=3))
    client.force_login(world.users[role])
    page = client.get("/admin/").content.decode()
    assert "逾期未整改的问题" in page


def test_another_townships_chairman_does_not_see_the_overdue_rectification(people):
    world, inspector = people
    from coop import access

    _finding(world, inspector, _inspection(world, inspector), timezone.localdate() - timedelta(days=3))
    other = builders.account("chair21x", Role.CHAIRMAN, village=world.v21)
    assert not access.visible(other, Rectification.objects.all()).exists()


def test_the_evidence_is_served_as_an_attachment(people, client):
    world, inspector = people
    finding = _finding(world, inspector, _inspection(world, inspector), None)
    evidence = sup.upload_evidence(finding=finding, upload=SimpleUploadedFile("a.pdf", PDF), by=inspector)
    client.force_login(world.users[Role.AUDITOR])
    response = client.get(f"/admin/supervision/evidence/{evidence.pk}/download/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    page = client.get(f"/admin/supervision/evidence/{evidence.pk}/change/").text
    assert f"/admin/supervision/evidence/{evidence.pk}/download/" in page
    assert evidence.file.name not in page and "/media/" not in page  # the storage path is never linked


def test_the_dashboard_panel_reads_a_fixed_number_of_statements(people, rf, django_assert_max_num_queries):
    world, inspector = people
    from supervision.panels import supervision

    request = rf.get("/admin/")
    request.user = world.users[Role.AUDITOR]
    with django_assert_max_num_queries(1):
        before = {item.label: item.value for item in supervision(request)}
    for day in range(5):
        _finding(world, inspector, _inspection(world, inspector), timezone.localdate() - timedelta(days=day))
    with django_assert_max_num_queries(1):
        after = {item.label: item.value for item in supervision(request)}
    assert after["逾期未整改的问题"] - before["逾期未整改的问题"] == 4  # the deadline of today is not yet past
    assert after["未验收的整改(检查发现的问题)"] - before["未验收的整改(检查发现的问题)"] == 5
