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
    models = [m for m in apps.get_models() if m._meta.app_label in {"coop", "members", "finance", "projects",
                                                                     "services"}]
    return {m._meta.label: serializers.serialize("json", m._default_manager.order_by("pk")) for m in models}


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_the_demo_county_has_eleven_pilot_cooperatives(seeded):
    assert Cooperative.objects.count() == 11
    assert Village.objects.filter(cooperative__isnull=True).exists()  # non-pilot villages too
    assert all(hasattr(coop, "charter") for coop in Cooperative.objects.all())


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
