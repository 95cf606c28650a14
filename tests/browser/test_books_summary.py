"""The county auditor's round of the books: the county summary, a ledger, two villages' PDF reports — and
nothing on the way that would change anything."""

import os
from datetime import date
from pathlib import Path

from django.urls import reverse

from coop.roles import Role
from tests import builders
from tests.builders import posted
from tests.fund.conftest import fund_world, lend, paper_world  # noqa: F401  the fund's world, on `world`
from tests.projects.conftest import ProjectBuilder

RECEIPT = (("10201", "debit", "300.00"), ("501", "credit", "300.00"))
SAFE_POSTS = ("/logout/", "/i18n/setlang/")


def shot(page, name):
    if folder := os.environ.get("SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"books_summary-{name}.png"), full_page=True)


def nothing_to_change(page):
    """No form that can post anything but logout or the language switch (Django's view-only page keeps its
    <form method=post> with no button in it); no add, change or delete link — but for supervision's, where the
    auditors record their own inspections and findings (R8, the third line)."""
    actions = page.eval_on_selector_all("form", """forms => forms
        .filter(f => (f.method || 'get').toLowerCase() === 'post')
        .filter(f => f.querySelector('button:not([type=button]), input[type=submit], input[type=image]'))
        .map(f => f.action)""")
    assert all(any(safe in action for safe in SAFE_POSTS) for action in actions), actions
    changing = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ".filter(h => !h.startsWith('/admin/supervision/'))"
        ".filter(h => /\\/(add|delete|open-period|year-end|clear-openings)\\/|\\/step\\//.test(h))")
    assert not changing, changing
    assert not page.locator(":is(a.addlink, a.changelink, a.deletelink):not([href^='/admin/supervision/']), "
                            "input[type=submit][name=_save]").count()


def fits_one_line_a_village(page, village):
    """Both tables of the summary at the page's width: each inside its scroll box and the window, no header squeezed
    one character a line, the village's figures on one line, every figure inside its cell."""
    width = page.evaluate("document.documentElement.clientWidth")
    scrolls = page.locator(".coop-report-scroll")
    assert scrolls.count() == 2
    for at in range(2):
        scroll = scrolls.nth(at)
        table, scroll_box = scroll.locator("table.coop-report-table"), scroll.bounding_box()
        assert table.bounding_box()["width"] <= scroll_box["width"] + 1, at
        assert scroll_box["x"] + scroll_box["width"] <= width, at
        header_heights = table.locator("th").evaluate_all("ths => ths.map(t => t.offsetHeight)")
        assert max(header_heights) <= 2.5 * min(header_heights), at
        line = table.locator("tbody tr", has_text=village).bounding_box()["height"]
        total = table.locator("tbody tr.total").bounding_box()["height"]
        assert line < 40 and total < 40, (at, line, total)
        overflowing = table.locator("td").evaluate_all(
            "tds => tds.filter(td => td.scrollWidth > td.clientWidth).map(td => td.innerText)")
        assert not overflowing, (at, overflowing)


def test_the_auditor_reads_the_county_and_two_ledgers_and_can_change_nothing(books, page_as, live_server):
    posted(books.ledger, date(2026, 11, 3), RECEIPT, preparer=books.users[Role.CHAIRMAN], approver=books.officer_b)
    other = builders.ledger(books.v21, books.officer2)
    page = page_as(books.users[Role.AUDITOR], width=1280)

    page.goto(page.base + reverse("admin:index"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('finance:books_summary')}']").first.click()
    shot(page, "1-county")
    tables = page.locator("table.coop-report-table")
    assert tables.count() == 2  # the ledger's and the registers' (业务台账)
    for table in (tables.nth(0), tables.nth(1)):
        assert "桑园村" in table.inner_text() and "沙坝村" in table.inner_text() and "合计" in table.inner_text()
    fits_one_line_a_village(page, "桑园村")
    row = tables.nth(0).locator("tbody tr", has_text="桑园村")
    nothing_to_change(page)

    with page.expect_navigation():
        row.locator("a", has_text="桑园村").click()
    assert reverse("admin:finance_ledger_change", args=[books.ledger.pk]) in page.url
    shot(page, "2-ledger")
    nothing_to_change(page)

    for ledger in (books.ledger, other):
        url = reverse("finance:report", args=[ledger.village.code, "balance-sheet"])
        page.goto(page.base + url + "?year=2026&month=11")
        shot(page, f"3-report-{ledger.village.code}")
        nothing_to_change(page)
        pdf_href = page.locator("a", has_text="打印PDF").get_attribute("href")
        response = page.request.get(page.base + url + pdf_href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")


def test_both_tables_fit_1280_px_with_the_funds_and_projects_figures(fund_world, media, page_as):  # noqa: F811
    b = fund_world
    lend(b, b.members[0], "5000")
    lend(b, b.members[1], "4000")
    ProjectBuilder(b).at("accepted")
    builders.ledger(b.world.v12, b.officer)
    builders.ledger(b.world.v21, b.world.officer2)
    page = page_as(b.world.users[Role.AUDITOR], width=1280)
    page.goto(page.base + reverse("finance:books_summary") + "?start=2026-01&end=2026-11")
    shot(page, "4-registers")
    fits_one_line_a_village(page, "桑园村")
    registers = page.locator("#registers").inner_text()
    assert "业务台账" in registers and "互助资金" in registers and "项目代建" in registers
    assert "300,000.00" in registers and "9,000.00" in registers and "250,000.00" in registers
    assert "互助资金" not in page.locator("table.coop-report-table").first.inner_text()
