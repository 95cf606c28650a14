"""The organisation's people and equipment through the admin: a leader's and a worker's end of office by the list's
action (their operations), the equipment's condition and place changed on its page (its value and source stay as
recorded), each refused in words where the rule says no, and not offered to the county's readers."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coop.errors import RuleViolation
from services import operations as ops
from services.models import Equipment, Leadership, Worker
from services.models import ServiceOrganisation as Org


@pytest.fixture
def team(site):
    org = site.organisation(fee_mode=Org.FeeMode.RATE, fee_rate=Decimal("10"), leader=site.people["刘一"])
    ops.add_worker(organisation=org, person=site.people["陈二"], start=date(2026, 2, 1), duty="机手", by=site.chair)
    return org


def _act(client, model, action, rows):
    return client.post(reverse(f"admin:services_{model}_changelist"),
                       {"action": action, "_selected_action": [row.pk for row in rows]}, follow=True)


def test_the_chairman_ends_a_leader_and_a_worker_by_the_lists_action(site, team, client_for):
    client = client_for(site.chair)
    leader = Leadership.objects.get(organisation=team)
    worker = Worker.objects.get(organisation=team)
    assert "已办理 1 位领办人离任" in _act(client, "leadership", "end_today", [leader]).text
    assert "已办理 1 位人员退出" in _act(client, "worker", "end_today", [worker]).text
    leader.refresh_from_db()
    worker.refresh_from_db()
    assert leader.end == worker.end == timezone.localdate()
    with pytest.raises(RuleViolation):  # ended once: the operation refuses a second end
        ops.end_leadership(leadership=leader, end=timezone.localdate(), by=site.chair)
    with pytest.raises(RuleViolation):
        ops.end_worker(worker=worker, end=date(2026, 1, 1), by=site.chair)


def test_the_county_reads_the_leaders_but_is_not_offered_their_end(site, team, client_for):
    client = client_for(site.auditor)
    page = client.get(reverse("admin:services_leadership_changelist")).text
    assert "刘一" in page and "end_today" not in page
    _act(client, "leadership", "end_today", Leadership.objects.filter(organisation=team))
    assert Leadership.objects.get(organisation=team).end is None


def test_the_equipment_page_changes_its_condition_and_place_and_nothing_else(site, team, client_for):
    tractor = ops.register_equipment(organisation=team, name="拖拉机", kind="machinery", value=Decimal("38000"),
                                     source="collective", location="村委会院内", acquired_on=date(2026, 1, 10),
                                     by=site.chair)
    client = client_for(site.chair)
    url = reverse("admin:services_equipment_change", args=[tractor.pk])
    response = client.post(url, {"condition": "worn", "location": "农机站维修", "value": "1"})
    assert response.status_code == 302
    tractor.refresh_from_db()
    assert (tractor.condition, tractor.location, tractor.value) == ("worn", "农机站维修", Decimal("38000.00"))
    assert tractor.history.first().history_user == site.chair
    assert client_for(site.auditor).post(url, {"condition": "scrapped", "location": "x"}).status_code == 403
    with pytest.raises(RuleViolation):
        ops.update_equipment(equipment=tractor, condition="stolen", by=site.chair)
    assert Equipment.objects.get(pk=tractor.pk).condition == "worn"
