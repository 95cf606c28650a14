"""R4a: a village or villager-group cadre never leads an operating organisation — from the operation, the admin's
add forms, a change of nature — judged on the appointment date; a public-welfare organisation may be led by one; a
leader who becomes a cadre later is flagged on the dashboard and the list, with the date."""

from datetime import date

import pytest
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from members import operations as mem
from members.models import CadreTerm
from services import operations as ops
from services import queries
from services.models import Leadership
from services.models import ServiceOrganisation as Org


def test_a_cadre_cannot_be_appointed_leader_of_an_operating_team(site):
    org = site.organisation()
    with pytest.raises(RuleViolation) as refused:
        ops.appoint_leader(organisation=org, person=site.people["张德明"], start=site.day, by=site.chair)
    assert refused.value.rule == Rule.R4A and "村委会主任" in str(refused.value)
    assert not Leadership.objects.exists()


def test_a_villager_group_leader_counts_as_a_cadre_for_r4a(site):
    org = site.organisation()
    with pytest.raises(RuleViolation) as refused:
        ops.appoint_leader(organisation=org, person=site.people["孙组长"], start=site.day, by=site.chair)
    assert refused.value.rule == Rule.R4A and "村民小组长" in str(refused.value)


def test_founding_an_operating_team_with_a_cadre_leader_writes_nothing(site):
    with pytest.raises(RuleViolation) as refused:
        site.organisation(leader=site.people["张德明"])
    assert refused.value.rule == Rule.R4A
    assert not Org.objects.exists() and not Leadership.objects.exists()


def test_a_public_welfare_team_may_be_led_by_a_cadre(site):
    org = site.organisation(name="保洁队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.SANITATION,
                            leader=site.people["张德明"])
    assert org.leaderships.get().person == site.people["张德明"]


@pytest.mark.parametrize(("name", "allowed"), [("赵前", True), ("钱后", True), ("张德明", False)])
def test_r4a_is_judged_on_the_appointment_date(site, name, allowed):
    """赵前's term ended before the date (allowed), 钱后's begins after it (allowed), 张德明's spans it (refused)."""
    org = site.organisation()
    if allowed:
        ops.appoint_leader(organisation=org, person=site.people[name], start=site.day, by=site.chair)
        assert org.leaderships.get().person.name == name
    else:
        with pytest.raises(RuleViolation):
            ops.appoint_leader(organisation=org, person=site.people[name], start=site.day, by=site.chair)


def test_family_of_a_cadre_may_lead_an_operating_team(site):
    """R4a bars cadres themselves; the family rule is R4b's (pay), not the leadership's."""
    org = site.organisation(leader=site.people["张小明"])
    assert org.leaderships.get().person.name == "张小明"


def test_turning_a_cadre_led_team_operating_is_refused(site):
    org = site.organisation(name="文艺队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.CULTURE,
                            leader=site.people["张德明"])
    with pytest.raises(RuleViolation) as refused:
        ops.revise_organisation(organisation=org, nature=Org.Nature.OPERATING, by=site.chair)
    assert refused.value.rule == Rule.R4A
    org.refresh_from_db()
    assert org.nature == Org.Nature.PUBLIC_WELFARE


def test_a_new_leader_ends_the_sitting_ones_term_the_day_before(site):
    org = site.organisation(leader=site.people["刘一"])
    ops.appoint_leader(organisation=org, person=site.people["陈二"], start=date(2026, 6, 1), by=site.chair)
    old, new = org.leaderships.order_by("start")
    assert old.end == date(2026, 5, 31) and new.end is None


def test_a_leader_who_becomes_a_cadre_later_is_flagged_with_the_date(site, client_for):
    org = site.organisation(leader=site.people["钱后"], founded_on=date(2026, 1, 5))
    assert queries.leaders_turned_cadre(Org.objects.all(), on=date(2026, 8, 31)) == []
    flagged = queries.leaders_turned_cadre(Org.objects.all(), on=date(2026, 9, 1))
    assert [(f.leadership.person.name, f.since, f.post) for f in flagged] == [
        ("钱后", date(2026, 9, 1), "村党支部委员")]
    # the dashboard and the list show it today (the term began 2026-09-01, before today)
    page = client_for(site.chair).get(reverse("admin:index")).content.decode()
    assert "R4a" in page and "钱后" in page and "2026-09-01" in page
    page = client_for(site.chair).get(reverse("admin:services_serviceorganisation_changelist")).content.decode()
    assert "钱后 自 2026-09-01 起任村党支部委员" in page
    assert org.leaderships.get().end is None  # flagged, not rewritten


def test_a_public_welfare_leader_who_becomes_a_cadre_is_not_flagged(site):
    site.organisation(name="保洁队", nature=Org.Nature.PUBLIC_WELFARE, category=Org.Category.SANITATION,
                      leader=site.people["钱后"])
    assert queries.leaders_turned_cadre(Org.objects.all(), on=date(2026, 10, 1)) == []


def test_the_admin_add_form_refuses_a_cadre_leader_in_the_rules_words(site, client_for):
    client = client_for(site.chair)
    data = {"cooperative": site.coop.pk, "name": "农机队", "form": "team", "nature": "operating",
            "category": "farming", "founded_on": "2026-01-05", "fee_mode": "none", "fee_rate": "0", "fee_fixed": "0",
            "leader": site.people["张德明"].pk,
            **{f"{prefix}-{key}": value for prefix in ("leaderships", "workers", "equipment")
               for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))}}
    response = client.post(reverse("admin:services_serviceorganisation_add"), data)
    assert response.status_code == 200 and "R4a" in response.content.decode()
    assert not Org.objects.exists()
    data["leader"] = site.people["刘一"].pk
    assert client.post(reverse("admin:services_serviceorganisation_add"), data).status_code == 302
    assert Org.objects.get().leaderships.get().person.name == "刘一"


def test_the_leadership_add_form_refuses_a_cadre(site, client_for):
    org = site.organisation()
    response = client_for(site.chair).post(reverse("admin:services_leadership_add"), {
        "organisation": org.pk, "person": site.people["张德明"].pk, "start": "2026-06-10"})
    assert response.status_code == 200 and "R4a" in response.content.decode()
    assert not Leadership.objects.exists()


def test_a_cadre_term_recorded_for_a_sitting_leader_does_not_rewrite_the_past(site):
    org = site.organisation(leader=site.people["刘一"])
    mem.record_cadre_term(village=site.world.v11, person=site.people["刘一"], post=CadreTerm.Post.COMMITTEE_MEMBER,
                          start=date(2026, 7, 1), by=site.officer)
    flagged = queries.leaders_turned_cadre(Org.objects.all(), on=date(2026, 7, 2))
    assert [f.since for f in flagged] == [date(2026, 7, 1)]
    assert org.leaderships.get().end is None
