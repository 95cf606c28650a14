"""A voucher's scan and a bulk print, as the chairman and the township officer meet them in a real browser."""

import io
from datetime import date

from django.urls import reverse
from PIL import Image

from coop.jobs.models import ReportJob
from coop.roles import Role
from finance import operations as fin
from tests.browser.conftest import shot
from tests.builders import lines, posted

RECEIPT = (("10201", "debit", "300.00"), ("501", "credit", "300.00"))


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(out, "PDF")
    return out.getvalue()


def test_a_chairmans_scan_reaches_the_officer_only_as_a_download(books, page_as, media):
    chair = books.users[Role.CHAIRMAN]
    voucher = fin.submit(voucher=fin.prepare(ledger=books.ledger, on=date(2026, 11, 3), lines=lines(*RECEIPT),
                                             by=chair), by=chair)
    page = page_as(chair)
    page.goto(page.base + reverse("admin:finance_voucher_change", args=[voucher.pk]))
    page.set_input_files("input[type=file]", files=[
        {"name": "receipt.html", "mimeType": "text/html", "buffer": b"%PDF-1.4\n<html><script>alert(1)</script>"}])
    with page.expect_navigation():
        page.locator("form[enctype] button[type=submit]").click()
    shot(page, "scan-1-disguised-page-refused")
    assert "不是扫描件" in page.locator(".messagelist").inner_text()
    assert not voucher.scans.exists()  # the page disguised as a PDF was refused
    page.set_input_files("input[type=file]", files=[
        {"name": "发票.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    with page.expect_navigation():
        page.locator("form[enctype] button[type=submit]").click()
    assert voucher.scans.count() == 1

    officer_page = page_as(books.users[Role.TOWNSHIP_OFFICER])
    officer_page.goto(officer_page.base + reverse("admin:finance_voucher_change", args=[voucher.pk]))
    scan = voucher.scans.get()
    link = officer_page.locator(f"a[href='{reverse('admin:finance_voucher_scan_file', args=[voucher.pk, scan.pk])}']")
    with officer_page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert officer_page.url.endswith(reverse("admin:finance_voucher_change", args=[voucher.pk]))


def test_an_officer_prints_a_selection_and_downloads_it_when_the_worker_is_done(books, page_as, run_worker):
    officer, officer_b, chair = books.users[Role.TOWNSHIP_OFFICER], books.officer_b, books.users[Role.CHAIRMAN]
    for day in (3, 4, 5):
        posted(books.ledger, date(2026, 11, day), RECEIPT, preparer=chair, approver=officer_b)
    page = page_as(officer)
    page.goto(page.base + reverse("admin:finance_voucher_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", "print_selected")
    with page.expect_navigation():
        page.click("button[name=index]")
    job = ReportJob.objects.get()
    assert page.url.endswith(reverse("admin:jobs_reportjob_change", args=[job.pk]))
    shot(page, "print-1-job-waiting")
    assert page.locator("progress").count() == 1
    run_worker()
    page.reload()
    shot(page, "print-2-job-done")
    link = page.locator(f"a[href='{reverse('admin:jobs_reportjob_download', args=[job.pk])}']")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert (download.value.path().read_bytes()[:5]) == b"%PDF-"
