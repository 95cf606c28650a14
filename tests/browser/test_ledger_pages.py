"""The ledger's pages as the township clerk meets them: the ledger page's layout, the voucher's workflow with a
confirmation before posting, and the print."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from coop.roles import Role

RECEIPT = (("10201", "debit", "300.00"), ("501", "credit", "300.00"))


def shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOTS"]) / f"ledger-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 1920])
def test_report_buttons_stand_on_one_line_and_periods_follow_them(books, page_as, width):
    page = page_as(books.users[Role.TOWNSHIP_OFFICER], width=width)
    page.goto(page.base + reverse("admin:finance_ledger_change", args=[books.ledger.pk]))
    shot(page, f"ledger-{width}")
    reports = page.locator("fieldset.module", has_text="报表")
    buttons = reports.locator("a.button")
    assert buttons.count() >= 7
    for i in range(buttons.count()):
        button = buttons.nth(i)
        size = button.bounding_box()
        text_width = button.evaluate("b => { const r = document.createRange(); r.selectNodeContents(b);"
                                     " return r.getBoundingClientRect().width; }")
        assert size["width"] >= text_width, button.inner_text()
        assert size["height"] < 60, button.inner_text()  # one line of text, not one character a line
    first, periods = buttons.first.bounding_box(), page.locator("fieldset.module", has_text="会计期间").locator(
        "table").bounding_box()
    assert periods["y"] < first["y"] + 300  # right under the buttons, not pushed down the page
    assert periods["width"] > 400
