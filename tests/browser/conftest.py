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
            # The live server reads committed rows; serialized rollback puts back what migrations loaded (the
            # charts of accounts) for the tests that run after this one in the same process.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


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
def world(db):
    return builders.world()


@pytest.fixture
def books(world):
    """桑园村's books (bank account 10201) and one registered-poor member who paid in 12 shares (approved)."""
    from datetime import date

    from coop.roles import Role
    from finance import operations as fin
    from finance.models import Account
    from members import operations as mem

    officer, chair = world.users[Role.TOWNSHIP_OFFICER], world.users[Role.CHAIRMAN]
    world.ledger = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    household = mem.register_household(village=world.v11, number="001", is_registered_poor=True, by=chair)
    world.person = mem.register_person(household=household, name="李桂芳", id_number=builders.id_number(1), by=chair)
    world.member = mem.admit_member(cooperative=world.k11, kind="poor_household", household=household,
                                    joined_on=date(2025, 1, 10), by=chair)
    world.officer_b = builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1, full_name="赵会计")
    tx = mem.record_share_transaction(cooperative=world.k11, kind="pay_in", member=world.member, shares=12,
                                      on=date(2026, 11, 2), by=chair)
    mem.approve_share_transaction(tx=tx, by=officer)
    return world


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


def shot(page, name: str) -> None:
    """A screenshot of the step, kept as a CI artefact when SCREENSHOTS names a directory (.ci/run sets it)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
