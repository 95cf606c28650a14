"""What a user reads when things are quiet or go wrong: a voucher's history, the 帮助 guides, a refused login and
an error page — in a real browser, in Chinese, with the way back."""

import os
import re
from datetime import date
from pathlib import Path

from django.urls import reverse

from coop.roles import Role
from finance import operations as fin
from tests import builders
from tests.browser.conftest import box
from tests.builders import lines

RECEIPT = (("10201", "debit", "300.00"), ("501", "credit", "300.00"))


def shot(page, name):
    """A screenshot of the step into $SCREENSHOTS, when set (CI keeps them as artefacts)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"history_and_help-{name}.png"), full_page=True)


def test_a_vouchers_history_reads_in_chinese_with_local_times(books, page_as):
    chair, officer = books.users[Role.CHAIRMAN], books.users[Role.TOWNSHIP_OFFICER]
    voucher = fin.prepare(ledger=books.ledger, on=date(2026, 11, 3), lines=lines(*RECEIPT), by=chair)
    fin.submit(voucher=voucher, by=chair)
    fin.review(voucher=voucher, by=officer)
    fin.post(voucher=voucher, by=books.officer_b)
    page = page_as(books.users[Role.AUDITOR], width=1280)
    page.goto(page.base + reverse("admin:finance_voucher_change", args=[voucher.pk]))
    with page.expect_navigation():
        page.locator("a.historylink").click()
    table = page.locator("#change-history")
    text = table.inner_text()
    shot(page, "voucher-history")
    assert "状态:已审核 → 已记账" in re.sub(r"\s+", "", text).replace("→", " → ")
    assert "审核人:空 → 测试用户" in re.sub(r"\s+", "", text).replace("→", " → ")
    assert "None" not in text and "CHANGES" not in text.upper() and "draft" not in text
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in table.locator("time").all_inner_texts())
    changes, when = box(page, "td.coop-history-changes"), box(page, "td.coop-history-when time")
    assert changes["width"] > 300  # the changes are read across, not one character a line
    assert when["height"] < 30  # the time stays on one line


def test_the_help_link_opens_the_users_guide_and_links_between_guides_work(books, page_as):
    page = page_as(books.users[Role.CHAIRMAN])
    with page.expect_navigation():
        page.locator("a.coop-help-link").click()
    assert page.url.endswith("/help/chairman/")
    assert page.locator(".coop-guide h1").inner_text() == "合作社理事长使用指南"
    shot(page, "chairman-guide")
    with page.expect_navigation():
        page.locator(".coop-guide a[href='/help/members/']").first.click()
    assert page.locator(".coop-guide h1").inner_text() == "社员与股金使用指南"
    page.goto(page.base + "/help/township-officer/")
    with page.expect_navigation():
        page.locator(".coop-guide a[href^='/help/chairman/#']").first.click()
    heading = page.locator("h3#制单")
    assert heading.is_visible() and 0 <= heading.bounding_box()["y"] < 300  # scrolled to the linked heading
    shot(page, "linked-heading")


def test_a_refused_login_says_how_many_tries_and_whom_to_call(books, browser, live_server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", books.users[Role.CHAIRMAN].username)
    page.fill("#id_password", "not-" + builders.PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    note = page.locator(".errornote").inner_text()
    shot(page, "login-refused")
    assert "连续输错 5 次" in note and "30 分钟" in note and "镇财政所或县级管理员" in note
    context.close()


def test_a_bad_report_address_is_a_chinese_page_with_the_way_back(books, page_as):
    page = page_as(books.users[Role.TOWNSHIP_OFFICER])
    url = reverse("finance:report", args=[books.v11.code, "trial-balance"])
    response = page.goto(page.base + url + "?year=2026&month=13")
    assert response.status == 400
    assert "月份" in page.locator(".errornote").inner_text()
    shot(page, "bad-request")
    with page.expect_navigation():
        page.get_by_role("link", name="返回工作台").click()
    assert page.url.endswith("/admin/")
    response = page.goto(page.base + "/admin/no/such/page/")
    assert response.status == 404 and "页面不存在" in page.locator("h1").inner_text()
    shot(page, "not-found")
