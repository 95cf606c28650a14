"""coop.access: the one mechanism that turns a user into villages and rights."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group

from coop import access, checks
from coop.models import User, Village
from coop.queries import current_charter
from coop.roles import Role


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_chairman_sees_only_their_village(world):
    assert names(access.villages_of(world.users[Role.CHAIRMAN])) == {"桑园村"}


def test_township_officer_sees_only_their_township(world):
    assert names(access.villages_of(world.users[Role.TOWNSHIP_OFFICER])) == {"桑园村", "小留坝村"}


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.AUDITOR, Role.INSPECTOR])
def test_county_roles_see_their_whole_county_and_nothing_beyond(world, role):
    assert names(access.villages_of(world.users[role])) == {"桑园村", "小留坝村", "沙坝村", "两河口村"}


def test_an_inactive_or_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[Role.COUNTY_ADMIN]
    user.is_active = False
    assert not access.villages_of(user).exists()
    assert not access.villages_of(AnonymousUser()).exists()
    assert access.actions_for(AnonymousUser(), Village) == frozenset()


def test_visible_is_one_query_whatever_the_scope(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(access.visible(world.users[Role.TOWNSHIP_OFFICER], Village.objects.all()))


def test_a_user_outside_every_county_sees_no_users_of_another(world):
    seen = set(access.visible(world.admin2, User.objects.all()).values_list("username", flat=True))
    assert seen == {"admin2", "chair31"}


def test_contains_judges_a_deleted_object_by_the_village_it_belonged_to(world):
    chairman, other = world.users[Role.CHAIRMAN], world.chair21
    charter = current_charter(world.k11)
    pk = charter.pk
    charter.delete()
    last = type(charter).history.filter(id=pk).latest("history_date").instance
    assert access.contains(chairman, last)
    assert not access.contains(other, last)


def test_rights_cannot_be_declared_twice_for_a_model():
    with pytest.raises(ValueError):
        access.grant({Village: {Role.CHAIRMAN: {"view"}}})


def test_an_admin_that_bypasses_scope_is_refused_at_start_up():
    admin.site.register(Group, admin.ModelAdmin)
    try:
        ids = {e.id for e in checks.every_admin_is_scoped(None)}
    finally:
        admin.site.unregister(Group)
    assert {"coop.E001", "coop.E002", "coop.E003"} <= ids


def test_the_project_passes_its_own_scope_check():
    assert checks.every_admin_is_scoped(None) == []
