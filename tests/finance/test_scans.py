"""Voucher scans: judged by their content, kept under generated names, served only as downloads of their real
type. A village's upload must never run as a page in a township officer's session (R2)."""

import functools
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance import scans
from finance.models import VoucherScan
from tests.builders import lines

RECEIPT = (("102", "debit", "1000.00"), ("301", "credit", "1000.00"))

# The attack as reported: a page that starts with the PDF signature, so the old first-bytes check passed it.
HTML_AS_PDF = (b"%PDF-1.4\n<html><body><script>fetch('/admin/finance/voucher/1/step/post/',"
               b"{method:'POST'})</script></body></html>\n")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def voucher(books):
    draft = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    return fin.submit(voucher=draft, by=books.chair)


@functools.cache  # once per kind: Pillow stamps a PDF with the time it was made
def picture(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, kind)
    return out.getvalue()


def pdf() -> bytes:
    return picture("PDF")


def upload(client, voucher, name, data):
    return client.post(reverse("admin:finance_voucher_scan", args=[voucher.pk]),
                       {"file": SimpleUploadedFile(name, data, "application/pdf")})


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def file_url(scan):
    return reverse("admin:finance_voucher_scan_file", args=[scan.voucher_id, scan.pk])


def test_a_page_starting_with_the_pdf_signature_is_refused(books, voucher, client_for):
    response = upload(client_for(books.chair), voucher, "receipt.html", HTML_AS_PDF)
    assert response.status_code == 302
    assert any("网页或脚本" in text for text in texts(response))
    assert not voucher.scans.exists()


def test_a_pdf_shaped_page_is_refused_by_the_operation_itself(books, voucher):
    with pytest.raises(RuleViolation) as refused:
        fin.attach_scan(voucher=voucher, upload=ContentFile(HTML_AS_PDF, name="receipt.pdf"), by=books.chair)
    assert refused.value.rule == Rule.UPLOAD
    assert not VoucherScan.objects.exists()


@pytest.mark.parametrize("data", [
    b"%PDF-1.4 tiny",  # the signature and nothing of a PDF's structure
    b"\x89PNG\r\n\x1a\n" + b"\0" * 64,  # a PNG signature over nothing
    b"\xff\xd8\xff\xe0" + b"\0" * 64,
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"MZ\x90\x00",
    b"GIF89a" + b"\0" * 32,
    b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n<SCRIPT>alert(1)</SCRIPT>\nstartxref\n0\n%%EOF\n",
], ids=["pdf-signature-only", "png-signature-only", "jpeg-signature-only", "svg", "exe", "gif",
        "pdf-shaped-page-in-capitals"])
def test_anything_but_a_whole_pdf_jpeg_or_png_is_refused(books, voucher, data):
    with pytest.raises(RuleViolation) as refused:
        fin.attach_scan(voucher=voucher, upload=ContentFile(data, name="scan.pdf"), by=books.chair)
    assert refused.value.rule == Rule.UPLOAD


def test_an_image_with_a_script_behind_its_pixels_is_refused(books, voucher):
    data = picture("PNG") + b"<script>alert(document.cookie)</script>"
    with pytest.raises(RuleViolation):
        fin.attach_scan(voucher=voucher, upload=ContentFile(data, name="a.png"), by=books.chair)


def test_a_pdf_that_would_run_javascript_is_refused(books, voucher):
    data = pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Java#53cript /JS (app.alert(1)) >>")
    with pytest.raises(RuleViolation) as refused:
        fin.attach_scan(voucher=voucher, upload=ContentFile(data, name="a.pdf"), by=books.chair)
    assert "脚本" in str(refused.value)


def _compressed_pdf(catalog_extra: dict) -> bytes:
    """A PDF whose objects sit in a compressed object stream (PDF 1.5+, as WeasyPrint and most scanners write):
    their bytes are deflated, so no marker is visible in the file."""
    import pydyf

    document = pydyf.PDF()
    for key, value in catalog_extra.items():
        document.add_object(value)
        document.catalog[key] = value.reference
    document.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": document.pages.reference,
                                        "MediaBox": pydyf.Array([0, 0, 200, 200])}))
    out = io.BytesIO()
    document.write(out, version=b"1.7", compress=True)
    return out.getvalue()


def test_a_script_hidden_in_a_compressed_object_stream_is_refused(books, voucher):
    import pydyf

    data = _compressed_pdf({"OpenAction": pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String("app.alert(1)")})})
    assert b"JavaScript" not in data and b"ObjStm" in data
    with pytest.raises(RuleViolation) as refused:
        fin.attach_scan(voucher=voucher, upload=ContentFile(data, name="a.pdf"), by=books.chair)
    assert refused.value.rule == Rule.UPLOAD and "脚本" in str(refused.value)


def test_a_clean_pdf_with_compressed_object_streams_is_accepted(books, voucher):
    import pydyf

    data = _compressed_pdf({"PageMode": pydyf.Dictionary({"Type": "/Outlines"})})
    assert scans.identify(data) == scans.PDF


def test_an_empty_or_oversized_file_is_refused_with_the_upload_rule(books, voucher, client_for):
    client = client_for(books.chair)
    assert any("空的" in text for text in texts(upload(client, voucher, "empty.pdf", b"")))
    big = upload(client, voucher, "big.pdf", pdf() + b"\0" * scans.MAX_SCAN_BYTES)
    assert big.status_code == 302 and any("文件过大" in text for text in texts(big))
    assert not voucher.scans.exists()


@pytest.mark.parametrize("kind, content_type, extension", [
    ("PDF", "application/pdf", "pdf"), ("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png")])
def test_a_scan_is_stored_under_a_generated_name_with_its_real_type(books, voucher, client_for, kind,
                                                                    content_type, extension):
    upload(client_for(books.chair), voucher, "../../发票 <1>.html", picture(kind))
    scan = voucher.scans.get()
    stored = scan.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(f".{extension}") and len(stored) == 32 + 1 + len(extension)
    assert "发票" not in scan.file.name and ".." not in scan.file.name
    assert scan.content_type == content_type and scan.size == len(picture(kind))
    assert scan.original_name == "发票 _1_.html"


def test_two_uploads_of_the_same_name_are_kept_apart(books, voucher, client_for):
    client = client_for(books.chair)
    upload(client, voucher, "scan.pdf", pdf())
    upload(client, voucher, "scan.pdf", picture("PNG"))
    first, second = voucher.scans.order_by("pk")
    assert first.file.name != second.file.name and first.file.read() == pdf()


def test_a_scan_is_served_as_a_download_of_its_stored_type(books, voucher, client_for):
    upload(client_for(books.chair), voucher, "receipt.html", pdf())
    response = client_for(books.officer).get(file_url(voucher.scans.get()))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "receipt.pdf" in response[
        "Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == pdf()


def test_a_stored_html_file_is_never_served_as_a_page(books, voucher, client_for):
    """A scan kept before content types were stored, under the uploader's .html name."""
    name = default_storage.save(f"vouchers/{voucher.ledger.village.code}/{voucher.pk}/receipt.html",
                                ContentFile(HTML_AS_PDF))
    scan = VoucherScan.objects.create(voucher=voucher, uploaded_by=books.chair, file=name)
    response = client_for(books.officer).get(file_url(scan))
    assert response.status_code == 200
    assert "html" not in response["Content-Type"] and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;") and ".html" not in response[
        "Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_another_villages_scan_is_not_found(books, voucher, client_for, world):
    upload(client_for(books.chair), voucher, "fapiao.pdf", pdf())
    url = file_url(voucher.scans.get())
    assert client_for(books.auditor).get(url).status_code == 200
    assert client_for(world.chair21).get(url).status_code == 404
    assert client_for(books.outsider).get(url).status_code == 404
    other = reverse("admin:finance_voucher_scan", args=[voucher.pk])
    assert client_for(world.chair21).post(other, {"file": SimpleUploadedFile("a.pdf", pdf())}).status_code == 404
    assert voucher.scans.count() == 1


def test_the_scan_view_never_answers_an_error_page(books, voucher, client_for):
    client = client_for(books.chair)
    url = reverse("admin:finance_voucher_scan", args=[voucher.pk])
    assert client.get(url).status_code == 302
    no_file = client.post(url, {})
    assert no_file.status_code == 302 and texts(no_file)
    reader = client_for(books.auditor).post(url, {"file": SimpleUploadedFile("a.pdf", pdf())})
    assert reader.status_code == 302 and any("R2" in text for text in texts(reader))
    assert not voucher.scans.exists()


def test_a_scan_whose_file_is_gone_is_not_found(books, voucher, client_for):
    upload(client_for(books.chair), voucher, "a.pdf", pdf())
    scan = voucher.scans.get()
    scan.file.storage.delete(scan.file.name)
    assert client_for(books.officer).get(file_url(scan)).status_code == 404


@pytest.mark.parametrize("given, shown", [
    ("C:\\Users\\王\\发票.pdf", "发票.pdf"), ("a\r\nX-Evil: 1.pdf", "aX-Evil_ 1.pdf"), ("", ""),
    ("...", ""), ('"quoted".pdf', "_quoted_.pdf")])
def test_the_uploaders_name_is_kept_only_as_a_clean_label(given, shown):
    assert scans.original_name(given) == shown
