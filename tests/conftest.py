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


def pytest_configure(config):
    """Tests that keep what they printed or saw for a look write into $SCREENSHOTS; make sure it is there."""
    import os

    if os.environ.get("SCREENSHOTS"):
        os.makedirs(os.environ["SCREENSHOTS"], exist_ok=True)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def media(settings, tmp_path):
    """Files written by the test (report jobs' output, uploads) go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_worker(media):
    """Runs the real worker command (django-tasks-db's db_worker) in-process on the test database until the
    queue is empty. Needs a transactional test (`pytest.mark.django_db(transaction=True, serialized_rollback=True)`):
    the worker manages its own transactions and connections. Its signal handlers are put back afterwards."""
    import signal

    from django.core.management import call_command

    def run():
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        saved = {s: signal.getsignal(s) for s in signals}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
                         verbosity=0)
        finally:
            for s, handler in saved.items():
                signal.signal(s, handler)

    return run
