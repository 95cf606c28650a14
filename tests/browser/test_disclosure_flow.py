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
