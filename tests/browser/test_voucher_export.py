"""The voucher list's 导出 Excel as the township officer meets it: filter by village and month, read the 合计 under
the list, export, and find in the file exactly the rows on the screen and the same total."""

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from coop.roles import Role
from tests import builders
from tests.browser.conftest import box, shot
from tests.builders import posted


def test_the_officer_exports_the_filtered_voucher_list_with_its_total(books, page_as):
    officer, officer_b, chair = books.users[Role.TOWNSHIP_OFFICER], books.officer_b, books.users[Role.CHAIRMAN]
    for day, amount in ((8, "300.00"), (20, "450.50")):
        posted(books.ledger, date(2026, 10, day), (("10201", "debit", amount, "收服务费"), ("501", "credit", amount)),
               preparer=chair, approver=officer_b)
    posted(books.ledger, date(2026, 11, 9), (("10201", "debit", "99.00"), ("501", "credit", "99.00")),
           preparer=chair, approver=officer_b)
    neighbour = builders.ledger(books.v12, officer)
    posted(neighbour, date(2026, 10, 8), (("102", "debit", "1000.00"), ("501", "credit", "1000.00")),
           preparer=officer_b, approver=officer)

    page = page_as(officer)
    page.goto(page.base + reverse("admin:finance_voucher_changelist"))
    with page.expect_navigation():
        page.locator("#changelist-filter a", has_text="桑园村").click()
    with page.expect_navigation():
        page.locator("#changelist-filter a", has_text="2026年10月").click()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    amounts = [Decimal(t.replace("¥", "").replace(",", "")) for t in rows.locator("td.field-amount").all_inner_texts()]
    total = page.locator(".voucher-total strong").inner_text()
    assert sorted(amounts) == [Decimal("300.00"), Decimal("450.50")] and total == "¥750.50"
    assert box(page, "#voucher-export")["width"] > 0
    shot(page, "voucher-export-1-filtered")

    page.locator("#voucher-export").click()
    page.wait_for_url("**/finance/voucher/export/**")
    shot(page, "voucher-export-2-export-page")
    with page.expect_download() as download:
        page.locator("#content form [type=submit]").first.click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:6] == ("日期", "凭证号", "镇(街道)", "村", "摘要", "金额(元)")
    assert [(row[0].date(), row[3], row[5]) for row in cells[1:-1]] == [
        (date(2026, 10, 20), "桑园村", Decimal("450.5")), (date(2026, 10, 8), "桑园村", Decimal("300"))]
    assert cells[-1][0] == "合计(2 张)" and f"¥{cells[-1][5]:,.2f}" == total
