import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The breach log's own connection reaches the same test database as the default one. Its flush after a
    transactional test must not recreate content types behind the default's serialized copy: it is given an empty
    copy of its own, which also tells Django not to run post_migrate for it."""
    from django.db import connections

    if "breaches" in connections:
        connections["breaches"]._test_serialized_contents = "[]"
