"""财务公开: drafted, signed off by the supervision committee (figures frozen), published, never changed; the sheet's
and the phone page's figures are the ledger's; nothing personal or of another village leaks."""

import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from coop import masking
from coop.errors import RuleViolation
from coop.roles import Role
from disclosure import operations
from disclosure.models import CommitteeMember, Disclosure
from tests import builders

Q1 = date(2026, 2, 10)


@pytest.fixture
def village(world):
    officer = world.users[Role.TOWNSHIP_OFFICER]
    books = builders.ledger(world.v11, officer)
    builders.posted(books, Q1, [("102", "debit", "1200"), ("503", "credit", "1200", "县财政补助 13912345678")],
                    preparer=world.users[Role.CHAIRMAN], approver=officer)
    world.member = CommitteeMember.objects.create(village=world.v11, name="李监督", post="chair",
                                                  start=date(2025, 1, 1))
    return world


def published(w):
    draft = operations.draft(village=w.v11, period="quarter", year=2026, number=1, by=w.users[Role.CHAIRMAN])
    operations.sign_off(disclosure=draft, members=[w.member], by=w.users[Role.TOWNSHIP_OFFICER], on=date(2026, 4, 5))
    return operations.publish(disclosure=draft, by=w.users[Role.CHAIRMAN], posted_on=date(2026, 4, 20))


def rows_of(snapshot, key):
    return next(s for s in snapshot["sections"] if s["key"] == key)["rows"]


def test_the_quarter_sheet_shows_the_ledgers_income_frozen_at_sign_off(village):
    disclosure = published(village)
    assert rows_of(disclosure.snapshot, "income")[-1] == ["收入合计", "1,200.00"]
    assert disclosure.snapshot["reviewers"] == ["主任 李监督"]
    officer = village.users[Role.TOWNSHIP_OFFICER]
    builders.posted(village.v11.ledger, date(2026, 3, 1), [("102", "debit", "50"), ("503", "credit", "50")],
                    preparer=village.users[Role.CHAIRMAN], approver=officer)
    disclosure.refresh_from_db()
    assert rows_of(disclosure.snapshot, "income")[-1] == ["收入合计", "1,200.00"]  # frozen, not recomputed


def test_the_drafter_cannot_record_the_sign_off(village):
    chairman = village.users[Role.CHAIRMAN]
    draft = operations.draft(village=village.v11, period="quarter", year=2026, number=1, by=chairman)
    with pytest.raises(RuleViolation):
        operations.sign_off(disclosure=draft, members=[village.member], by=chairman)


def test_no_sign_off_without_a_committee_member_in_office(village):
    draft = operations.draft(village=village.v11, period="quarter", year=2026, number=1,
                             by=village.users[Role.CHAIRMAN])
    gone = CommitteeMember.objects.create(village=village.v11, name="王前任", start=date(2020, 1, 1),
                                          end=date(2024, 12, 31))
    for members in ([], [gone]):
        with pytest.raises(RuleViolation):
            operations.sign_off(disclosure=draft, members=members, by=village.users[Role.TOWNSHIP_OFFICER])
    draft.refresh_from_db()
    assert draft.status == Disclosure.Status.DRAFT and draft.snapshot is None


def test_unpublished_cannot_be_published_and_monthly_needs_the_villages_choice(village):
    chairman = village.users[Role.CHAIRMAN]
    draft = operations.draft(village=village.v11, period="quarter", year=2026, number=1, by=chairman)
    with pytest.raises(RuleViolation):
        operations.publish(disclosure=draft, by=chairman)
    with pytest.raises(RuleViolation):
        operations.draft(village=village.v11, period="month", year=2026, number=2, by=chairman)


def test_a_published_disclosure_is_never_changed_by_the_operation(village):
    disclosure = published(village)
    with pytest.raises(RuleViolation):
        operations.choose_reviewers(disclosure=disclosure, members=[], by=village.users[Role.CHAIRMAN])
    with pytest.raises(RuleViolation):
        operations.publish(disclosure=disclosure, by=village.users[Role.CHAIRMAN])


@pytest.mark.postgres
def test_the_database_refuses_an_update_of_a_published_disclosure(village):
    disclosure = published(village)
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(snapshot={"sections": []})
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).delete()


def test_the_admin_form_and_actions_leave_a_published_disclosure_alone(village, client_for):
    disclosure = published(village)
    client = client_for(village.users[Role.TOWNSHIP_OFFICER])
    url = reverse("admin:disclosure_disclosure_change", args=[disclosure.pk])
    response = client.post(url, {"reviewers": [village.member.pk]})
    assert response.status_code == 403
    changelist = reverse("admin:disclosure_disclosure_changelist")
    response = client.post(changelist, {"action": "sign_off_selected", "_selected_action": [disclosure.pk]},
                           follow=True)
    assert response.status_code == 200
    before = disclosure.snapshot
    disclosure.refresh_from_db()
    assert disclosure.snapshot == before and disclosure.status == Disclosure.Status.PUBLISHED


def test_a_correction_is_a_new_disclosure_naming_the_one_it_corrects(village):
    disclosure = published(village)
    correction = operations.correct(disclosure=disclosure, by=village.users[Role.CHAIRMAN], reason="漏记一笔补助")
    assert correction.corrects == disclosure and correction.status == Disclosure.Status.DRAFT
    correction = operations.sign_off(disclosure=correction, members=[village.member],
                                     by=village.users[Role.TOWNSHIP_OFFICER])
    assert correction.snapshot["corrects"] == disclosure.title


def test_nothing_published_shows_a_full_phone_id_or_account():
    assert masking.scrub("张三 110101198001010012 13912345678 6222021234567890123") == \
        "张三 110101********0012 139****5678 ****0123"


def test_the_public_page_shows_the_sheets_figures_masked_and_only_published(village, client):
    disclosure = published(village)
    page = client.get(reverse("disclosure_public:sheet", args=[village.v11.code, disclosure.pk])).content.decode()
    assert "1,200.00" in page
    text = re.sub(r"<[^>]+>", " ", page).replace(",", "")  # links carry the village code, not a person
    assert not re.search(r"\d{11,}", text)  # no phone, ID or account number in full
    staff = client.get(reverse("disclosure:sheet", args=[disclosure.pk]))
    assert staff.status_code == 302  # the sheet itself is for staff; villagers read the public page
    draft = operations.draft(village=village.v11, period="year", year=2026, by=village.users[Role.CHAIRMAN])
    assert client.get(reverse("disclosure_public:sheet", args=[village.v11.code, draft.pk])).status_code == 404
    assert client.get(reverse("disclosure_public:sheet", args=[village.v12.code, disclosure.pk])).status_code == 404
    listing = client.get(reverse("disclosure_public:village", args=[village.v12.code])).content.decode()
    assert disclosure.title not in listing


def test_the_sheet_prints_as_a4_pdf_with_its_qr_code(village, client_for):
    disclosure = published(village)
    response = client_for(village.users[Role.CHAIRMAN]).get(reverse("disclosure:sheet", args=[disclosure.pk]),
                                                            {"format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    import os
    if os.environ.get("SCREENSHOTS"):
        with open(os.path.join(os.environ["SCREENSHOTS"], "disclosure_sheet.pdf"), "wb") as out:
            out.write(response.content)


def test_another_villages_chairman_does_not_see_the_disclosure(village, client_for):
    disclosure = published(village)
    response = client_for(village.chair21).get(reverse("disclosure:sheet", args=[disclosure.pk]))
    assert response.status_code == 404
