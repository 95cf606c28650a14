"""The ledger's reports over HTTP: on screen, as PDF (text read back, no missing glyphs) and as xlsx,
only for readers of the village, with query counts that do not grow with the books."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from coop.roles import Role
from finance import statements
from finance.reports.views import REPORTS
from tests.builders import posted


@pytest.fixture
def activity(books):
    for on, specs in [
        (date(2026, 3, 5), (("102", "debit", "3000"), ("501", "credit", "3000"))),
        (date(2026, 6, 9), (("513", "debit", "1200"), ("102", "credit", "1200"))),
        (date(2026, 11, 2), (("102", "debit", "1844000"), ("301", "credit", "1844000"))),
    ]:
        posted(books.ledger, on, specs, preparer=books.chair, approver=books.officer)
    return books


def url(books, key, **params):
    from django.utils.http import urlencode

    return reverse("finance:report", args=[books.ledger.village.code, key]) + "?" + urlencode(
        {"year": 2026, "month": 11, **params})


def pdf_text(content) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


@pytest.mark.parametrize("key", list(REPORTS))
def test_every_report_renders_on_screen_as_pdf_and_as_xlsx(activity, client_for, key):
    client = client_for(activity.auditor)
    screen = client.get(url(activity, key))
    assert screen.status_code == 200
    assert str(REPORTS[key]) in screen.text
    with missing_glyphs() as found:
        pdf = client.get(url(activity, key, format="pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert not found, found
    text = pdf_text(pdf.content)
    assert str(REPORTS[key]).replace(" ", "") in text.replace("\n", "")
    assert "第1页共" in text.replace("\n", "")
    book = load_workbook(io.BytesIO(client.get(url(activity, key, format="xlsx")).content))
    assert book.active.cell(1, 1).value == str(REPORTS[key])


def test_the_trial_balance_shows_the_figures_and_balances(activity, client_for):
    text = pdf_text(client_for(activity.auditor).get(url(activity, "trial-balance", format="pdf")).content)
    assert "1,844,000.00" in text and "银行存款" in text and "会计主管" in text


def test_the_balance_sheet_balances_and_the_income_statement_adds_up(activity):
    sheet = {r.line.line_no: r.current for r in statements.balance_sheet(activity.ledger, date(2026, 11, 30))}
    assert sheet[32] == sheet[56] == 1845800
    income = {r.line.line_no: r.current for r in statements.income_statement(activity.ledger, 2026, 11)}
    assert (income[1], income[7], income[10], income[22]) == (3000, 1200, 1800, 1800)


def test_the_bank_journal_runs_a_balance_after_every_line(activity):
    from finance.reports import builders

    rows = builders.journal(activity.ledger, 2026, 11, "bank").rows
    assert rows[-1]["bal"] == 1845800 and rows[-1]["dir"] == "借"


@pytest.mark.parametrize("key", ["trial-balance", "cash-journal"])
def test_an_inspector_cannot_read_the_books(activity, client_for, world, key):
    response = client_for(world.users[Role.INSPECTOR]).get(url(activity, key))
    assert response.status_code == 403


def test_a_chairman_cannot_read_another_villages_books(activity, client_for, world):
    response = client_for(world.chair21).get(url(activity, "trial-balance"))
    assert response.status_code == 404


def grow(books, n):
    for i in range(n):
        posted(books.ledger, date(2026, 11, 1 + i % 20), (("102", "debit", f"{i + 1}"), ("501", "credit", f"{i + 1}")),
               preparer=books.chair, approver=books.officer)


@pytest.mark.parametrize("n", [1, 50])
def test_the_voucher_list_takes_the_same_queries_for_one_voucher_and_fifty(books, client_for,
                                                                            django_assert_max_num_queries, n):
    grow(books, n)
    client = client_for(books.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:finance_voucher_changelist"))
    assert len(response.context["cl"].result_list) == n


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("key", ["trial-balance", "balance-sheet", "income-statement", "bank-journal"])
def test_reports_take_the_same_queries_for_one_voucher_and_fifty(books, client_for,
                                                                 django_assert_max_num_queries, n, key):
    grow(books, n)
    client = client_for(books.officer)
    with django_assert_max_num_queries(14):
        assert client.get(url(books, key)).status_code == 200
