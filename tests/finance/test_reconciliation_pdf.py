"""The printed 银行存款余额调节表 reads like the paper form: the red difference and the explanations are rows of the
table, under the adjusted balances and above the signature line, and the date is the month's last day."""

import io

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from pypdf import PdfReader

from coop.reports import missing_glyphs
from finance.bank import operations as bank_ops
from tests.finance.conftest import NOVEMBER_STATEMENT, statement_csv

pytestmark = pytest.mark.django_db


def printed(bank, client) -> dict[str, float]:
    """How far down the page each text run starts (WeasyPrint's text matrix counts from the top), by its text."""
    url = reverse("finance:bank", args=[bank.ledger.village.code]) + "?" + urlencode(
        {"account": bank.account.pk, "year": 2026, "month": 11, "format": "pdf"})
    with missing_glyphs() as found:
        response = client.get(url)
    assert response["Content-Type"] == "application/pdf" and not found, found
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    depths: dict[str, float] = {}

    def visit(text, _cm, tm, _font, _size):
        text = text.replace(" ", "").strip()
        if text:
            depths.setdefault(text, tm[5])

    page.extract_text(visitor_text=visit)
    return depths


def first(depths, phrase) -> float:
    return next(y for text, y in depths.items() if text.startswith(phrase))


def test_the_difference_and_its_explanation_sit_in_the_table_above_the_signatures(bank, client_for):
    rows = [(d, s, c, p, r, f"{float(b) + 100:.2f}") for d, s, c, p, r, b in NOVEMBER_STATEMENT]
    bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11, bank_format=bank.format,
                              data=statement_csv(rows), filename="a.csv", by=bank.officer)
    bank_ops.explain_difference(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                                text="信用社多记利息一百元,已联系更正", by=bank.officer)
    depths = printed(bank, client_for(bank.auditor))
    adjusted, difference = first(depths, "调节后的存款余额"), first(depths, "调节后余额不相等")
    explained, signed = first(depths, "差异说明"), first(depths, "会计主管")
    assert adjusted < difference < explained < signed
    assert any("2026年11月30日" in text for text in depths)


def test_a_table_that_agrees_prints_no_difference_row(imported, client_for):
    depths = printed(imported, client_for(imported.auditor))
    assert not any(text.startswith("调节后余额不相等") for text in depths)
    assert first(depths, "调节后的存款余额") < first(depths, "会计主管")
