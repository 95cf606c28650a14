"""Bank reconciliation as the township officer meets it: from the ledger's page to the reconciliation page,
upload the bank's csv, preview, confirm (two lines of three match themselves), match the remaining line by hand,
see the adjusted balances agree, print the 调节表 as PDF."""

import os
from datetime import date

from django.urls import reverse

from coop.roles import Role
from finance.models import VoucherLine
from tests.browser.conftest import box
from tests.builders import posted
from tests.finance.conftest import statement_csv


def shot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"bank_reconciliation_{name}.png"), full_page=True)


def test_the_officer_imports_a_statement_matches_the_rest_by_hand_and_prints_the_table(books, page_as):
    officer, officer_b, chair = books.users[Role.TOWNSHIP_OFFICER], books.officer_b, books.users[Role.CHAIRMAN]
    for on, amount in ((date(2026, 11, 5), "300.00"), (date(2026, 11, 9), "1200.00")):
        specs = (("10201", "debit", amount, "收服务费"), ("501", "credit", amount)) if amount == "300.00" else \
            (("513", "debit", amount), ("10201", "credit", amount, "付保洁队王强工资"))
        posted(books.ledger, on, specs, preparer=chair, approver=officer_b)
    shares = VoucherLine.objects.get(account__code="10201", voucher__date=date(2026, 11, 2)).amount
    closing = shares + 300 - 1200
    csv = statement_csv([
        ("2026-11-02", "股金存入", "李桂芳", "", f"{shares}", f"{shares}"),
        ("2026-11-05", "服务费", "", "", "300.00", f"{shares + 300}"),
        ("2026-11-16", "代发工资", "王强", "1200.00", "", f"{closing}"),  # a week after the books: by hand
    ])
    page = page_as(officer, width=1400)
    page.goto(page.base + reverse("admin:finance_ledger_change", args=[books.ledger.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name="银行存款余额调节表").click()
    page.goto(page.url.split("?")[0] + "?year=2026&month=11")
    assert "本月银行对账单尚未导入" in page.locator("#recon-difference").inner_text()
    shot(page, "1_before_import")

    page.set_input_files("#id_file", files=[{"name": "11月对账单.csv", "mimeType": "text/csv", "buffer": csv}])
    with page.expect_navigation():
        page.locator("#recon-upload input[type=submit]").click()
    assert page.locator("#import-preview tbody tr").count() == 3
    shot(page, "2_preview")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入并自动勾对").click()
    assert "自动勾对 2 行" in page.locator(".messagelist").inner_text()
    # the pay the bank made a week later than the books is outstanding on both sides until it is matched
    assert "付保洁队王强工资" in page.locator(".coop-report-table").inner_text()
    shot(page, "3_imported")

    row = page.locator("#recon-lines tr[data-row='5']")
    row.locator("select").select_option(label=row.locator("option", has_text="付保洁队王强工资").inner_text())
    with page.expect_navigation():
        row.get_by_role("button", name="勾对").click()
    assert "已勾对对账单第 5 行" in page.locator(".messagelist").inner_text()
    assert page.locator("#recon-agrees").is_visible()
    assert "付保洁队王强工资" not in page.locator(".coop-report-table").inner_text()
    table, lines = box(page, ".coop-report-table"), box(page, "#recon-lines")
    assert table["width"] > 800 and lines["y"] > table["y"] + table["height"]  # the table, then the statement
    shot(page, "4_matched")

    query = page.get_by_role("link", name="打印PDF").get_attribute("href")
    pdf = page.request.get(page.base + reverse("finance:bank", args=[books.v11.code]) + query)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
