"""The one report module every report reuses: a `Report` (title, org, period, columns, rows) rendered as an A4 PDF
(WeasyPrint), an xlsx workbook (openpyxl) or a page in the admin; bespoke layouts such as the voucher print go
through `render_pdf_template`.

PDFs: fonts are named explicitly (Noto Sans CJK SC), subsetting stays on, and WeasyPrint may only read files under
the project's static dirs and the admin's static files (`StaticOnlyURLFetcher`): no network, no /etc/passwd.
A missing glyph is logged by the "weasyprint" logger as a `.notdef` warning; `missing_glyphs()` collects them.

PDF templates are rendered by a small engine of their own (`pdf_engine`) with this module's filters built in:
`money` (1,234.56, blank for None), `cn_date` (2026年11月25日) and `pad_rows` (empty rows up to a count).
"""

import datetime
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from django import template
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coop.money import yuan

TEXT, MONEY, INT, DATE = "text", "money", "int", "date"
KINDS = (TEXT, MONEY, INT, DATE)
ROW_STYLES = ("total", "subtotal", "heading", "muted")
TOTAL_STYLES = ("total", "subtotal")
PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT  # "text" | "money" | "int" | "date"
    group: str = ""  # upper header cell spanning consecutive columns of the same group (期初余额 over 借方/贷方)
    width: float = 1.0  # relative width

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key!r}: kind must be one of {KINDS}, not {self.kind!r}")
        if self.width <= 0:
            raise ValueError(f"column {self.key!r}: width must be positive")


@dataclass
class Report:
    title: str
    org: str  # 编制单位
    period: str
    columns: list[Column]
    rows: list[dict]  # by column key; Decimal for money; optional "_style" (ROW_STYLES) and "_indent" (int)
    meta: list[tuple[str, str]] = field(default_factory=list)  # extra header fields: [("科目", "101 库存现金")]
    notes: list[str] = field(default_factory=list)  # footnotes under the table
    signatures: list[str] = field(default_factory=lambda: ["会计主管", "记账", "审核", "制单"])
    unit: str = "元"
    landscape: bool = False
    filename: str = "report"  # base name for downloads (may contain Chinese)


# ---------------------------------------------------------------- cells, headers, rows (shared by all outputs)


def row_style(row: dict) -> str:
    style = row.get("_style") or ""
    if style and style not in ROW_STYLES:
        raise ValueError(f"row _style must be one of {ROW_STYLES}, not {style!r}")
    return style


def format_cell(column: Column, value, *, total: bool = False) -> str:
    """The text of a cell. Money: 1,234.56 without ¥, -1,234.56 when negative, blank for None and for 0 unless the
    row is a total or subtotal (then 0.00)."""
    if value is None or value == "":
        return ""
    if column.kind == MONEY:
        return yuan(value, symbol=False) if (value or total) else ""
    if column.kind == INT:
        return f"{value:,}" if isinstance(value, int | Decimal) else str(value)
    if column.kind == DATE:
        if isinstance(value, datetime.datetime):
            return timezone.template_localtime(value).strftime("%Y-%m-%d %H:%M")
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return str(value)


def header_rows(columns: list[Column]) -> list[list[dict]]:
    """One header row, or two when any column has a group: the group's cell spans its consecutive columns and
    every ungrouped column spans both rows. Each cell: label, col (0-based), colspan, rowspan."""
    two = any(c.group for c in columns)
    top, bottom = [], []
    i = 0
    while i < len(columns):
        column = columns[i]
        if not column.group:
            top.append({"label": column.label, "col": i, "colspan": 1, "rowspan": 2 if two else 1})
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == column.group:
            bottom.append({"label": columns[j].label, "col": j, "colspan": 1, "rowspan": 1})
            j += 1
        top.append({"label": column.group, "col": i, "colspan": j - i, "rowspan": 1})
        i = j
    return [top, bottom] if two else [top]


def indent_column(columns: list[Column]) -> int:
    """Where row["_indent"] applies: the widest text column (the name, not the code), else the first."""
    texts = [(-c.width, i) for i, c in enumerate(columns) if c.kind == TEXT]
    return min(texts)[1] if texts else 0


def body_rows(report: Report) -> list[dict]:
    rows, at = [], indent_column(report.columns)
    for row in report.rows:
        style = row_style(row)
        total = style in TOTAL_STYLES
        indent = int(row.get("_indent") or 0)
        cells = [{"text": format_cell(c, row.get(c.key), total=total), "kind": c.kind} for c in report.columns]
        if indent and cells:
            cells[at]["pad"] = f"{0.3 + 1.2 * indent:.1f}em"
        rows.append({"style": style, "cells": cells})
    return rows


def _em(text: str) -> float:
    """Rough width of a line in em of Noto Sans CJK: CJK 1, digits 0.56, separators 0.3, other 0.6."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.56 if ch.isdigit() else 0.3 if ch in ",.:-" else 0.6 for ch in text)


def column_widths(report: Report, rows: list[dict]) -> list[float]:
    """Column widths in % of the table. Numbers never wrap, so a money, int or date column whose widest cell
    would not fit its share grows, taken from the text columns (which wrap) in proportion to their widths."""
    columns = report.columns
    page_em = (273 if report.landscape else 186) / 3.175  # A4 less 2 × 12 mm margins, in em of 9 pt
    total = sum(c.width for c in columns) or 1
    shares = [c.width / total for c in columns]
    need = [0.0] * len(columns)
    for i, c in enumerate(columns):
        if c.kind != TEXT:
            texts = [row["cells"][i]["text"] for row in rows]
            need[i] = (max(map(_em, texts), default=0) * 1.06 + 1.0) / page_em  # bold totals, padding
    short = sum(max(0.0, n - s) for n, s in zip(need, shares, strict=True))
    text_share = sum(s for c, s in zip(columns, shares, strict=True) if c.kind == TEXT)
    if short and text_share > short * 1.5:
        shares = [max(s, n) if c.kind != TEXT else s * (1 - short / text_share)
                  for c, s, n in zip(columns, shares, need, strict=True)]
    return [100 * s / sum(shares) for s in shares]


def report_context(report: Report) -> dict:
    rows = body_rows(report)
    return {
        "report": report,
        "header_rows": header_rows(report.columns),
        "rows": rows,
        "widths": [f"{w:.3f}%" for w in column_widths(report, rows)],
        "ncols": len(report.columns),
        "printed_at": timezone.template_localtime(timezone.now()).strftime("%Y-%m-%d %H:%M"),
    }


# ---------------------------------------------------------------- PDF


class URLNotAllowed(ValueError):
    """WeasyPrint asked for something outside the project's static files."""


def static_roots() -> list[Path]:
    import django.contrib.admin

    roots = [Path(d[1] if isinstance(d, list | tuple) else d) for d in settings.STATICFILES_DIRS]
    roots.append(Path(django.contrib.admin.__file__).parent / "static")
    return [root.resolve() for root in roots]


def static_base_url() -> str:
    return static_roots()[0].as_uri() + "/"


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyURLFetcher(URLFetcher):
        """Reads file: URLs under the given roots and refuses everything else (http, data, other files)."""

        def __init__(self, roots, **kwargs):
            super().__init__(allowed_protocols=("file",), allow_redirects=False, **kwargs)
            self.roots = [Path(r).resolve() for r in roots]

        def allowed_path(self, url: str) -> Path:
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                raise URLNotAllowed(f"PDF rendering may not fetch {url[:200]!r}")
            path = Path(url2pathname(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
                raise URLNotAllowed(f"PDF rendering may not read {str(path)[:200]!r}")
            return path

        def fetch(self, url, headers=None):
            self.allowed_path(url)
            return super().fetch(url, headers)

    return StaticOnlyURLFetcher


def url_fetcher(*, fail_on_errors: bool = True):
    """The fetcher every PDF uses. A refused URL stops the rendering (FatalURLFetchingError), so a stray
    reference in a template is found in tests rather than silently dropped."""
    return _fetcher_class()(static_roots(), fail_on_errors=fail_on_errors)


register = template.Library()  # built into pdf_engine()


@register.filter
def money(value) -> str:
    return "" if value is None or value == "" else yuan(value, symbol=False)


@register.filter
def cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


@register.filter
def pad_rows(items, size) -> range:
    return range(max(0, int(size) - len(items or ())))


@cache
def pdf_engine() -> template.Engine:
    dirs = [d for t in settings.TEMPLATES if t["BACKEND"].endswith("DjangoTemplates") for d in t.get("DIRS", [])]
    return template.Engine(
        dirs=dirs, app_dirs=True, builtins=["coop.reports"], libraries={"static": "django.templatetags.static"}
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=static_base_url(), url_fetcher=url_fetcher()).write_pdf()


def render_pdf_template(template_name: str, context: dict) -> bytes:
    html = pdf_engine().get_template(template_name).render(template.Context(context, autoescape=True))
    return html_to_pdf(html)


def render_pdf(report: Report) -> bytes:
    return render_pdf_template("reports/table_pdf.html", report_context(report))


@contextmanager
def missing_glyphs():
    """Collects WeasyPrint's missing-glyph warnings: `with missing_glyphs() as found: ...; assert not found`."""
    found: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if ".notdef" in message or "glyph" in message.lower():
                found.append(message)

    handler, logger = Catch(logging.WARNING), logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


# ---------------------------------------------------------------- xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT, INT_FORMAT, DATE_FORMAT = "#,##0.00", "#,##0", "yyyy-mm-dd"


def _text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _put(ws, row: int, col: int, value):
    """Write a value; text that a spreadsheet would read as a formula is stored as text with a quote prefix."""
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _xlsx_value(column: Column, value, total: bool):
    if value is None or value == "":
        return None
    if column.kind == MONEY and isinstance(value, int | Decimal | str):
        amount = Decimal(value)
        return amount if (amount or total) else None
    if column.kind == INT and isinstance(value, int | Decimal):
        return value
    if column.kind == DATE and isinstance(value, datetime.datetime):
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    if column.kind == DATE and isinstance(value, datetime.date):
        return value
    return str(value)


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns, n = report.columns, max(1, len(report.columns))
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", report.title)[:31] or "report"
    thin, medium = Side(style="thin"), Side(style="medium")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def merge(r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    _put(ws, 1, 1, report.title).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    merge(1, 1, 1, n)
    ws.row_dimensions[1].height = 30
    org, unit = f"编制单位：{report.org}", f"单位：{report.unit}"
    if n >= 3:
        split = max(1, (n - 1) // 2)
        _put(ws, 2, 1, org).alignment = Alignment(horizontal="left")
        merge(2, 1, 2, split)
        _put(ws, 2, split + 1, report.period).alignment = Alignment(horizontal="center")
        merge(2, split + 1, 2, n - 1)
        _put(ws, 2, n, unit).alignment = Alignment(horizontal="right")
    else:
        _put(ws, 2, 1, f"{org}    {report.period}    {unit}")
        merge(2, 1, 2, n)
    row = 3
    if report.meta:
        _put(ws, row, 1, "    ".join(f"{k}：{v}" for k, v in report.meta))
        merge(row, 1, row, n)
        row += 1

    head = header_rows(columns)
    first_head, last_head = row, row + len(head) - 1
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    for offset, cells in enumerate(head):
        for h in cells:
            _put(ws, row + offset, h["col"] + 1, h["label"])
            merge(row + offset, h["col"] + 1, row + offset + h["rowspan"] - 1, h["col"] + h["colspan"])
    for r in range(first_head, last_head + 1):
        for c in range(1, len(columns) + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), center, grid, header_fill
    row = last_head + 1

    widths = [_text_width(c.label) for c in columns]
    indent_at = indent_column(columns)
    formats = {MONEY: MONEY_FORMAT, INT: INT_FORMAT, DATE: DATE_FORMAT}
    for data in report.rows:
        style = row_style(data)
        total = style in TOTAL_STYLES
        for i, column in enumerate(columns):
            cell = _put(ws, row, i + 1, _xlsx_value(column, data.get(column.key), total))
            cell.border = Border(left=thin, right=thin, bottom=thin, top=medium if style == "total" else thin)
            if column.kind in formats and not isinstance(cell.value, str):
                cell.number_format = formats[column.kind]
            if column.kind != TEXT:
                cell.alignment = Alignment(horizontal="right" if column.kind != DATE else "center")
            elif i == indent_at and data.get("_indent"):
                cell.alignment = Alignment(indent=int(data["_indent"]))
            if style in ("total", "subtotal", "heading"):
                cell.font = Font(bold=True)
            elif style == "muted":
                cell.font = Font(color="808080")
            widths[i] = max(widths[i], _text_width(format_cell(column, data.get(column.key), total=total)))
        row += 1

    row += 1
    for note in report.notes:
        _put(ws, row, 1, note).alignment = Alignment(wrap_text=False)
        row += 1
    if report.signatures:
        _put(ws, row + 1, 1, "        ".join(f"{s}：________" for s in report.signatures))

    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 3, 8), 60)
    ws.freeze_panes = ws.cell(last_head + 1, 1)
    ws.print_title_rows = f"{first_head}:{last_head}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- HTTP


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
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        **report_context(report),
        "title": report.title,
        "pdf_url": pdf_url,
        "xlsx_url": xlsx_url,
        **(extra_context or {}),
    }
    return render(request, template_name, context)
