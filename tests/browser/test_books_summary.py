"""The county auditor's round of the books: the county summary, a ledger, two villages' PDF reports — and
nothing on the way that would change anything."""

import os
from datetime import date
from pathlib import Path

from django.urls import reverse

from coop.roles import Role
from tests import builders
from tests.builders import posted

RECEIPT = (("10201", "debit", "300.00"), ("501", "credit", "300.00"))
SAFE_POSTS = ("/logout/", "/i18n/setlang/")


def shot(page, name):
    if folder := os.environ.get("SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"books_summary-{name}.png"), full_page=True)


def nothing_to_change(page):
    """No form that can post anything but logout or the language switch (Django's view-only page keeps its
    <form method=post> with no button in it); no add, change or delete link."""
    actions = page.eval_on_selector_all("form", """forms => forms
        .filter(f => (f.method || 'get').toLowerCase() === 'post')
        .filter(f => f.querySelector('button:not([type=button]), input[type=submit], input[type=image]'))
        .map(f => f.action)""")
    assert all(any(safe in action for safe in SAFE_POSTS) for action in actions), actions
    changing = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ".filter(h => /\\/(add|delete|open-period|year-end|clear-openings)\\/|\\/step\\//.test(h))")
    assert not changing, changing
    assert not page.locator("a.addlink, a.changelink, a.deletelink, input[type=submit][name=_save]").count()


def test_the_auditor_reads_the_county_and_two_ledgers_and_can_change_nothing(books, page_as, live_server):
    posted(books.ledger, date(2026, 11, 3), RECEIPT, preparer=books.users[Role.CHAIRMAN], approver=books.officer_b)
    other = builders.ledger(books.v21, books.officer2)
    page = page_as(books.users[Role.AUDITOR], width=1280)

    page.goto(page.base + reverse("admin:index"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('finance:books_summary')}']").first.click()
    shot(page, "1-county")
    table = page.locator("table.coop-report-table")
    assert "桑园村" in table.inner_text() and "沙坝村" in table.inner_text() and "合计" in table.inner_text()
    width = page.evaluate("document.documentElement.clientWidth")
    table_box, scroll_box = table.bounding_box(), page.locator(".coop-report-scroll").bounding_box()
    assert table_box["width"] <= scroll_box["width"] + 1 and scroll_box["x"] + scroll_box["width"] <= width
    header_heights = page.eval_on_selector_all("table.coop-report-table th", "ths => ths.map(t => t.offsetHeight)")
    assert max(header_heights) <= 2.5 * min(header_heights)  # no header squeezed one character a line
    row = page.locator("table.coop-report-table tbody tr", has_text="桑园村")
    assert row.bounding_box()["height"] < 40  # a village's figures on one line
    overflowing = page.eval_on_selector_all(
        "table.coop-report-table td",
        "tds => tds.filter(td => td.scrollWidth > td.clientWidth).map(td => td.innerText)")
    assert not overflowing  # every figure fits its cell
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
