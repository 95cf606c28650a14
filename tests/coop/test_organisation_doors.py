"""The county's organisation pages go through coop.operations: each add, change, delete and bulk delete a
county administrator can send is held to the operation's rules, refused with its words and never a 500."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coop import operations
from coop.errors import RuleViolation
from coop.models import Cooperative, County, Township, User, Village
from coop.roles import Role
from members import operations as mem
from tests import builders


def url(model, view, *args):
    return reverse(f"admin:coop_{model._meta.model_name}_{view}", args=args)


def messages_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users[Role.COUNTY_ADMIN])


def test_adding_a_township_outside_the_county_code_is_refused(world, admin_client):
    response = admin_client.post(url(Township, "add"), {
        "county": world.c1.pk, "name": "外县镇", "code": "610730002", "kind": "town", "default_cash_cap": "0"})
    assert response.status_code == 200 and "610729" in response.text
    assert not Township.objects.filter(code="610730002").exists()


def test_a_township_code_that_would_orphan_its_villages_is_refused(world, admin_client):
    response = admin_client.post(url(Township, "change", world.t1.pk), {
        "county": world.c1.pk, "name": "紫柏街道", "code": "610729009", "kind": "town", "default_cash_cap": "0"})
    assert response.status_code == 200 and "不能改为 610729009" in response.text
    assert Township.objects.get(pk=world.t1.pk).code == "610729001"


def test_a_village_with_a_cooperative_cannot_move_to_another_township(world, admin_client):
    response = admin_client.post(url(Village, "change", world.v11.pk), {
        "township": world.t2.pk, "name": "桑园村", "code": "610729101299", "size": "large"})
    assert response.status_code == 200 and "不能改属其他镇" in response.text
    assert Village.objects.get(pk=world.v11.pk).township == world.t1


def test_a_cooperative_with_books_cannot_move_to_another_village(world, admin_client):
    builders.ledger(world.v11, world.users[Role.TOWNSHIP_OFFICER])
    response = admin_client.post(url(Cooperative, "change", world.k11.pk), {
        "village": world.v22.pk, "name": world.k11.name, "chairman_name": "王书记", "founded_on": "2016-05-01",
        "credit_code": "", "address": ""})
    assert response.status_code == 200 and "不能迁往其他村" in response.text
    assert Cooperative.objects.get(pk=world.k11.pk).village == world.v11


def test_a_cooperative_with_members_cannot_move_to_another_village(world):
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="001", is_registered_poor=True, by=chair)
    mem.register_person(household=household, name="社员一", id_number=builders.id_number(1), by=chair)
    mem.admit_member(cooperative=world.k11, kind="poor_household", household=household,
                     joined_on=date(2025, 1, 1), by=chair)
    with pytest.raises(RuleViolation, match="不能迁往其他村"):
        operations.change_cooperative(cooperative=world.k11, village=world.v22, name=world.k11.name,
                                      chairman_name="王书记", founded_on=date(2016, 5, 1),
                                      by=world.users[Role.COUNTY_ADMIN])


def test_deleting_a_township_with_villages_answers_with_the_rule_not_an_error(world, admin_client):
    with pytest.raises(RuleViolation, match="不能删除"):
        operations.remove_unit(unit=world.t1, by=world.users[Role.COUNTY_ADMIN])
    response = admin_client.post(url(Township, "delete", world.t1.pk), {"post": "yes"})
    assert response.status_code in (200, 302)
    assert Township.objects.filter(pk=world.t1.pk).exists()


def test_an_empty_village_is_deleted_through_the_admin(world, admin_client):
    empty = builders.village(world.t2, "空村", "299")
    response = admin_client.post(url(Village, "delete", empty.pk), {"post": "yes"})
    assert response.status_code == 302 and not Village.objects.filter(pk=empty.pk).exists()


def test_a_login_that_acted_is_not_deleted_singly_or_in_bulk_and_an_unused_one_is(world, admin_client):
    mem.register_household(village=world.v21, number="001", is_registered_poor=True, by=world.chair21)
    unused = builders.account("unused", Role.AUDITOR, county=world.c1)
    response = admin_client.post(url(User, "delete", world.chair21.pk), {"post": "yes"})
    assert response.status_code == 302 and "请停用该账号" in messages_of(response)
    response = admin_client.post(url(User, "changelist"), {
        "action": "delete_selected", "post": "yes", "_selected_action": [world.chair21.pk, unused.pk]})
    assert response.status_code == 302 and "请停用该账号" in messages_of(response)
    assert User.objects.filter(pk=world.chair21.pk).exists()
    assert not User.objects.filter(pk=unused.pk).exists()


def test_a_county_admin_cannot_switch_off_or_demote_themselves(world, admin_client):
    me = world.users[Role.COUNTY_ADMIN]
    page = admin_client.get(url(User, "change", me.pk))
    data = {"username": me.username, "last_name": me.last_name, "first_name": me.first_name, "phone": "",
            "role": Role.AUDITOR, "county": world.c1.pk, "department": "", "is_active": "on"}
    assert page.status_code == 200
    response = admin_client.post(url(User, "change", me.pk), data)
    assert response.status_code == 200 and "不能修改自己的角色" in response.text
    del data["is_active"]
    data["role"] = Role.COUNTY_ADMIN
    response = admin_client.post(url(User, "change", me.pk), data)
    assert response.status_code == 200 and "停用自己" in response.text
    me.refresh_from_db()
    assert (me.role, me.is_active) == (Role.COUNTY_ADMIN, True)


def test_the_operation_refuses_a_login_outside_the_acting_county(world):
    with pytest.raises(RuleViolation, match="不在您的管辖范围内"):
        operations.open_account(username="intruder", password="A-strong-pass-91", role=Role.CHAIRMAN,
                                village=world.v31, by=world.users[Role.COUNTY_ADMIN])
    with pytest.raises(RuleViolation, match="不在您的管辖范围内"):
        operations.change_account(user=world.chair21, role=Role.CHAIRMAN, village=world.v31,
                                  by=world.users[Role.COUNTY_ADMIN])
    assert not User.objects.filter(username="intruder").exists()
    assert User.objects.get(pk=world.chair21.pk).village == world.v21


def test_a_county_admin_never_makes_a_superuser(world, admin_client):
    response = admin_client.post(url(User, "add"), {
        "username": "boss", "usable_password": "true", "password1": "A-strong-pass-91",
        "password2": "A-strong-pass-91", "role": Role.AUDITOR, "county": world.c1.pk, "is_superuser": "on"})
    assert response.status_code == 302
    assert User.objects.get(username="boss").is_superuser is False
    root = User.objects.create_superuser("root", password="A-strong-pass-91")
    with pytest.raises(RuleViolation):
        operations.change_account(user=root, is_active=False, by=world.users[Role.COUNTY_ADMIN])


def test_a_county_admin_cannot_rename_another_county(world):
    with pytest.raises(RuleViolation):
        operations.change_county(county=world.c2, name="改名县", code=world.c2.code,
                                 by=world.users[Role.COUNTY_ADMIN])
    assert County.objects.get(pk=world.c2.pk).name == "佛坪县"
