"""村级账务汇总表: each village's books in one table for its township and the county, scoped, figures read from the
ledger, a constant number of queries whatever the number of villages, on screen, PDF and xlsx."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from coop.roles import Role
from finance import operations as fin
from finance.models import Ledger, Period
from finance.summary import books_summary
from tests import builders
from tests.builders import lines, posted

URL = "finance:books_summary"


@pytest.fixture
def county_books(books):
    """桑园村 (紫柏街道) with a month of business, 沙坝村 (马道镇) with empty books."""
    b = books
    b.ledger.village.cash_cap = Decimal("500.00")
    b.ledger.village.save()
    b.ledger.refresh_from_db()
    posted(b.ledger, date(2026, 2, 3), (("102", "debit", "3000"), ("301", "credit", "3000")),
           preparer=b.chair, approver=b.officer)
    posted(b.ledger, date(2026, 2, 5), (("101", "debit", "200"), ("501", "credit", "200")),
           preparer=b.chair, approver=b.officer)
    posted(b.ledger, date(2026, 3, 9), (("513", "debit", "56.50"), ("102", "credit", "56.50")),
           preparer=b.chair, approver=b.officer)
    waiting = fin.prepare(ledger=b.ledger, on=date(2026, 3, 10), lines=lines(("513", "debit", "9"),
                                                                             ("102", "credit", "9")), by=b.chair)
    b.waiting = fin.submit(voucher=waiting, by=b.chair)
    fin.close_period(period=Period.objects.get(ledger=b.ledger, year=2026, month=1), by=b.officer)
    b.other = builders.ledger(b.world.v21, b.outsider)
    return b


def figures(client, **params):
    response = client.get(reverse(URL), {"start": "2026-01", "end": "2026-03", **params})
    assert response.status_code == 200
    return response, [r for r in response.context["report"].rows if not r.get("_style")]


def test_the_summary_reads_each_village_from_its_books(county_books):
    row = books_summary(Ledger.objects.filter(pk=county_books.ledger.pk), date(2026, 1, 1), date(2026, 3, 31))[0]
    assert (row.cash, row.bank, row.shares) == (Decimal("200.00"), Decimal("2943.50"), Decimal("3000.00"))
    assert (row.income, row.expenses, row.surplus) == (Decimal("200.00"), Decimal("56.50"), Decimal("143.50"))
    assert row.waiting == 1 and row.last_closed == (2026, 1) and row.end_month == Period.Status.OPEN
    assert row.last_posted is not None


def test_a_month_range_counts_income_and_expenses_of_those_months_only(county_books):
    row = books_summary(Ledger.objects.filter(pk=county_books.ledger.pk), date(2026, 3, 1), date(2026, 3, 31))[0]
    assert (row.income, row.expenses, row.cash) == (Decimal("0.00"), Decimal("56.50"), Decimal("200.00"))


def test_the_auditor_sees_every_township_with_subtotals_and_the_county_total(county_books, client_for):
    response, villages = figures(client_for(county_books.auditor))
    assert [r["village"] for r in villages] == ["桑园村", "沙坝村"]
    styled = [(r["township"], r["_style"]) for r in response.context["report"].rows if r.get("_style")]
    assert styled == [("紫柏街道", "subtotal"), ("马道镇", "subtotal"), ("合计", "total")]
    assert villages[0]["_links"]["waiting"].startswith(reverse("admin:finance_voucher_changelist"))
    listed = client_for(county_books.auditor).get(villages[0]["_links"]["waiting"])
    assert [v.pk for v in listed.context["cl"].result_list] == [county_books.waiting.pk]
    assert response.context["report"].rows[-1]["bank"] == Decimal("2943.50")
    assert reverse("admin:finance_ledger_change", args=[county_books.ledger.pk]) in response.text
    assert reverse("finance:report", args=[county_books.ledger.village.code, "income-statement"]) in response.text


def test_an_officer_sees_his_own_township_only(county_books, client_for):
    _, villages = figures(client_for(county_books.officer))
    assert [r["village"] for r in villages] == ["桑园村"]
    response = client_for(county_books.officer).get(reverse(URL), {"township": county_books.world.t2.pk})
    assert not [r for r in response.context["report"].rows if not r.get("_style")]
    assert "马道镇" not in response.text


def test_a_chairman_is_not_offered_the_summary(county_books, client_for):
    assert client_for(county_books.chair).get(reverse(URL)).status_code == 403
    assert reverse(URL) not in client_for(county_books.chair).get(reverse("admin:index")).text


def test_a_bad_month_range_is_told_not_a_500(county_books, client_for):
    response = client_for(county_books.auditor).get(reverse(URL), {"start": "2026-05", "end": "2026-02"})
    assert response.status_code == 200 and "起始月份不能晚于截止月份" in response.text
    assert client_for(county_books.auditor).get(reverse(URL), {"end": "2026-13"}).status_code == 200


def test_the_summary_prints_as_pdf_and_exports_as_xlsx(county_books, client_for):
    client = client_for(county_books.auditor)
    with missing_glyphs() as found:
        pdf = client.get(reverse(URL), {"start": "2026-01", "end": "2026-03", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and not found, found
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = text.replace("\n", "").replace(" ", "")
    assert "村级账务汇总表" in text and "桑园村" in text and "2,943.50" in text and "第1页共" in text
    assert text.index("2,943.50") < text.index("业务台账") < text.index("互助资金") < text.index("项目代建")
    assert text.count("桑园村") == 2 and "截至2026年3月31日" in text
    xlsx = client.get(reverse(URL), {"start": "2026-01", "end": "2026-03", "format": "xlsx"})
    books, registers = load_workbook(io.BytesIO(xlsx.content)).worksheets
    cells = [c for row in books.iter_rows(values_only=True) for c in row]
    assert "桑园村" in cells and "合计" in cells and "互助资金" not in cells
    assert registers.title == "业务台账"
    cells = [c for row in registers.iter_rows(values_only=True) for c in row]
    assert [c for c in cells if c in ("桑园村", "沙坝村", "合计", "互助资金", "项目代建", "PAR30")] == [
        "互助资金", "项目代建", "PAR30", "桑园村", "沙坝村", "合计"]


def test_the_summary_takes_as_many_queries_for_twenty_villages_as_for_one(world, client_for,
                                                                         django_assert_max_num_queries):
    officer = world.users[Role.TOWNSHIP_OFFICER]
    preparer = builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1, full_name="复核员")
    client = client_for(world.users[Role.AUDITOR])

    def books_with_a_posting(village, through):
        books = builders.ledger(village, officer, through=through)
        posted(books, date(2026, 1, 5), (("102", "debit", "10"), ("301", "credit", "10")),
               preparer=preparer, approver=officer)

    books_with_a_posting(world.v11, (2026, 11))
    with django_assert_max_num_queries(17) as one:  # the ledger's 12, the fund's 2, the projects' 3
        client.get(reverse(URL))
    for n in range(19):
        books_with_a_posting(builders.village(world.t1, f"新{n}村", f"3{n:02d}"), (2026, 1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(URL))
    assert len([r for r in response.context["report"].rows if not r.get("_style")]) == 20
    assert response.context["report"].rows[-1]["bank"] == Decimal("200.00")
    assert len(response.context["registers"]["report"].rows) == 21  # the registers' table, same villages and 合计


def test_the_ledger_list_filters_by_township_in_scope_and_links_the_summary(county_books, client_for):
    response = client_for(county_books.auditor).get(reverse("admin:finance_ledger_changelist"))
    assert reverse(URL) in response.text
    cl = response.context["cl"]
    choices = [str(c["display"]) for spec in cl.filter_specs for c in spec.choices(cl)]
    assert "紫柏街道" in choices and "马道镇" in choices and "袁家庄街道" not in choices
    filtered = client_for(county_books.auditor).get(reverse("admin:finance_ledger_changelist"),
                                                    {"village__township__id__exact": county_books.world.t2.pk})
    assert [ledger.village.name for ledger in filtered.context["cl"].result_list] == ["沙坝村"]
    assert "马道镇" not in client_for(county_books.officer).get(reverse("admin:finance_ledger_changelist")).text


def test_the_dashboard_links_the_summary_for_the_county_and_the_township(county_books, client_for):
    for user in (county_books.auditor, county_books.officer):
        assert reverse(URL) in client_for(user).get(reverse("admin:index")).text
