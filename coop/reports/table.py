"""The shared part of every report: the `Report` and its `Column`s, and what every output makes of them (cell
texts, the one- or two-level header, column widths)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from coop.money import yuan

TEXT, MONEY, INT, DATE = "text", "money", "int", "date"
KINDS = (TEXT, MONEY, INT, DATE)
ROW_STYLES = ("total", "subtotal", "heading", "muted")
TOTAL_STYLES = ("total", "subtotal")


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
    rows: list[dict]  # by column key; Decimal for money; optional "_style" (ROW_STYLES), "_indent" (int) and
    # "_links" ({column key: url}, followed on screen only)
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
        bold = set(row.get("_bold") or ())  # single cells set in bold, e.g. one side of a two-sided statement
        links = row.get("_links") or {}
        cells = [{"text": format_cell(c, row.get(c.key), total=total or c.key in bold),
                  "kind": c.kind + (" strong" if c.key in bold else ""), "href": links.get(c.key, "")}
                 for c in report.columns]
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
