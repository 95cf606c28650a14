"""The chairman's members and shares, and the officer's decision on them, in a real browser: a roster imported
from Excel, two pay-ins recorded, one approved on its page and one rejected in bulk with a reason the chairman
then reads."""

import os

from django.urls import reverse

from coop.roles import Role
from members.imports.roster import HEADERS
from members.models import ShareTransaction
from tests.browser.conftest import box, choose
from tests.builders import id_number, xlsx

ROSTER = [
    ["101", "一组", "", "王建国", id_number(11), "户主", "13800000001", "是", "2019", "贫困户", "2016-06-01"],
    ["101", "一组", "", "李秀英", id_number(12), "配偶", "", "", "", "", ""],
    ["102", "二组", "", "张明华", id_number(13), "户主", "", "否", "", "能人大户", "2017-03-01"],
]


def shot(page, name):
    """A screenshot of the step for the CI artefacts, when SCREENSHOTS names a directory."""
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], f"member_pages-{name}.png"), full_page=True)


def pay_in(page, name, shares):
    page.goto(page.base + reverse("admin:members_sharetransaction_add"))
    page.select_option("#id_kind", "pay_in")
    choose(page, "member", name)
    page.fill("#id_shares", str(shares))
    page.fill("#id_on", "2026-11-02")
    with page.expect_navigation():
        page.click("input[name=_save]")


def test_a_chairman_imports_a_roster_records_pay_ins_and_reads_the_officers_decisions(books, page_as, media):
    chair, officer = books.users[Role.CHAIRMAN], books.users[Role.TOWNSHIP_OFFICER]
    page = page_as(chair)
    page.goto(page.base + reverse("members:import"))
    page.set_input_files("#id_file", files=[{"name": "花名册.xlsx", "buffer": xlsx(ROSTER, HEADERS),
                                             "mimeType": "application/vnd.openxmlformats-officedocument"
                                                         ".spreadsheetml.sheet"}])
    with page.expect_navigation():
        page.click("input[type=submit]")
    preview = page.locator("#roster-preview").inner_text()
    assert id_number(11) in preview and "13800000001" in preview and "配偶" in preview
    shot(page, "1-roster-preview")
    with page.expect_navigation():
        page.click("input[value='确认导入']")
    listed = page.locator("#result_list tbody tr")
    assert listed.count() == 2 and "王建国" in page.locator("#result_list").inner_text()
    shot(page, "2-imported-households")

    page.goto(page.base + reverse("admin:members_member_changelist"))
    table = page.locator("#result_list").inner_text()
    assert "合作社" not in page.locator("#result_list thead").inner_text() and "王建国户" in table
    shot(page, "3-members")

    pay_in(page, "王建国", 10)
    assert "待镇审批" in page.locator(".messagelist").inner_text()
    assert "¥1,000.00" in page.locator(".approval-amount").inner_text()
    shot(page, "4-pay-in-saved")
    pay_in(page, "张明华", 5)
    first, second = ShareTransaction.objects.filter(status="pending").order_by("number")

    desk = page_as(officer)
    desk.goto(desk.base + reverse("admin:members_sharetransaction_change", args=[first.pk]))
    with desk.expect_navigation():
        desk.click("button:has-text('审批入账')")
    assert "已审批入账" in desk.locator(".approval-state").inner_text()
    assert desk.locator(".approval-state a").count() == 1  # the voucher, once posted
    shot(desk, "5-approved")
    desk.goto(desk.base + reverse("admin:members_sharetransaction_changelist"))
    desk.check(f"input[name=_selected_action][value='{second.pk}']")
    desk.select_option("select[name=action]", "reject_selected")
    with desk.expect_navigation():
        desk.click("button[name=index]")
    reason = box(desk, "#id_reason")
    assert reason["width"] > 150
    desk.fill("#id_reason", "未见银行回单")
    shot(desk, "6-reject-reason")
    with desk.expect_navigation():
        desk.click("input[value='驳回']")
    assert "已驳回 1 笔" in desk.locator(".messagelist").inner_text()

    page.goto(page.base + reverse("admin:members_sharetransaction_change", args=[second.pk]))
    state = page.locator(".approval-state").inner_text()
    assert "已驳回" in state and "未见银行回单" in state
    shot(page, "7-chairman-reads-reason")
