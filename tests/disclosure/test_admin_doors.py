"""The disclosure admin's doors: the correction button drafts a new disclosure naming the published one; the add form
drafts a project disclosure; the committee members, the village's choices and the county's reply deadline save
through their operations, which refuse a village or county outside the user's scope whatever the form offered."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coop.roles import Role
from disclosure import operations
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings, ReplyDeadline
from tests.disclosure.helpers import committee, publish_quarter
from tests.projects.conftest import ProjectBuilder


@pytest.fixture
def sheet(world):
    world.member = committee(world.v11)
    world.sheet = publish_quarter(world, world.v11, world.member)
    return world


def test_the_correction_button_drafts_a_correction_naming_the_published_one(sheet, client_for):
    client = client_for(sheet.users[Role.CHAIRMAN])
    page = client.get(reverse("admin:disclosure_disclosure_change", args=[sheet.sheet.pk])).content.decode()
    url = reverse("admin:disclosure_disclosure_correct", args=[sheet.sheet.pk])
    assert url in page
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    response = client.post(url, {"reason": "漏记一笔补助收入"})
    correction = Disclosure.objects.get(corrects=sheet.sheet)
    assert response.status_code == 302 and response["Location"].endswith(f"/{correction.pk}/change/")
    assert correction.status == Disclosure.Status.DRAFT and correction.correction_reason == "漏记一笔补助收入"
    sheet.sheet.refresh_from_db()
    assert sheet.sheet.status == Disclosure.Status.PUBLISHED


def test_a_draft_cannot_be_corrected_and_another_village_cannot_reach_the_button(sheet, client_for):
    draft = operations.draft(village=sheet.v11, period="year", year=2026, by=sheet.users[Role.CHAIRMAN])
    client = client_for(sheet.users[Role.CHAIRMAN])
    response = client.post(reverse("admin:disclosure_disclosure_correct", args=[draft.pk]), {"reason": "改"},
                           follow=True)
    assert "只能更正已公开的财务公开" in response.content.decode()
    assert client_for(sheet.chair21).post(reverse("admin:disclosure_disclosure_correct", args=[sheet.sheet.pk]),
                                          {"reason": "改"}).status_code == 404
    assert client_for(sheet.users[Role.AUDITOR]).post(
        reverse("admin:disclosure_disclosure_correct", args=[sheet.sheet.pk]), {"reason": "改"}).status_code == 403
    assert Disclosure.objects.filter(corrects__isnull=False).count() == 0


def test_the_add_form_drafts_a_project_disclosure(sheet, client_for):
    builder = ProjectBuilder(SimpleNamespace(coop=sheet.k11, chair=sheet.users[Role.CHAIRMAN]))
    project = builder.new()
    client = client_for(sheet.users[Role.CHAIRMAN])
    url = reverse("admin:disclosure_disclosure_add")
    assert client.post(url, {"kind": "project"}).status_code == 200  # no project chosen: refused on the form
    response = client.post(url, {"kind": "project", "project": project.pk, "number": 0})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get(kind=Disclosure.Kind.PROJECT)
    assert disclosure.project == project and disclosure.village == sheet.v11 and project.name in disclosure.title
    assert client.post(url, {"kind": "periodic", "number": 0}).status_code == 200  # a period needs its village
    response = client.post(url, {"kind": "periodic", "village": sheet.v11.pk, "period": "quarter", "year": 2026,
                                 "number": 2})
    assert response.status_code == 302 and Disclosure.objects.filter(number=2).exists()


def test_committee_members_save_through_the_operation_inside_scope(sheet, client_for):
    client = client_for(sheet.users[Role.CHAIRMAN])
    url = reverse("admin:disclosure_committeemember_add")
    fields = {"name": "周理财", "post": "member", "start": "2026-01-01"}
    assert client.post(url, {**fields, "village": sheet.v12.pk}).status_code == 200  # not his village
    assert client.post(url, {**fields, "village": sheet.v11.pk, "end": "2025-01-01"}).status_code == 200
    assert client.post(url, {**fields, "village": sheet.v11.pk}).status_code == 302
    assert CommitteeMember.objects.filter(name="周理财", village=sheet.v11).count() == 1
    with pytest.raises(PermissionDenied):
        operations.save_committee_member(by=sheet.chair21, village=sheet.v11, name="外村人", post="member",
                                         start=date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        operations.save_committee_member(by=sheet.chair21, member=sheet.member, village=sheet.v21, name="挪走",
                                         post="member", start=date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        operations.save_committee_member(by=sheet.users[Role.AUDITOR], village=sheet.v11, name="审计",
                                         post="member", start=date(2026, 1, 1))
    assert not CommitteeMember.objects.filter(name__in=["外村人", "挪走", "审计"]).exists()


def test_the_villages_choices_save_through_the_operation_inside_scope(sheet, client_for):
    client = client_for(sheet.users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("admin:disclosure_disclosuresettings_add"),
                           {"village": sheet.v11.pk, "monthly": "on"})
    assert response.status_code == 302
    chosen = DisclosureSettings.objects.get(village=sheet.v11)
    assert chosen.monthly and not chosen.names_in_public
    response = client.post(reverse("admin:disclosure_disclosuresettings_change", args=[chosen.pk]),
                           {"names_in_public": "on"})
    chosen.refresh_from_db()
    assert response.status_code == 302 and chosen.names_in_public and not chosen.monthly
    with pytest.raises(PermissionDenied):
        operations.save_settings(by=sheet.officer2, village=sheet.v11, monthly=False, names_in_public=False)
    chosen.refresh_from_db()
    assert chosen.names_in_public


def test_the_reply_deadline_is_the_county_administrators(sheet, client_for):
    url = reverse("admin:disclosure_replydeadline_add")
    fields = {"county": sheet.c1.pk, "days": 15, "effective_from": "2026-12-01"}
    assert client_for(sheet.users[Role.TOWNSHIP_OFFICER]).post(url, fields).status_code == 403
    client = client_for(sheet.users[Role.COUNTY_ADMIN])
    assert client.post(url, {**fields, "days": 0}).status_code == 200
    assert client.post(url, fields).status_code == 302
    assert client.post(url, fields).status_code == 200  # the same day twice: refused on the form
    assert list(ReplyDeadline.objects.values_list("days", flat=True)) == [15]


def test_the_staff_sheet_page_renders_inside_the_admin(sheet, client_for):
    page = client_for(sheet.users[Role.CHAIRMAN]).get(reverse("disclosure:sheet", args=[sheet.sheet.pk]))
    assert page.status_code == 200 and "data-public-url" in page.content.decode()
