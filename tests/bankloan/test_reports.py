"""The interest and subsidy statement and the 贴息申请表 over HTTP: figures, PDF, xlsx, scope, query count."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from finance.bankloan import operations as loans
from finance.bankloan.reports import statement
from tests.bankloan.conftest import draw, pay, submitted

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


@pytest.fixture
def claimed(bl):
    """Q1 and Q2 paid; Q1's claim approved and 2,000.00 of its 2,718.75 received; Q3 computed, unpaid."""
    draw(bl, date(2026, 1, 5), "300000")
    for _quarter in range(2):
        period = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
        pay(bl, period, period.end, period.interest_due)
    loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    bl.claim = loans.approve_claim(claim=submitted(bl, date(2026, 1, 1)), by=bl.officer)
    bl.claim = loans.record_subsidy_received(claim=bl.claim, on=date(2026, 5, 10), amount=D("2000"), by=bl.officer)
    return bl


def test_the_statement_shows_each_period_with_interest_paid_claimed_and_received(claimed):
    rows = statement(claimed.world.k11).rows
    periods = [r for r in rows if "_style" not in r]
    assert [(r["interest_due"], r["interest_paid"], r["claimed"], r["received"]) for r in periods] == [
        (D("2718.75"), D("2718.75"), D("2718.75"), D("2000.00")),
        (D("3335.00"), D("3335.00"), D("0.00"), D("0.00")),
        (D("3335.00"), D("0.00"), D("0.00"), D("0.00"))]
    total = rows[-1]
    assert (total["interest_due"], total["interest_paid"], total["claimed"], total["received"]) == (
        D("9388.75"), D("6053.75"), D("2718.75"), D("2000.00"))


def test_the_statement_renders_as_page_pdf_and_xlsx(claimed, client_for):
    client = client_for(claimed.world.users["auditor"])
    url = reverse("bankloan:statement", args=[claimed.world.v11.code])
    assert "9,388.75" in client.get(url).text
    with missing_glyphs() as found:
        text = pdf_text(client.get(url + "?format=pdf").content)
    assert not found and "贴息贷款利息及贴息明细表" in text and "9,388.75" in text
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert book.active.cell(1, 1).value == "贴息贷款利息及贴息明细表"


def test_the_claim_form_states_the_amount_in_capital_numerals_with_signature_lines(claimed, client_for):
    response = client_for(claimed.chair).get(reverse("bankloan:claim_form", args=[claimed.claim.pk]))
    assert response["Content-Type"] == "application/pdf"
    with missing_glyphs() as found:
        text = pdf_text(client_for(claimed.chair).get(
            reverse("bankloan:claim_form", args=[claimed.claim.pk])).content)
    assert not found
    assert "贴息申请表" in text and "贰仟柒佰壹拾捌元柒角伍分" in text and "2,718.75" in text
    assert "镇财政所审核意见" in text and "盖章" in text


def test_another_villages_chairman_gets_neither(claimed, client_for):
    client = client_for(claimed.world.chair21)
    assert client.get(reverse("bankloan:statement", args=[claimed.world.v11.code])).status_code == 404
    assert client.get(reverse("bankloan:claim_form", args=[claimed.claim.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 12])
def test_the_statement_takes_the_same_queries_for_one_loan_and_twelve(bl, n, django_assert_max_num_queries):
    for i in range(n):
        loan = loans.register_loan(cooperative=bl.world.k11, bank="测试银行", contract_number=f"T-{i}",
                                   principal=D("10000"), annual_rate=D("4.35"), term_months=12,
                                   signed_on=date(2026, 1, 5), by=bl.chair)
        draw(bl, date(2026, 1, 5), "10000", loan=loan)
        pay(bl, loans.compute_interest_period(loan=loan, by=bl.chair), date(2026, 3, 20), "90.63")
    with django_assert_max_num_queries(6):
        assert len(statement(bl.world.k11).rows) == 3 * n + 3  # per loan: heading, period, subtotal; the total
