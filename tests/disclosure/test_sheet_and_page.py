"""The notice-board sheet (A4 PDF) and the villagers' phone page show the same figures and the same totals, and
those totals are the ledger's: income and spending over the quarter, assets and debts at its end — on a village
crafted with several vouchers, some in sub-accounts, one after the quarter."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coop.roles import Role
from finance import operations as fin
from finance import statements
from finance.models import Account
from tests import builders
from tests.disclosure.helpers import committee, publish_quarter

MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d\d")


@pytest.fixture
def crafted(world):
    officer, chair = world.users[Role.TOWNSHIP_OFFICER], world.users[Role.CHAIRMAN]
    books = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    for on, specs in [
        (date(2026, 1, 15), [("10201", "debit", "5000"), ("503", "credit", "5000", "县财政拨付保洁经费")]),
        (date(2026, 2, 3), [("10201", "debit", "1800"), ("501", "credit", "1800", "收取农户保洁费")]),
        (date(2026, 2, 20), [("511", "debit", "900"), ("10201", "credit", "900", "保洁员劳务费")]),
        (date(2026, 3, 5), [("513", "debit", "356.80"), ("10201", "credit", "356.80", "办公用品")]),
        (date(2026, 3, 10), [("10201", "debit", "20000"), ("201", "credit", "20000", "信用社短期借款")]),
        (date(2026, 4, 10), [("10201", "debit", "700"), ("501", "credit", "700", "二季度保洁费")]),
    ]:
        builders.posted(books, on, specs, preparer=chair, approver=officer)
    world.books = books
    world.sheet = publish_quarter(world, world.v11, committee(world.v11))
    return world


def totals(snapshot) -> dict[str, str]:
    """{section key: its total row's amount} as the snapshot (and so the sheet and the page) shows it."""
    return {s["key"]: s["rows"][-1][-1] for s in snapshot["sections"] if s.get("total_rows")}


def phone_tables(html: str) -> str:
    """The sections' tables of the phone page as text, one cell per line."""
    body = "".join(re.findall(r'<section class="gk-section".*?</section>', html, flags=re.S))
    return re.sub(r"\s*<[^>]+>\s*", "\n", body)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_sheets_totals_are_the_ledgers(crafted):
    shown = totals(crafted.sheet.snapshot)
    assert shown == {"income": "6,800.00", "spending": "1,256.80", "assets": "25,543.20", "debts": "20,000.00",
                     "subsidies": "5,000.00"}
    sheet = {row.line.label: row.current for row in statements.balance_sheet(crafted.books, date(2026, 3, 31))}
    assert sheet["资产总计"] == Decimal("25543.20") and sheet["负债合计"] == Decimal("20000.00")
    income = {row.line.label: row.current for row in statements.income_statement(crafted.books, 2026, 3)}
    assert income["一、经营收入"] + income["加:补助收入"] == Decimal("6800.00")


def test_the_phone_page_and_the_pdf_sheet_show_the_same_figures_and_totals(crafted, client, client_for):
    snapshot = crafted.sheet.snapshot
    phone = client.get(reverse("disclosure_public:sheet", args=[crafted.v11.code, crafted.sheet.pk]))
    pdf = client_for(crafted.users[Role.CHAIRMAN]).get(reverse("disclosure:sheet", args=[crafted.sheet.pk]),
                                                       {"format": "pdf"})
    page, printed = phone_tables(phone.content.decode()), pdf_text(pdf.content)
    flat = re.sub(r"\s+", "", printed)
    assert sorted(MONEY.findall(page)) == sorted(MONEY.findall(printed))  # not one figure more or less
    for section in snapshot["sections"]:
        assert section["title"] in page and section["title"] in flat
        for row in section["rows"]:
            for cell in row:
                assert cell in page and re.sub(r"\s+", "", cell) in flat, cell
        if section.get("total_rows"):
            label, amount = section["rows"][-1][0], section["rows"][-1][-1]
            assert re.search(rf"{label}\s*{re.escape(amount)}", printed), (label, amount)
            assert re.search(rf"{label}\s*{re.escape(amount)}", page), (label, amount)
