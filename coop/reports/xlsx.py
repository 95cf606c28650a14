"""xlsx output through openpyxl: numbers stay numbers (#,##0.00), headers are merged as in the PDF, text that
would read as a formula is stored as text, and the sheet prints on A4 with its header repeated."""

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from coop.reports.table import (
    DATE,
    INT,
    MONEY,
    TEXT,
    TOTAL_STYLES,
    Column,
    Report,
    format_cell,
    header_rows,
    indent_column,
    row_style,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT, INT_FORMAT, DATE_FORMAT = "#,##0.00", "#,##0", "yyyy-mm-dd"


def _text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def table_xlsx(title: str, headers: list[str], rows) -> bytes:
    """A plain sheet (header row, then data) for list exports, with the same formula guard as the reports:
    a name typed as "=HYPERLINK(...)" in a roster must reach the auditor's Excel as text, not as a link."""
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "export"
    for c, header in enumerate(headers, start=1):
        _put(ws, 1, c, header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = max(10, _text_width(str(header)) + 4)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = _put(ws, r, c, value)
            if isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
    ws.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


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


def render_xlsx(report: Report, *more: Report, sheet_names: Sequence[str] = ()) -> bytes:
    """The report on the workbook's first sheet; each of `more` (a second table of the same report, such as the
    registers' figures under the books summary, or the other books of a village's year) on a sheet of its own, in
    the same layout. Each sheet is named after `sheet_names` (by position; the report's title where none is given),
    made unique: a second "总分类账" becomes "总分类账 (2)"."""
    wb = Workbook()
    taken: set[str] = set()
    for at, each in enumerate((report, *more)):
        ws = wb.active if at == 0 else wb.create_sheet()
        ws.title = _unique_sheet_name(sheet_names[at] if at < len(sheet_names) else each.title, taken)
        _write_sheet(ws, each)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _unique_sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts — at most 31 characters, none of []:*?/\\, not blank, unique whatever the case — that
    keeps the start of `wanted` and records itself in `taken`."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip().strip("'") or "report"
    name, copy = base[:31], 1
    while name.casefold() in taken:
        copy += 1
        suffix = f" ({copy})"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _write_sheet(ws, report: Report) -> None:
    columns, n = report.columns, max(1, len(report.columns))
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
    aligns = {TEXT: Alignment(), MONEY: Alignment(horizontal="right"), INT: Alignment(horizontal="right"),
              DATE: Alignment(horizontal="center")}
    fonts = {"total": Font(bold=True), "subtotal": Font(bold=True), "heading": Font(bold=True),
             "muted": Font(color="808080"), "": Font()}
    total_grid = Border(left=thin, right=thin, bottom=thin, top=medium)
    for data in report.rows:
        style = row_style(data)
        total = style in TOTAL_STYLES
        for i, column in enumerate(columns):
            value = data.get(column.key)
            strong = column.key in (data.get("_bold") or ())
            cell = _put(ws, row, i + 1, _xlsx_value(column, value, total or strong))
            cell.border = total_grid if style == "total" else grid
            cell.font, cell.alignment = (Font(bold=True) if strong else fonts[style]), aligns[column.kind]
            if column.kind in formats and not isinstance(cell.value, str):
                cell.number_format = formats[column.kind]
            if i == indent_at and data.get("_indent"):
                cell.alignment = Alignment(indent=int(data["_indent"]))
            widths[i] = max(widths[i], _text_width(format_cell(column, value, total=total)))
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
