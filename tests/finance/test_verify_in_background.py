"""Verifying many ledgers (a township's, the county's) runs on the background worker: the auditor's action answers
with the job's page, the worker recomputes each chain with its progress counted in ledgers, and the report it makes
names every ledger's seal or the first voucher changed behind the triggers. One ledger is still verified at once."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.jobs import operations as jobs
from coop.jobs.models import ReportJob
from finance import report_jobs
from finance.models import Ledger, Voucher
from tests import builders
from tests.finance.test_tamper_evidence import _behind_the_triggers, _post_three

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def county(books):
    """桑园村's books with three posted vouchers, and 沙坝村's (the other township) with one."""
    w = books.world
    books.vouchers = _post_three(books)
    books.other = builders.ledger(w.v21, w.officer2)
    builders.posted(books.other, date(2026, 11, 2), (("102", "debit", "80.00", "收入"), ("501", "credit", "80.00")),
                    preparer=w.chair21, approver=w.officer2)
    return books


def _verify(client, ledgers):
    return client.post(reverse("admin:finance_ledger_changelist"),
                       {"action": "verify_books", "_selected_action": [ledger.pk for ledger in ledgers]})


def _download(client, job) -> bytes:
    return b"".join(client.get(reverse("admin:jobs_reportjob_download", args=[job.pk])).streaming_content)


def test_the_county_is_verified_in_the_background_and_its_report_names_each_ledger(county, client_for, run_worker):
    client = client_for(county.auditor)
    response = _verify(client, Ledger.objects.all())
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:jobs_reportjob_change", args=[job.pk])
    assert (job.kind, job.total, job.unit) == (report_jobs.VERIFY_BOOKS, 2, "个账套")

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)  # two ledgers, then the layout
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_download(client, job))).pages).replace(" ", "")
    assert "账簿防篡改核验报告" in text and "桑园村" in text and "沙坝村" in text and "留坝县" in text
    assert county.vouchers[-1].chain_hash[:20] in text.replace("\n", "")


def test_a_changed_voucher_is_named_in_the_background_report(county, client_for, run_worker):
    _behind_the_triggers(("UPDATE finance_voucherline SET amount = amount + 1 WHERE voucher_id = %s",
                          [county.vouchers[1].pk]))
    job = jobs.enqueue_report(kind=report_jobs.VERIFY_BOOKS, by=county.auditor, title="核验",
                              params={"ledgers": [county.ledger.pk, county.other.pk], "format": "xlsx"},
                              villages=[county.world.v11, county.world.v21])
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    sheet = load_workbook(io.BytesIO(_download(client_for(county.auditor), job))).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1] in ("桑园村", "沙坝村")}
    assert rows["桑园村"][4] == "未通过" and "记字第 2 号" in rows["桑园村"][5]
    assert rows["沙坝村"][4] == "通过" and rows["沙坝村"][2] == 1


def test_progress_is_reported_ledger_by_ledger(county):
    job = ReportJob(requested_by=county.auditor, params={"ledgers": [county.ledger.pk, county.other.pk]})
    seen = []
    report = report_jobs.build_verification(job, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert report.rows[-1]["result"] == "通过 2,未通过 0"


def test_a_ledger_that_left_the_requesters_scope_fails_the_job(county, run_worker):
    officer = county.officer
    job = jobs.enqueue_report(kind=report_jobs.VERIFY_BOOKS, by=county.auditor, title="核验",
                              params={"ledgers": [county.ledger.pk, county.other.pk], "format": "pdf"},
                              villages=[county.world.v11, county.world.v21])
    ReportJob.objects.filter(pk=job.pk).update(requested_by=officer)  # as if the auditor became 紫柏街道's officer
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "1 个所选账套已不在您的管辖范围内" in job.error


def test_one_ledger_is_still_verified_at_once(county, client_for):
    client = client_for(county.auditor)
    response = client.post(reverse("admin:finance_ledger_changelist"),
                           {"action": "verify_books", "_selected_action": [county.ledger.pk]}, follow=True)
    assert "桑园村 账套核验通过,3 张已记账凭证与记账时一致" in response.text
    assert not ReportJob.objects.exists()


def test_a_ledger_outside_the_officers_township_cannot_be_sent_to_the_worker(county, client_for):
    """The changelist only offers the officer's own ledgers; a forged selection reaches no other village."""
    client = client_for(county.officer)
    _verify(client, [county.ledger, county.other])
    assert not ReportJob.objects.filter(villages=county.world.v21).exists()
    assert Voucher.objects.filter(ledger=county.other).count() == 1
