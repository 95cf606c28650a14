import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public pages' cache and rate-limit counters live in the process's cache: each test starts empty."""
    cache.clear()
    yield
    cache.clear()
