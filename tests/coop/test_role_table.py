"""Roles in one place: each role's scope level is one row of coop.roles.SCOPE_LEVEL, and every reading of a
scope (the login's field, its villages and townships, the database constraint) derives from it. Admin actions
a role may not use are hidden by a right declared on the admin class, not by per-admin code."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse

from coop import access, roles
from coop.admin_base import ScopedAdmin
from coop.models import User
from coop.roles import Level, Role
from tests import builders


def test_moving_a_role_to_another_level_is_one_edit_of_the_table(world, monkeypatch):
    monkeypatch.setitem(roles.SCOPE_LEVEL, Role.INSPECTOR, Level.TOWNSHIP)
    inspector = User(username="insp", role=Role.INSPECTOR, township=world.t1, is_active=True)
    inspector.clean()
    assert Role.scope_field(Role.INSPECTOR) == "township"
    assert Role.INSPECTOR not in Role.county_wide()
    assert set(access.villages_of(inspector)) == {world.v11, world.v12}
    assert set(access.townships_of(inspector)) == {world.t1}


def test_every_role_sees_the_villages_of_its_tables_level(world):
    expected = {Level.COUNTY: {world.v11, world.v12, world.v21, world.v22}, Level.TOWNSHIP: {world.v11, world.v12},
                Level.VILLAGE: {world.v11}}
    for role, user in world.users.items():
        assert set(access.villages_of(user)) == expected[roles.SCOPE_LEVEL[role]], role


@pytest.mark.parametrize("role", list(Role))
def test_the_database_holds_each_login_to_its_tables_level(world, role):
    scope = {Level.COUNTY: world.c1, Level.TOWNSHIP: world.t1, Level.VILLAGE: world.v11}
    level = roles.SCOPE_LEVEL[role]
    user = builders.account(f"u_{role.value}", role, **{level.value: scope[level]})
    for other in set(Level) - {level}:
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=user.pk).update(**{level.value: None, other.value: scope[other]})


def test_no_admin_hides_its_actions_by_hand():
    by_hand = [type(model_admin).__name__ for model_admin in admin.site._registry.values()
               if type(model_admin).get_actions is not ScopedAdmin.get_actions]
    assert by_hand == []


@pytest.mark.parametrize(("role", "offered"), [(Role.TOWNSHIP_OFFICER, True), (Role.CHAIRMAN, False),
                                               (Role.AUDITOR, False)])
def test_the_approve_action_is_offered_only_to_a_role_with_the_right(world, client_for, role, offered):
    response = client_for(world.users[role]).get(reverse("admin:members_sharetransaction_changelist"))
    assert response.status_code == 200
    names = {name for name, _ in response.context["action_form"].fields["action"].choices} \
        if response.context.get("action_form") else set()
    assert ("approve_selected" in names) is offered


def test_the_organisation_app_imports_no_domain_app():
    domain = {"finance", "members", "projects", "services"}
    found = []
    for path in Path(__file__).resolve().parents[2].joinpath("coop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in domain]
    assert found == []


def test_the_domain_apps_register_their_demo_parts_in_order():
    """期初股金 needs the ledger and comes before its opening balances; pay-ins and the bank loan post into those
    books; November's bank statement shows the pay-ins; the months are reconciled and closed after every part;
    the disclosures, last, freeze the figures all the others leave."""
    from coop import demo

    paths = [path for _, path in demo._PARTS]
    order = ["finance.demo.open_books", "members.demo.seed", "finance.fund.demo.carry_over", "finance.demo.seed",
             "finance.bankloan.demo.seed",
             "finance.fund.demo.seed", "members.demo.pay_ins", "projects.demo.seed", "services.demo.seed",
             "distribution.demo.seed", "finance.demo.close_months", "finance.demo.bank_statements",
             "disclosure.demo.seed", "supervision.demo.seed"]
    assert paths[-1] == "supervision.demo.seed"  # last: it reads every register's books and refusals
    assert [path for path in paths if path in order] == order
