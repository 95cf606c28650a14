"""The one report module every report reuses: a `Report` (title, org, period, columns, rows) rendered as an A4
PDF (WeasyPrint), an xlsx workbook (openpyxl) or a page in the admin; bespoke layouts such as the voucher print go
through `render_pdf_template`.

    from coop.reports import Column, Report, render_pdf, render_xlsx, render_screen, pdf_response, xlsx_response

table.py holds the dataclasses and what all outputs share, pdf.py the WeasyPrint side (templates under
templates/reports/, the restricted URL fetcher), xlsx.py the openpyxl side; this module the HTTP side.
"""

import re
from urllib.parse import quote, urlencode

import django.contrib.admin
from django.http import HttpResponse
from django.shortcuts import render

from coop.reports.pdf import (
    URLNotAllowed,
    html_to_pdf,
    missing_glyphs,
    page_progress,
    pdf_engine,
    render_pdf,
    render_pdf_bundle,
    render_pdf_template,
    static_base_url,
    static_roots,
    url_fetcher,
)
from coop.reports.table import (
    DATE,
    INT,
    KINDS,
    MONEY,
    ROW_STYLES,
    TEXT,
    Column,
    Report,
    body_rows,
    column_widths,
    format_cell,
    header_rows,
    report_context,
)
from coop.reports.xlsx import render_xlsx

PDF_MIME = "application/pdf"
ZIP_MIME = "application/zip"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "DATE", "INT", "KINDS", "MONEY", "PDF_MIME", "ROW_STYLES", "TEXT", "XLSX_MIME", "ZIP_MIME", "Column", "Report",
    "URLNotAllowed", "body_rows", "column_widths", "format_cell", "header_rows", "html_to_pdf", "missing_glyphs",
    "page_progress", "pdf_engine", "pdf_response", "render_pdf", "render_pdf_bundle", "render_pdf_template",
    "render_screen", "render_xlsx", "report_context", "static_base_url", "static_roots", "url_fetcher",
    "xlsx_response",
]


def _disposition(disposition: str, filename: str, extension: str) -> str:
    """`inline; filename="report.pdf"; filename*=UTF-8''%E7%A7%91...` (RFC 6266 / RFC 5987)."""
    name = re.sub(r'[\x00-\x1f\x7f/\\"]+', "_", filename or "").strip(" .") or "report"
    if not name.lower().endswith(extension):
        name += extension
    fallback = name if name.isascii() else "report" + extension
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF_MIME)
    response["Content-Disposition"] = _disposition("inline" if inline else "attachment", filename, ".pdf")
    response["Cache-Control"] = "private, no-store"  # reports name members: keep them out of shared caches
    return response


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_MIME)
    response["Content-Disposition"] = _disposition("attachment", filename, ".xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def respond(request, report: Report, *, params, template_name: str = "reports/table_screen.html",
            extra_context: dict | None = None) -> HttpResponse:
    """A report as the request asks for it (`?format=pdf`, `?format=xlsx`, else the page), the page's PDF and xlsx
    links keeping the request's other parameters (`params`: the filter's values)."""
    output = request.GET.get("format")
    if output == "pdf":
        return pdf_response(render_pdf(report), report.filename)
    if output == "xlsx":
        return xlsx_response(render_xlsx(report), report.filename)
    query = {key: value for key, value in params.items() if key != "format"}
    links = {kind: "?" + urlencode({**query, "format": kind}, doseq=True) for kind in ("pdf", "xlsx")}
    return render_screen(request, report, template_name=template_name, pdf_url=links["pdf"], xlsx_url=links["xlsx"],
                         extra_context=extra_context)


def render_screen(
    request,
    report: Report,
    *,
    pdf_url: str = "",
    xlsx_url: str = "",
    extra_context: dict | None = None,
    template_name: str = "reports/table_screen.html",
) -> HttpResponse:
    """The report as a page of the admin (extend reports/table_screen.html and fill its report_filters block to
    add a filter form)."""
    context = {
        **django.contrib.admin.site.each_context(request),
        **report_context(report),
        "title": report.title,
        "pdf_url": pdf_url,
        "xlsx_url": xlsx_url,
        **(extra_context or {}),
    }
    return render(request, template_name, context)
