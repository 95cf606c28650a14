"""The fund's report pages: scoped to the user's villages, a loan number linking to its schedule, PDF without a
missing glyph and xlsx, and a number of queries that does not grow with the number of loans."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from finance.fund import portfolio
from finance.fund.models import Fund, Loan
from tests.fund.conftest import lend
from tests.fund.test_portfolio import crafted

KEYS = ["portfolio", "register", "overdue", "due-soon", "statement"]


def report(client, key, **params):
    response = client.get(reverse("fund:report", args=[key]), params)
    assert response.status_code == 200, response.content[:500]
    return response.context["report"]


@pytest.mark.parametrize("key", KEYS)
def test_an_officer_of_another_township_sees_none_of_its_loans(funded, client_for, key):
    crafted(funded)
    seen = report(client_for(funded.world.officer2), key, on="2027-03-10")
    listed = [row for row in seen.rows if not row.get("_style")]
    assert not [row for row in listed if row.get("village") == funded.world.v11.name or row.get("number")]
    assert not [row for row in listed if any(row.get(k) for k in ("lent", "outstanding", "received"))]


def test_a_loan_of_another_township_is_not_found_by_its_schedule_address(funded, client_for):
    loan = lend(funded, funded.members[0], "5000")
    assert client_for(funded.world.officer2).get(reverse("fund:schedule", args=[loan.pk])).status_code == 404


def test_the_officer_reads_the_portfolio_of_his_township_with_par(funded, client_for):
    crafted(funded)
    rows = report(client_for(funded.officer), "portfolio", on="2027-03-10").rows
    village = next(row for row in rows if row["village"] == funded.world.v11.name)
    assert (village["par30"], village["par90"], village["rate"]) == ("56.25%", "31.25%", "35.42%")
    assert rows[-1]["_style"] == "total" and rows[-1]["outstanding"] == village["outstanding"]


def test_the_register_links_each_loan_to_its_schedule_which_shows_the_payments(funded, client_for):
    _, loan_b, *_ = crafted(funded)
    client = client_for(funded.officer)
    rows = report(client, "register").rows
    link = next(row["_links"]["number"] for row in rows if row.get("number") == f"{loan_b.number:05d}")
    schedule = client.get(link)
    assert schedule.status_code == 200
    built = schedule.context["report"]
    assert [row["status"] for row in built.rows[:3]] == ["已结清", "已结清", "未到期"]
    assert "2026-11-25 还款 48.00 元" in built.notes[0]


def test_the_overdue_list_names_household_phone_and_days(funded, client_for):
    a, *_ = crafted(funded)
    rows = report(client_for(funded.officer), "overdue", on="2027-03-10").rows
    assert (rows[0]["number"], rows[0]["phone"], rows[0]["days"]) == (f"{a.number:05d}", "13800000000", 98)
    assert rows[-1]["_style"] == "total" and len(rows) == 4


def test_a_chairman_reads_his_own_village_and_a_bad_date_is_no_500(funded, client_for):
    crafted(funded)
    client = client_for(funded.chair)
    assert report(client, "register", on="2027-13-45").rows[-1]["village"] == "合计 4 笔"


@pytest.mark.parametrize("key", KEYS)
def test_each_report_prints_as_pdf_and_exports_as_xlsx(funded, client_for, key):
    crafted(funded)
    client = client_for(funded.officer)
    with missing_glyphs() as found:
        pdf = client.get(reverse("fund:report", args=[key]), {"on": "2027-03-10", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and not found, found
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "互助资金" in text
    xlsx = client.get(reverse("fund:report", args=[key]), {"on": "2027-03-10", "format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row > 3


def test_the_reads_keep_their_query_count_whatever_the_number_of_loans(funded, django_assert_max_num_queries):
    def read_all():
        loans, funds = Loan.objects.all(), Fund.objects.all()
        on = date(2027, 3, 10)
        states = portfolio.loan_states(loans, on)
        [portfolio.phone_of(s.loan.member) for s in states]
        portfolio.quality_by_village(loans, on=on)
        portfolio.statement_by_source(funds, on=on)
        list(portfolio.due_soon(loans, on))

    lend(funded, funded.members[0], "5000")
    with django_assert_max_num_queries(11):
        read_all()
    crafted_more = [lend(funded, m, "3000", method="fee_monthly") for m in funded.members[1:]]
    assert len(crafted_more) == 5
    with django_assert_max_num_queries(11):
        read_all()
