"""The clerk drafts the quarter's sheet, the committee's sign-off is recorded, it is published, and a phone opens
it from the QR code's address; the county summary at 1280 px with its figures and links."""

from datetime import date

from coop.roles import Role
from disclosure.models import CommitteeMember, Disclosure
from tests.browser.conftest import box, shot


def run_action(page, name):
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", name)
    page.click("button[name=index]")


def test_a_quarter_sheet_from_draft_to_a_phone(books, page_as, browser):
    CommitteeMember.objects.create(village=books.v11, name="李监督", post="chair", start=date(2025, 1, 1))
    chair = page_as(books.users[Role.CHAIRMAN])
    chair.goto(chair.base + "/admin/disclosure/disclosure/add/")
    chair.select_option("#id_village", label=str(books.v11))
    chair.select_option("#id_period", "quarter")
    chair.fill("#id_year", "2026")
    chair.fill("#id_number", "4")
    chair.click("input[name=_save]")
    disclosure = Disclosure.objects.get()
    officer = page_as(books.users[Role.TOWNSHIP_OFFICER])
    officer.goto(officer.base + f"/admin/disclosure/disclosure/{disclosure.pk}/change/")
    officer.select_option("#id_reviewers", label="桑园村 主任 李监督")
    officer.click("input[name=_save]")
    officer.goto(officer.base + "/admin/disclosure/disclosure/")
    run_action(officer, "sign_off_selected")
    chair.goto(chair.base + "/admin/disclosure/disclosure/?status__exact=signed")
    run_action(chair, "publish_selected")
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.PUBLISHED
    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN").new_page()
    phone.goto(chair.base + f"/gk/{books.v11.code}/{disclosure.pk}/")
    assert "股金" in phone.content()
    for table in range(phone.locator("table.gk-table").count()):
        assert phone.locator("table.gk-table").nth(table).bounding_box()["width"] <= 375
    shot(phone, "disclosure_phone")


def test_the_county_summary_at_1280(books, page_as):
    page = page_as(books.users[Role.AUDITOR], width=1280)
    page.goto(page.base + "/county-summary/")
    table = box(page, "table.coop-report-table")
    assert table["width"] <= 1280
    assert page.locator("table.coop-report-table a").count() >= 5
    shot(page, "county_summary")


def test_a_villager_asks_from_the_qr_code_and_reads_the_chairmans_reply(books, page_as, browser):
    from django.core.cache import cache

    from disclosure import operations

    cache.clear()  # the public pages' rate-limit counters of earlier tests in this process
    member = CommitteeMember.objects.create(village=books.v11, name="李监督", post="chair", start=date(2025, 1, 1))
    chair_user = books.users[Role.CHAIRMAN]
    draft = operations.draft(village=books.v11, period="quarter", year=2026, number=4, by=chair_user)
    operations.sign_off(disclosure=draft, members=[member], by=books.users[Role.TOWNSHIP_OFFICER])
    sheet = operations.publish(disclosure=draft, by=chair_user)
    chair = page_as(chair_user)
    chair.goto(chair.base + f"/disclosure/{sheet.pk}/")
    url = chair.locator(".gk-qr").get_attribute("data-public-url")  # what the QR code encodes
    assert url.endswith(f"/gk/{books.v11.code}/{sheet.pk}/")

    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN",
                                is_mobile=True, has_touch=True).new_page()
    phone.goto(url)
    phone.fill("#id_text", "第四季度的股金收入是哪几户交的?")
    phone.fill("#id_name", "王大伯")
    phone.fill("#id_phone", "13991234567")
    phone.click(".gk-ask button[type=submit]")
    phone.wait_for_url("**?asked=1*")
    assert "已收到您的疑问" in phone.content() and "待答复" in phone.content()
    assert "13991234567" not in phone.content()
    form = box(phone, ".gk-ask form")
    assert form["x"] >= 0 and form["x"] + form["width"] <= 375  # the form fits the phone, no sideways scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "disclosure_phone_question")

    chair.goto(chair.base + "/admin/")
    chair.click("text=待答复的村民质询")
    chair.click("text=第四季度的股金收入")
    chair.wait_for_url("**/change/**")
    chair.locator("#content").wait_for()  # the page has loaded, not only its head
    assert "13991234567" in chair.content()  # the village calls back
    chair.fill("#id_reply", "股金收入为本季度新入社的1户缴纳,名单在村委会公示栏。")
    shot(chair, "disclosure_question_reply")
    chair.click("input[name=_save]")

    phone.goto(url)
    reply = phone.locator(".q-reply")
    assert "股金收入为本季度新入社的1户缴纳" in reply.inner_text()
    assert reply.bounding_box()["width"] <= 375
    shot(phone, "disclosure_phone_reply")
