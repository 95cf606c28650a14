import pytest
from django.db import connection

from tests import builders


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return builders.world()


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (force_login: django-axes needs a request for login())."""

    def login(user):
        client.force_login(user)
        return client

    return login


def on_postgres():
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
