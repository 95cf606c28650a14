"""The statements as they go to the notice board: the official form's shape (资产总计 beside 负债和所有者权益总计),
and the provisional mark of the 2023 layouts only where those layouts are edited."""

import io
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from pypdf import PdfReader

from finance.models import StatementLine
from finance.reports import builders
from tests.builders import posted

PROVISIONAL = "暂行设置"


def url(books, key, **params):
    return reverse("finance:report", args=[books.ledger.village.code, key]) + "?" + urlencode(
        {"year": 2026, "month": 11, **params})


def test_the_two_grand_totals_of_the_balance_sheet_stand_on_one_line(books):
    posted(books.ledger, date(2026, 11, 2), (("102", "debit", "500"), ("301", "credit", "500")),
           preparer=books.chair, approver=books.officer)
    last = builders.balance_sheet(books.ledger, 2026, 11).rows[-1]
    assert (last["a_label"], last["b_label"]) == ("资产总计", "负债和所有者权益总计")
    assert last["a_now"] == last["b_now"] == 500


def test_statements_on_screen_and_in_pdf_carry_no_provisional_note(books, client_for):
    client = client_for(books.auditor)
    for key in ("balance-sheet", "income-statement"):
        assert PROVISIONAL not in client.get(url(books, key)).text, key
        pdf = client.get(url(books, key, format="pdf")).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
        assert PROVISIONAL not in text, key


def test_the_layouts_page_says_the_2023_layouts_are_provisional(books, client_for, world):
    from coop.roles import Role

    client = client_for(world.users[Role.COUNTY_ADMIN])
    assert PROVISIONAL in client.get(reverse("admin:finance_statementline_changelist")).text
    line = StatementLine.objects.filter(chart="2023").first()
    assert PROVISIONAL in client.get(reverse("admin:finance_statementline_change", args=[line.pk])).text
