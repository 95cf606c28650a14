"""Who reads an ID number whole: the township officer, the county administrator and the chairman in every export,
print and page; the auditor masked (birthplace and last four); the inspector reads no person at all."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coop.roles import Role
from members.identity import id_number_for
from members.models import Person
from tests.members.conftest import IDS
from tests.members.test_export import export
from tests.members.test_reports import pdf_text

WHOLE = [Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN, Role.CHAIRMAN]
MASKED = [Role.AUDITOR, Role.INSPECTOR]


def masked(number):
    return f"{number[:6]}********{number[-4:]}"


@pytest.mark.parametrize("role", WHOLE)
def test_the_roles_that_keep_the_roster_export_id_numbers_whole(coop_books, client_for, role):
    _status, sheet = export(client_for(coop_books.world.users[role]), Person)
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(IDS)


def test_the_auditor_exports_id_numbers_masked(coop_books, client_for):
    _status, sheet = export(client_for(coop_books.world.users[Role.AUDITOR]), Person)
    shown = sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert shown == sorted(masked(n) for n in IDS)


def test_the_inspector_exports_no_persons(coop_books, client_for):
    status, _sheet = export(client_for(coop_books.world.users[Role.INSPECTOR]), Person)
    assert status == 403


@pytest.mark.parametrize("role, whole", [(r, True) for r in WHOLE] + [(r, False) for r in MASKED])
def test_one_rule_decides_for_every_role(coop_books, role, whole):
    person = Person.objects.get(id_number=IDS[0])
    expected = IDS[0] if whole else masked(IDS[0])
    assert id_number_for(coop_books.world.users[role], person) == expected


def test_without_a_known_user_the_number_is_masked(coop_books):
    assert id_number_for(None, Person.objects.get(id_number=IDS[1])) == masked(IDS[1])


@pytest.mark.parametrize("role, whole", [(Role.TOWNSHIP_OFFICER, True), (Role.AUDITOR, False)])
def test_the_roster_shows_id_numbers_as_the_reader_may_read_them(paid, client_for, role, whole):
    client = client_for(paid.world.users[role])
    url = reverse("members:report", args=[paid.world.v11.code, "roster"])
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    cells = {cell for row in book.active.iter_rows(values_only=True) for cell in row}
    assert (IDS[0] in cells) is whole and (masked(IDS[0]) in cells) is not whole


def test_the_auditors_certificate_carries_the_masked_number(paid, client_for):
    response = client_for(paid.world.users[Role.AUDITOR]).get(
        reverse("members:certificate", args=[paid.world.v11.code, paid.members[0].pk]))
    text = pdf_text(response.content)
    assert masked(IDS[0]) in text and IDS[0] not in text


def test_the_auditor_reads_a_persons_page_with_the_masked_number(coop_books, client_for):
    person = Person.objects.get(id_number=IDS[2])
    page = client_for(coop_books.world.users[Role.AUDITOR]).get(reverse("admin:members_person_change",
                                                                        args=[person.pk]))
    assert page.status_code == 200 and masked(IDS[2]) in page.text and IDS[2] not in page.text
    officer_page = client_for(coop_books.officer).get(reverse("admin:members_person_change", args=[person.pk]))
    assert IDS[2] in officer_page.text
