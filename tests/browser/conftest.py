"""Browser tests: Debian's chromium driven by Playwright against a live server, as a user meets the pages.

Playwright's own browser download does not work here, so the system chromium is launched by path. Its sync API
runs an event loop in the test thread; the test's own database calls are plain synchronous ones, so Django's
async-safety guard is relaxed for these tests only, while each runs.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests import builders

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _sync_calls_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """A chromium per test: Playwright's event loop then stops before the live server's database is flushed."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_as(browser, live_server):
    """A page logged in through the real login form as the given user, at a given window width."""
    contexts = []

    def login(user, *, width=1400, height=900, language="zh-hans"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      extra_http_headers={"Accept-Language": language})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", builders.PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.base = live_server.url
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture
def world(transactional_db):
    return builders.world()


def box(page, selector):
    """The bounding box of the first element matching `selector` (x, y, width, height in CSS pixels)."""
    element = page.locator(selector).first
    element.wait_for()
    return element.bounding_box()


def choose(page, field, text):
    """Pick `text` in an admin autocomplete (select2) field, as a user types and clicks."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()
