"""The reconciliation page over HTTP: the officer uploads, previews and confirms a statement, matches by hand and
explains; the chairman and the auditor read it; another township's officer does not find it; the 调节表 prints as
PDF (with a difference in red words) and xlsx."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from finance.bank.models import BankMatch, BankStatement
from tests.finance.conftest import NOVEMBER_STATEMENT, statement_csv

pytestmark = pytest.mark.django_db


def page(bank, **params):
    from django.utils.http import urlencode

    return reverse("finance:bank", args=[bank.ledger.village.code]) + "?" + urlencode(
        {"account": bank.account.pk, "year": 2026, "month": 11, **params})


def test_the_officer_previews_then_imports_and_the_page_matches_what_it_can(bank, client_for):
    client = client_for(bank.officer)
    upload = SimpleUploadedFile("11月.csv", statement_csv(NOVEMBER_STATEMENT))
    preview = client.post(page(bank), {"action": "preview", "bank_format": bank.format.pk, "file": upload})
    assert preview.status_code == 200 and "预览(尚未导入)" in preview.text and not BankStatement.objects.exists()
    token = preview.context["token"]
    done = client.post(page(bank), {"action": "import", "token": token, "filename": "11月.csv",
                                    "bank_format": bank.format.pk}, follow=True)
    assert "已导入对账单 4 行,自动勾对 2 行" in done.text
    assert "调节后余额相等" in done.text and BankMatch.objects.count() == 2


def test_a_bad_file_shows_its_rows_in_the_preview_and_writes_nothing(bank, client_for):
    rows = [*NOVEMBER_STATEMENT[:1], ("2026-11-11", "转账支出", "李四", "1200.00", "", "48000.00")]
    upload = SimpleUploadedFile("bad.csv", statement_csv(rows))
    preview = client_for(bank.officer).post(page(bank), {"action": "preview", "bank_format": bank.format.pk,
                                                         "file": upload})
    assert preview.status_code == 200 and "余额不连续" in preview.text and "token" not in preview.context
    assert not BankStatement.objects.exists()


def test_a_refused_hand_match_says_why_on_the_page(imported, client_for):
    client = client_for(imported.officer)
    line = imported.statement.lines.get(row=5)  # 35.20 interest: no book line of that amount
    book = imported.ledger.vouchers.get(number=1).lines.get(account__code="102")
    shown = client.post(page(imported), {"action": "match", "line": line.pk, "voucher_line": book.pk}, follow=True)
    assert "金额或方向不符" in shown.text and not BankMatch.objects.exists()


def test_the_chairman_reads_but_is_offered_nothing_and_posting_is_forbidden(imported, client_for):
    client = client_for(imported.chair)
    shown = client.get(page(imported))
    assert shown.status_code == 200 and "银行存款余额调节表" in shown.text
    assert "自动勾对" not in shown.text and "取消勾对" not in shown.text and 'name="action"' not in shown.text
    assert client.post(page(imported), {"action": "auto"}).status_code == 403


def test_another_townships_officer_does_not_find_the_page(imported, client_for):
    assert client_for(imported.outsider).get(page(imported)).status_code == 404


def test_the_table_prints_as_pdf_with_the_difference_named_and_as_xlsx(bank, client_for):
    from finance.bank import operations as bank_ops

    rows = [("2026-11-02", "股金存入", "张三", "", "50000.00", "50100.00")]
    bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11, bank_format=bank.format,
                              data=statement_csv(rows), filename="a.csv", by=bank.officer)
    client = client_for(bank.auditor)
    with missing_glyphs() as found:
        pdf = client.get(page(bank, format="pdf"))
    assert pdf["Content-Type"] == "application/pdf" and not found, found
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    assert "银行存款余额调节表" in text and "调节后余额不相等" in text and "银行已收" in text
    book = load_workbook(io.BytesIO(client.get(page(bank, format="xlsx")).content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert book.active.cell(1, 1).value == "银行存款余额调节表"
    assert any("调节后余额不相等" in str(c) for c in cells)


def test_the_page_reads_in_a_fixed_number_of_queries(imported, client_for, django_assert_max_num_queries):
    from finance.bank import operations as bank_ops

    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    client = client_for(imported.officer)
    client.get(page(imported))
    with django_assert_max_num_queries(40):
        client.get(page(imported))


def test_closing_from_the_period_list_names_the_disagreeing_bank_account(bank, client_for):
    from finance import operations as fin
    from finance.bank import operations as bank_ops
    from finance.models import Period

    rows = [("2026-11-02", "股金存入", "张三", "", "50000.00", "50100.00")]
    bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11, bank_format=bank.format,
                              data=statement_csv(rows), filename="a.csv", by=bank.officer)
    for period in bank.ledger.periods.filter(month__lt=11).order_by("month"):
        fin.close_period(period=period, by=bank.officer)
    november = Period.objects.get(ledger=bank.ledger, year=2026, month=11)
    shown = client_for(bank.officer).post(reverse("admin:finance_period_changelist"), {
        "action": "close_selected", "_selected_action": [november.pk]}, follow=True)
    assert shown.status_code == 200 and "102 银行存款" in shown.text and "差异说明" in shown.text
    november.refresh_from_db()
    assert november.status == Period.Status.OPEN
