"""One financial disclosure a period: a second draft of a month, quarter or year already drafted or published is
refused (a correction is a new sheet naming the published one), at the operation, the add form and in the database;
and the reviewers chosen on a draft's page go through their operation, which takes only members in office."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from disclosure import operations
from disclosure.models import CommitteeMember, Disclosure
from tests.disclosure.helpers import committee, publish_quarter


@pytest.fixture
def sheet(world):
    world.member = committee(world.v11)
    world.sheet = publish_quarter(world, world.v11, world.member)
    return world


def test_a_second_sheet_of_a_published_quarter_is_refused_but_a_correction_is_not(sheet):
    chair = sheet.users[Role.CHAIRMAN]
    with pytest.raises(RuleViolation) as refused:
        operations.draft(village=sheet.v11, period="quarter", year=sheet.sheet.year, number=sheet.sheet.number,
                         by=chair)
    assert refused.value.rule == Rule.DISCLOSURE and "同一期只能有一份" in str(refused.value)
    correction = operations.correct(disclosure=sheet.sheet, by=chair, reason="漏记一笔补助")
    assert correction.corrects == sheet.sheet
    operations.draft(village=sheet.v12, period="quarter", year=sheet.sheet.year, number=sheet.sheet.number,
                     by=sheet.users[Role.TOWNSHIP_OFFICER])  # another village's quarter is its own


def test_a_second_draft_of_a_year_is_refused_on_the_add_form(sheet, client_for):
    client = client_for(sheet.users[Role.CHAIRMAN])
    url = reverse("admin:disclosure_disclosure_add")
    data = {"kind": "periodic", "village": sheet.v11.pk, "period": "year", "year": 2026, "number": 0}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200 and "同一期只能有一份" in response.text
    assert Disclosure.objects.filter(period="year").count() == 1


@pytest.mark.postgres
def test_the_database_keeps_one_sheet_a_period(sheet):
    original = sheet.sheet
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.create(village=original.village, kind="periodic", period=original.period,
                                  year=original.year, number=original.number, title="重复",
                                  prepared_by=sheet.users[Role.CHAIRMAN])


def test_reviewers_chosen_on_a_drafts_page_must_be_in_office(sheet, client_for):
    draft = operations.draft(village=sheet.v11, period="year", year=2026, by=sheet.users[Role.CHAIRMAN])
    gone = CommitteeMember.objects.create(village=sheet.v11, name="王离任", post="member", start=date(2020, 1, 1),
                                          end=date(2024, 12, 31))
    client = client_for(sheet.users[Role.CHAIRMAN])
    url = reverse("admin:disclosure_disclosure_change", args=[draft.pk])
    response = client.post(url, {"reviewers": [gone.pk]})
    assert response.status_code == 200 and "王离任 不是本村在任的村务监督委员会成员" in response.text
    assert not draft.reviewers.exists()
    assert client.post(url, {"reviewers": [sheet.member.pk]}).status_code == 302
    assert list(draft.reviewers.all()) == [sheet.member]
    with pytest.raises(RuleViolation):  # signed or published: no longer changed
        operations.choose_reviewers(disclosure=sheet.sheet, members=[sheet.member], by=sheet.users[Role.CHAIRMAN])
