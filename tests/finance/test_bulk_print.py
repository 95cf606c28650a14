"""Printing a selection of vouchers runs in the worker: the action answers at once with the job's page, the worker
lays the PDF out page by page, and the requester downloads it."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coop.jobs.models import ReportJob
from finance.models import Voucher
from finance.report_jobs import estimated_pages
from tests.builders import posted

# serialized: a plain transactional test's flush re-creates content types under new ids on PostgreSQL, which the
# serialized tests after it (tests/finance) then collide with; and the chart of accounts comes from a migration.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def print_action(client, vouchers):
    return client.post(reverse("admin:finance_voucher_changelist"),
                       {"action": "print_selected", "_selected_action": [v.pk for v in vouchers]})


def test_printing_a_selection_answers_with_the_job_page_not_the_pdf(books, client_for, run_worker):
    vouchers = [posted(books.ledger, books.day + timedelta(days=i), (("102", "debit", f"{100 + i}.00"),
                                                                   ("301", "credit", f"{100 + i}.00")),
                       preparer=books.chair, approver=books.officer) for i in range(3)]
    client = client_for(books.auditor)
    response = print_action(client, vouchers)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:jobs_reportjob_change", args=[job.pk])
    assert job.status == "queued" and job.params == {"vouchers": [v.pk for v in vouchers]}
    assert job.title == "记账凭证-桑园村-2026-11-02至2026-11-04-3张"

    run_worker()

    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 2 and job.unit == "页"
    download = client.get(reverse("admin:jobs_reportjob_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert len(reader.pages) == 2
    assert all(f"记字第{v.number}号" in text for v in vouchers)
    assert "壹佰零贰元整" in text


def test_a_print_of_vouchers_outside_ones_scope_is_refused(books, client_for):
    voucher = posted(books.ledger, books.day, (("102", "debit", "5"), ("301", "credit", "5")),
                     preparer=books.chair, approver=books.officer)
    print_action(client_for(books.outsider), [voucher])
    assert not ReportJob.objects.exists()
    assert Voucher.objects.count() == 1


@pytest.mark.parametrize(("lines", "pages"), [
    ([2], 1), ([2, 2], 1), ([2, 2, 2], 2), ([7], 1), ([2, 7, 2], 3), ([2, 2, 7, 2, 2, 2], 4),
])
def test_the_page_estimate_follows_the_half_page_layout(lines, pages):
    assert estimated_pages(lines) == pages
