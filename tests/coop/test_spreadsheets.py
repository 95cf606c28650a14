"""Reading an uploaded sheet (coop.spreadsheets.read, shared by every import): row by row, stopping at the
row limit, and trusting the rows the file holds rather than the size it claims."""

import io
import re
import zipfile

from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from coop import spreadsheets
from tests import builders

HEADERS = ["户编号", "姓名"]


def read(data):
    errors = []
    return spreadsheets.read(data, HEADERS, HEADERS, errors), errors


def test_a_sheet_longer_than_the_limit_is_refused_without_reading_past_the_limit(monkeypatch):
    consumed = []
    iter_rows = ReadOnlyWorksheet.iter_rows

    def counted(self, *args, **kwargs):
        for row in iter_rows(self, *args, **kwargs):
            consumed.append(row)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 10)
    sheet, errors = read(builders.xlsx([[f"{n:03d}", "王建国"] for n in range(500)], HEADERS))

    assert sheet is None and [e.row for e in errors] == [0]
    assert "行数过多" in errors[0].message and "10" in errors[0].message
    assert len(consumed) <= 1 + 10 + 1  # the header, the rows allowed, and the one that broke the limit


def test_a_sheet_at_the_limit_is_read_whole(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 10)
    sheet, errors = read(builders.xlsx([[f"{n:03d}", "王建国"] for n in range(10)], HEADERS))
    assert not errors and [n for n, _row in sheet.body] == list(range(2, 12))


def with_dimension(data: bytes, ref: str) -> bytes:
    """The same workbook claiming another size for its sheet, as files from other programs sometimes do."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, found = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', content)
                assert found == 1
            target.writestr(item, content)
    return out.getvalue()


def test_rows_beyond_the_size_a_file_claims_are_still_read():
    data = with_dimension(builders.xlsx([[f"{n:03d}", "王建国"] for n in range(5)], HEADERS), "A1:A2")
    sheet, errors = read(data)
    assert not errors and [(n, row[:2]) for n, row in sheet.body][-1] == (6, ("004", "王建国"))


def test_a_size_claimed_far_beyond_the_rows_does_not_count_as_rows(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 10)
    data = with_dimension(builders.xlsx([["001", "王建国"]], HEADERS), "A1:B1048576")
    sheet, errors = read(data)
    assert not errors and len(sheet.body) == 1


def test_a_file_broken_inside_its_sheet_is_refused_as_unreadable():
    data = builders.xlsx([["001", "王建国"]], HEADERS)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", b"<row r=")
            target.writestr(item, content)
    sheet, errors = read(out.getvalue())
    assert sheet is None and "无法读取文件" in errors[0].message
