"""The ledger's pages as the township clerk meets them: the ledger page's layout, the voucher's workflow with a
confirmation before posting, and the print."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from coop.roles import Role
from finance import operations as fin
from tests.builders import lines

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


def voucher_page(page, voucher):
    page.goto(page.base + reverse("admin:finance_voucher_change", args=[voucher.pk]))


def step_form(page, voucher, step):
    return page.locator(f"form[action='{reverse('admin:finance_voucher_step', args=[voucher.pk, step])}']")


def test_the_officer_reviews_returns_posts_with_confirmation_and_prints(books, page_as):
    chair, officer = books.users[Role.CHAIRMAN], books.users[Role.TOWNSHIP_OFFICER]
    first, second = (fin.submit(voucher=fin.prepare(ledger=books.ledger, on=date(2026, 11, day), lines=lines(*RECEIPT),
                                                    by=chair), by=chair) for day in (3, 4))
    own = fin.submit(voucher=fin.prepare(ledger=books.ledger, on=date(2026, 11, 5), lines=lines(*RECEIPT),
                                         by=officer), by=officer)
    page = page_as(officer)

    voucher_page(page, own)
    shot(page, "own-voucher")
    assert step_form(page, own, "review").count() == 0
    assert "另一位镇财政所人员审核" in page.locator(".voucher-workflow").inner_text()

    voucher_page(page, first)
    with page.expect_navigation():
        step_form(page, first, "review").locator("button").click()
    shot(page, "reviewed")
    first.refresh_from_db()
    assert first.status == "reviewed"

    voucher_page(page, second)
    form = step_form(page, second, "return")
    form.locator("input[name=reason]").fill("附件不全,请补充收据")
    with page.expect_navigation():
        form.locator("button").click()
    shot(page, "returned")
    second.refresh_from_db()
    assert (second.status, second.note) == ("returned", "附件不全,请补充收据")

    voucher_page(page, first)
    with page.expect_navigation():
        page.locator(".voucher-workflow a", has_text="记账").click()
    shot(page, "post-confirmation")
    confirmation = page.locator("#content-main").inner_text()
    assert first.number_label in confirmation and "¥300.00" in confirmation and "叁佰元整" in confirmation
    assert "不能修改" in confirmation
    first.refresh_from_db()
    assert first.status == "reviewed"  # nothing is posted before the confirmation
    with page.expect_navigation():
        page.locator("input[type=submit]", has_text="确认记账").click()
    shot(page, "posted")
    first.refresh_from_db()
    assert first.status == "posted" and first.posted_by == officer

    printed = page.request.get(page.base + reverse("admin:finance_voucher_print", args=[first.pk]))
    assert printed.headers["content-type"] == "application/pdf" and printed.body()[:5] == b"%PDF-"
    assert page.locator(f"a[href='{reverse('admin:finance_voucher_print', args=[first.pk])}']").count() == 1
