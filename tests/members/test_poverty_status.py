"""The poor-household rule (a household that joined as a poor household stays registered poor) and the
exit-year rule, from every door that changes a household's 建档立卡 status: the operation, the admin and
the county's register imported from Excel."""

from datetime import date

import pytest
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from members import operations as mem
from members.imports import poverty
from members.models import Household
from tests import builders
from tests.members.conftest import IDS

REGISTER = poverty.HEADERS


def status(household):
    return Household.objects.filter(pk=household.pk).values_list("is_registered_poor", "poverty_exit_year").get()


def test_the_operation_refuses_to_unregister_a_household_that_joined_as_poor(coop_books):
    b = coop_books
    with pytest.raises(RuleViolation, match="以贫困户身份入社") as refused:
        mem.set_poverty_status(household=b.households[0], is_registered_poor=False, poverty_exit_year=None,
                               by=b.chair)
    assert (refused.value.rule, refused.value.field) == (Rule.MEMBERS, "is_registered_poor")
    assert status(b.households[0]) == (True, None)


def test_the_admin_refuses_to_unregister_a_household_that_joined_as_poor(coop_books, client_for):
    b = coop_books
    response = client_for(b.chair).post(reverse("admin:members_household_change", args=[b.households[0].pk]),
                                         {"poverty_exit_year": ""})
    assert response.status_code == 200 and "以贫困户身份入社" in response.text
    assert status(b.households[0]) == (True, None)


def test_the_import_refuses_to_unregister_a_household_that_joined_as_poor(coop_books):
    b = coop_books
    parsed = poverty.parse(builders.xlsx([["社员1", IDS[0], "否", ""]], REGISTER), b.world.v11)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "建档立卡")]
    assert "以贫困户身份入社" in parsed.errors[0].message
    with pytest.raises(RuleViolation):
        poverty.apply(parsed, b.officer)
    assert status(b.households[0]) == (True, None)


def test_a_poor_admission_after_the_preview_refuses_the_register_at_its_row(coop_books):
    b = coop_books
    household = mem.register_household(village=b.world.v11, number="004", is_registered_poor=True, by=b.chair)
    mem.register_person(household=household, name="社员四", id_number=builders.id_number(44), by=b.chair)
    parsed = poverty.parse(builders.xlsx([["社员四", builders.id_number(44), "否", ""]], REGISTER), b.world.v11)
    assert parsed.ok, parsed.errors
    mem.admit_member(cooperative=b.coop, kind="poor_household", household=household, joined_on=date(2025, 1, 1),
                     by=b.chair)
    with pytest.raises(RuleViolation, match="第 2 行 建档立卡") as refused:
        poverty.apply(parsed, b.officer)
    assert refused.value.rule == Rule.IMPORT and status(household) == (True, None)


def test_the_admin_records_a_household_leaving_poverty_with_its_history(coop_books, client_for):
    b = coop_books
    response = client_for(b.chair).post(reverse("admin:members_household_change", args=[b.households[0].pk]),
                                        {"is_registered_poor": "on", "poverty_exit_year": "2020"})
    assert response.status_code == 302
    assert status(b.households[0]) == (True, 2020)
    latest = Household.history.filter(id=b.households[0].pk).latest("history_date")
    assert (latest.history_user, latest.poverty_exit_year) == (b.chair, 2020)


def test_the_admin_changes_nothing_but_the_status(coop_books, client_for):
    b = coop_books
    client_for(b.chair).post(reverse("admin:members_household_change", args=[b.households[2].pk]),
                             {"number": "999", "group": "九组", "is_registered_poor": "on"})
    household = Household.objects.get(pk=b.households[2].pk)
    assert (household.number, household.group, household.is_registered_poor) == ("003", "一组", True)


@pytest.mark.parametrize("door", ["operation", "admin"])
def test_an_exit_year_needs_a_registered_poor_household(coop_books, client_for, door):
    b = coop_books
    household = b.households[2]
    if door == "operation":
        with pytest.raises(RuleViolation, match="只有建档立卡贫困户才有脱贫年度"):
            mem.set_poverty_status(household=household, is_registered_poor=False, poverty_exit_year=2019, by=b.chair)
    else:
        response = client_for(b.chair).post(reverse("admin:members_household_change", args=[household.pk]),
                                            {"poverty_exit_year": "2019"})
        assert response.status_code == 200 and "只有建档立卡贫困户才有脱贫年度" in response.text
    assert status(household) == (False, None)


def test_another_villages_chairman_cannot_change_the_status(coop_books):
    b = coop_books
    with pytest.raises(RuleViolation, match="R2"):
        mem.set_poverty_status(household=b.households[2], is_registered_poor=True, poverty_exit_year=None,
                               by=b.world.chair21)
    assert status(b.households[2]) == (False, None)


def test_a_batch_names_every_refused_row_and_writes_none(coop_books):
    b = coop_books
    changes = [mem.PovertyChange(b.households[2], True, 2020, row=7),
               mem.PovertyChange(b.households[0], False, None, row=8),
               mem.PovertyChange(b.households[1], False, 2019, row=9)]
    with pytest.raises(mem.BatchRefused) as refused:
        mem.update_poverty_status(village=b.world.v11, changes=changes, by=b.officer)
    assert [(r.row, r.error.field) for r in refused.value.refusals] == [
        (8, "is_registered_poor"), (9, "poverty_exit_year"), (9, "is_registered_poor")]
    assert "第 8 行" in str(refused.value)
    assert [status(h) for h in b.households] == [(True, None), (True, None), (False, None)]
