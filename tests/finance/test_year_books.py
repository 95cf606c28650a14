"""Many villages' year of books in one download: the ledger list's action asks the year and the format and hands
the work to the background worker, which binds each village's reports (trial balance, statements, general ledgers,
journals) into one file per village inside a ZIP."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.jobs import operations as jobs
from coop.jobs.models import ReportJob
from finance import year_books
from finance.report_jobs import YEAR_BOOKS, make_year_books
from finance.reports import builders
from tests import builders as build
from tests.builders import posted

# serialized: the worker runs in these tests (see tests/finance/test_bulk_print.py)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = 2026


@pytest.fixture
def villages(books):
    """桑园村: shares paid into the bank in March, cash drawn in May; 小留坝村 (same township): one receipt in June."""
    officer = books.officer
    books.ledger.village.cash_cap = Decimal("500.00")  # R1: a little cash on hand is allowed here
    books.ledger.village.save()
    other = build.ledger(books.world.v12, officer, through=(2026, 6))
    posted(books.ledger, date(2026, 3, 5), (("102", "debit", "1000"), ("301", "credit", "1000")),
           preparer=books.chair, approver=officer)
    posted(books.ledger, date(2026, 5, 8), (("101", "debit", "200"), ("102", "credit", "200")),
           preparer=books.chair, approver=officer)
    posted(other, date(2026, 6, 1), (("102", "debit", "300"), ("301", "credit", "300")),
           preparer=officer, approver=books.officer_b)
    return [books.ledger, other]


def export(client, ledgers, **answers):
    return client.post(reverse("admin:finance_ledger_changelist"),
                       {"action": "export_year_books", "_selected_action": [ledger.pk for ledger in ledgers],
                        **answers})


def download(client, job) -> zipfile.ZipFile:
    response = client.get(reverse("admin:jobs_reportjob_download", args=[job.pk]))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_action_asks_the_year_and_format_then_queues_the_job_and_shows_its_page(villages, books, client_for):
    client = client_for(books.officer)
    asked = export(client, villages)
    assert asked.status_code == 200 and not ReportJob.objects.exists()
    assert "导出年度账簿" in asked.text and "桑园村" in asked.text and "小留坝村" in asked.text
    # last year, unless both villages opened their books (in 2026) this year: then this year is offered
    this_year = timezone.localdate().year
    assert asked.context["form"]["year"].value() == (this_year - 1 if YEAR < this_year else this_year)

    response = export(client, villages, year=str(YEAR), output="pdf")

    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:jobs_reportjob_change", args=[job.pk])
    assert job.kind == YEAR_BOOKS and job.status == "queued"
    assert job.params == {"ledgers": [ledger.pk for ledger in villages], "year": YEAR, "format": "pdf"}
    assert (job.total, job.unit, job.title) == (2, "村", "年度账簿-2026年-紫柏街道-2个村")
    assert set(job.villages.all()) == {ledger.village for ledger in villages}


def test_the_worker_binds_a_villages_year_into_one_pdf_each_report_numbered_on_its_own(
        villages, books, client_for, run_worker):
    client = client_for(books.auditor)
    export(client, villages[:1], year=str(YEAR), output="pdf")

    run_worker()

    job = ReportJob.objects.get()
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    assert job.filename == "年度账簿-2026年-紫柏街道桑园村.zip"
    archive = download(client, job)
    assert archive.namelist() == ["紫柏街道-桑园村-2026年账簿.pdf"]
    reader = PdfReader(io.BytesIO(archive.read("紫柏街道-桑园村-2026年账簿.pdf")))
    pages = [page.extract_text().replace(" ", "") for page in reader.pages]
    books_made = year_books.year_books(books.ledger, YEAR)
    titles = [book.report.title for book in books_made]
    assert titles == ["科目余额表", "资产负债表", "收益及收益分配表", "总分类账", "总分类账", "总分类账",
                      "现金日记账", "银行存款日记账", "银行存款日记账"]
    firsts = [text for text in pages if "第1页" in text]  # every report starts again at page 1
    assert len(firsts) == len(titles) and len(pages) >= len(titles)
    for title, first in zip(titles, firsts, strict=True):
        assert title in first
    assert "1,000.00" in "".join(pages) and "桑园村扶贫互助合作社" in pages[0]
    outline = [entry.title for entry in reader.outline]
    assert outline == [book.bookmark for book in books_made] and "总分类账 102 银行存款" in outline


def test_the_excel_books_have_a_named_sheet_per_report_that_tie_to_the_trial_balance(
        villages, books, client_for, run_worker):
    client = client_for(books.officer)
    export(client, villages, year=str(YEAR), output="xlsx")

    run_worker()

    job = ReportJob.objects.get()
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    archive = download(client, job)
    assert archive.namelist() == ["紫柏街道-桑园村-2026年账簿.xlsx", "紫柏街道-小留坝村-2026年账簿.xlsx"]
    workbook = load_workbook(io.BytesIO(archive.read("紫柏街道-桑园村-2026年账簿.xlsx")))
    assert workbook.sheetnames == ["科目余额表", "资产负债表", "收益及收益分配表", "总分类账 101", "总分类账 102",
                                   "总分类账 301", "现金日记账 5月", "银行存款日记账 3月", "银行存款日记账 5月"]
    month = year_books.books_month(books.ledger, YEAR)
    trial = {row["code"]: row for row in builders.trial_balance(books.ledger, YEAR, month).rows}
    year_to_date = [row for row in workbook["总分类账 102"].iter_rows(values_only=True) if row[1] == "本年累计"]
    assert Decimal(str(year_to_date[-1][5])) == trial["102"]["cd"] == Decimal("800.00")
    other = load_workbook(io.BytesIO(archive.read("紫柏街道-小留坝村-2026年账簿.xlsx")))
    assert other.sheetnames[-1] == "银行存款日记账 6月" and "现金日记账 6月" not in other.sheetnames


def test_progress_is_counted_in_villages_and_reaches_the_total(villages, books):
    job = jobs.enqueue_report(kind=YEAR_BOOKS, by=books.officer, title="年度账簿",
                              params={"ledgers": [ledger.pk for ledger in villages], "year": YEAR, "format": "xlsx"},
                              villages=[ledger.village for ledger in villages])
    calls = []
    output = make_year_books(ReportJob.objects.select_related("requested_by").get(pk=job.pk),
                             lambda done, total: calls.append((done, total)))
    assert calls == [(0, 2), (1, 2), (2, 2)]
    assert output.content_type == "application/zip" and len(zipfile.ZipFile(io.BytesIO(output.data)).namelist()) == 2


def test_a_village_outside_ones_scope_is_refused_and_nothing_is_queued(villages, books, client_for):
    outsider = client_for(books.outsider)  # 马道镇's officer: 紫柏街道's ledgers are not in his list
    sandba = build.ledger(books.world.v21, books.outsider, through=(2026, 1))
    for selection in (villages, [sandba, villages[0]]):
        response = export(outsider, selection, year=str(YEAR), output="pdf")
        assert response.status_code == 302 and not ReportJob.objects.exists()
        shown = outsider.get(response.url)
        assert "所选账套有不在您管辖范围内的,未导出" in shown.text


def test_a_requester_who_lost_the_village_meanwhile_gets_a_failed_job_not_the_books(
        villages, books, client_for, run_worker):
    export(client_for(books.officer), villages, year=str(YEAR), output="xlsx")
    type(books.officer).objects.filter(pk=books.officer.pk).update(township=books.world.t2)

    run_worker()

    job = ReportJob.objects.get()
    assert job.status == "failed" and not job.file
    assert job.error == "有 2 个所选账套已不在您的管辖范围内,未生成"


@pytest.mark.parametrize(("year", "message"), [
    ("2999", "年度须在 2000 年至"),
    ("1999", "年度须在 2000 年至"),
    ("2025", "所选账套都在 2025 年以后才建账,该年度没有账簿"),
    ("二〇二五", "整数"),
])
def test_a_bad_year_is_refused_on_the_page_and_nothing_is_queued(villages, books, client_for, year, message):
    response = export(client_for(books.officer), villages, year=year, output="pdf")
    assert response.status_code == 200 and not ReportJob.objects.exists()
    assert message in response.text


def test_the_action_is_offered_to_whoever_reads_the_villages_vouchers(books, client_for):
    for user in (books.officer, books.auditor, books.chair):
        listing = client_for(user).get(reverse("admin:finance_ledger_changelist"))
        assert "export_year_books" in {name for name, _ in listing.context["action_form"].fields["action"].choices}
