"""Excel files coming in: reading an uploaded sheet against a template's Chinese headers, the blank
templates themselves, and keeping an upload between its preview and the user's confirmation.

Every import in the project (a village's vouchers and opening balances, its roster, the poverty register, the
payroll, labour and carry-over lists) reads through here, number cells too (`number`), so a clerk gets the same
answers to the same mistakes wherever she uploads.
"""

import io
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from coop import limits
from coop.errors import Rule, RuleViolation

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
STASH_HOURS = 24


class CellError(ValueError):
    """A cell that cannot be read; the message is the Chinese sentence shown against the row and column."""


@dataclass
class RowError:
    row: int          # the (first) row number as Excel shows it; 0 for the file as a whole
    column: str
    message: str
    spans: tuple[int, ...] = ()  # every row of a record that spans several (a voucher's lines), when it does

    @property
    def rows(self) -> str:
        return row_span(self.spans or (self.row,))


def row_span(numbers) -> str:
    """Rows as the 行 column shows them: "6", "6–7" for a run, "6–7、9" when a record is split; "" for the file."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers) - {0}):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


@dataclass
class Sheet:
    """The data rows of an uploaded sheet: (Excel row number, values), and where each header sits."""

    body: list
    index: dict

    def cell(self, row, name):
        i = self.index.get(name)
        value = row[i] if i is not None and i < len(row) else None
        return value.strip() if isinstance(value, str) else value

    def text(self, row, name) -> str:
        """A cell as text: numbers Excel stored as floats (户编号 3 → 3.0) come back as typed ("3")."""
        value = self.cell(row, name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def numbers(self, n: int, row, columns: dict[str, int], errors: list[RowError]) -> dict | None:
        """The row's number cells, {column: the whole digits it may have}, each read by `number`: {column: Decimal
        or None when blank}, or None when any cannot be read — each such cell's error appended to `errors`
        against row `n` and its column."""
        found = {}
        for column, digits in columns.items():
            try:
                found[column] = number(self.text(row, column), column, whole_digits=digits)
            except CellError as error:
                errors.append(RowError(n, column, str(error)))
        return found if len(found) == len(columns) else None


class UploadForm(forms.Form):
    """The file field every import page has; pages add what to import and where. Field order: what the
    subclass declares first, the file last."""

    file = forms.FileField(label=gettext_lazy("Excel 文件(.xlsx,不超过 5 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(gettext_lazy("文件过大:不能超过 5 MB"))
        return upload


def read(data: bytes, expected: list[str], required: list[str], errors: list[RowError]) -> Sheet | None:
    """The first sheet's data rows, or None with the reason appended to `errors`: too big, not a readable
    .xlsx, empty, a required header missing, too many rows, or headers only.

    The sheet is read row by row and reading stops at the row limit, so an oversized upload costs the
    worker the limit's worth of rows, not the whole file."""
    if len(data) > MAX_BYTES:
        errors.append(RowError(0, "", _("文件过大(%(mb).1f MB),不能超过 5 MB") % {"mb": len(data) / 2**20}))
        return None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear answer
        errors.append(_unreadable())
        return None
    try:
        return _read_sheet(book.active, expected, required, errors)
    except Exception:  # noqa: BLE001 - a file that breaks off mid-sheet is as unreadable as one that never opens
        errors.append(_unreadable())
        return None
    finally:
        book.close()


def _unreadable() -> RowError:
    return RowError(0, "", _("无法读取文件:请上传 Excel 2007 及以上格式(.xlsx)的文件"))


def _read_sheet(worksheet, expected, required, errors) -> Sheet | None:
    # The size a file records for its sheet is often wrong (other programs write it carelessly): a size too
    # small would cut rows off, one too large would pad with empty rows. Read the rows the file really holds.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        errors.append(RowError(0, "", _("文件是空的")))
        return None
    headers = [str(h).strip() if h is not None else "" for h in first]
    missing = [h for h in required if h not in headers]
    if missing:
        errors.append(RowError(1, "", _("缺少列:%(cols)s。请使用下载的模板") % {"cols": "、".join(missing)}))
        return None
    body = []
    for n, values in enumerate(rows, start=2):
        if n - 1 > MAX_ROWS:
            errors.append(RowError(0, "", _(
                "行数过多:表头以下最多 %(n)s 行(空白行也计入),整个文件未导入。请分成几个文件导入,"
                "或删除多余的空白行") % {"n": MAX_ROWS}))
            return None
        if any(v not in (None, "") for v in values):
            body.append((n, values))
    if not body:
        errors.append(RowError(0, "", _("文件里没有数据行")))
        return None
    return Sheet(body=body, index={h: headers.index(h) for h in expected if h in headers})


def template(title: str, headers: list[str], examples: list[list], width: int = 16) -> bytes:
    """A workbook with the Chinese headers and example rows, every column formatted as text where the
    clerk will type long digit strings (ID numbers lose their last digits if Excel takes them as numbers)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for example in examples:
        sheet.append(example)
    for i, _header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def number(text: str, column: str, *, whole_digits: int = limits.AMOUNT_DIGITS) -> Decimal | None:
    """A number cell (a quantity, a rate, an amount) as clerks type it — thousands separators, ¥ and 元 allowed —
    or None when blank. Raises CellError, in words naming the column, for what is not a finite number or has
    `whole_digits` digits or more before the point (coop.limits: 12 for an amount, the ledger's)."""
    cleaned = str(text or "").replace(",", "").replace(",", "").replace("¥", "").replace("元", "").strip()
    if not cleaned:
        return None
    problem = limits.number_problem(cleaned, column, whole_digits=whole_digits)
    if problem:
        raise CellError(problem)
    return Decimal(cleaned)


def _stash_dir() -> Path:
    """Where an upload waits between preview and confirmation; uploads left for a day are removed."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STASH_HOURS * 3600
    for stale in path.glob("*.xlsx"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    return path


def stash(user, data: bytes) -> str:
    """Keep an upload that previewed cleanly; the token names its owner, so nobody else can confirm it."""
    token = f"{user.pk}-{uuid.uuid4().hex}"
    (_stash_dir() / f"{token}.xlsx").write_bytes(data)
    return token


def take(user, token: str) -> bytes | None:
    """The stashed upload, removed as it is taken; None when it has expired."""
    if not token.startswith(f"{user.pk}-") or not token.replace("-", "").isalnum():
        raise PermissionDenied  # another user's upload, or a path trick
    path = _stash_dir() / f"{token}.xlsx"
    if not path.exists():
        return None
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    return data


def row_errors(refusals, columns: dict[str, str]) -> list[RowError]:
    """A batch operation's refusals (coop.refusals.Refusal) put back against the file: each at the row its batch
    row came from, under the column that holds the field it is about."""
    return [RowError(refusal.row, columns.get(refusal.error.field, ""), refusal.error.messages[0])
            for refusal in refusals]


def refused_since_preview(refused, columns: dict[str, str]) -> RuleViolation:
    """The confirmation's answer when the operation refuses what the preview passed: the data changed since."""
    first = row_errors(refused.refusals, columns)[0]
    return RuleViolation(Rule.IMPORT, _("第 %(r)s 行 %(c)s:%(m)s。预览之后数据有变化,未导入任何数据;请重新上传预览") % {
        "r": first.row, "c": first.column, "m": first.message})
