"""seed_demo: the demo county loads, a second run changes nothing, and every printed login works."""

import io
import re

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from coop import demo
from coop.models import Cooperative, Village

pytestmark = pytest.mark.smoke


def snapshot():
    """Every row of every table the project owns, history included, serialised."""
    models = [m for m in apps.get_models() if m._meta.app_label in {"coop", "members", "finance", "bankloan",
                                                                     "projects", "services"}]
    return {m._meta.label: serializers.serialize("json", m._default_manager.order_by("pk")) for m in models}


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo county, seeded once for the module (it takes a while: 1,017 households each paying in
    through the register) inside a transaction rolled back at the end."""
    from django.db import transaction
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _db(db):
    """Each test still runs in its own savepoint, inside the module's seeded transaction."""


def test_the_demo_county_has_eleven_pilot_cooperatives(seeded):
    assert Cooperative.objects.count() == 11
    assert Village.objects.filter(cooperative__isnull=True).exists()  # non-pilot villages too
    assert all(coop.charters.exists() for coop in Cooperative.objects.all())


def test_the_demo_reproduces_the_county_figures_and_the_register_equals_the_ledger(seeded):
    from decimal import Decimal

    from finance import queries as ledger_queries
    from finance.models import Account
    from members.demo import totals
    from members.queries import total_capital

    assert totals() == (1017, Decimal("1844000.00"))
    for coop in Cooperative.objects.select_related("village__ledger"):
        accounts = Account.objects.filter(village=coop.village, code__startswith="301")
        in_ledger = sum((ledger_queries.balance_of(coop.village.ledger, a) for a in accounts), Decimal("0"))
        assert in_ledger == total_capital(coop), coop


def test_seeding_twice_gives_the_same_database(seeded):
    before = snapshot()
    seed()
    assert snapshot() == before


def printed_logins(output):
    """(username, role) for each line of the printed table."""
    return re.findall(r"^([a-z_]+)\s+(\S+)\s+\S+$", output, flags=re.MULTILINE)


def test_every_printed_login_works(seeded, client):
    logins = printed_logins(seeded)
    assert len({role for _, role in logins}) == 5, "at least one login per role"
    assert demo.DEMO_PASSWORD in seeded
    for username, _ in logins:
        response = client.post(reverse("admin:login"), {"username": username, "password": demo.DEMO_PASSWORD,
                                                        "next": reverse("admin:index")})
        assert response.status_code == 302, f"{username} cannot log in"
        assert client.get(reverse("admin:index")).status_code == 200
        client.logout()
