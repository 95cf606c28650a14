"""用工记录 from Excel: one row per worker and day (or run of days), for one project. Parsing reads the cells and
finds the workers of the project's village by ID number (members.face.persons_by_id_number: a worker of
another village reads as unknown), never writing; the rules (the work period, the village, R4b for the whole file)
are `projects.operations.labour_refusals`, asked for the preview, and `record_labour_batch` applies the file all or
nothing. The admin's upload page and `manage.py project_labour <project> file.xlsx` both read through here."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.limits import AMOUNT_DIGITS, whole_digits
from coop.spreadsheets import RowError, refused_since_preview, row_errors
from members.face import CellError, id_number_cell, persons_by_id_number
from projects import operations as ops
from projects.models import LabourRecord, Project

HEADERS = ["姓名", "身份证号", "日期", "工日", "日工资"]
REQUIRED = ["身份证号", "日期", "工日", "日工资"]
COLUMNS = {"person": "身份证号", "on": "日期", "days": "工日", "daily_wage": "日工资"}
TEMPLATE_NAME = "用工记录导入模板"
DAYS_DIGITS = whole_digits(LabourRecord, "days")


@dataclass
class Parsed:
    project: Project
    rows: list[ops.LabourRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> Decimal:
        return sum((Decimal(row.days) * row.daily_wage for row in self.rows), Decimal("0")).quantize(Decimal("0.01"))


def template() -> bytes:
    return spreadsheets.template("用工记录", HEADERS, [["刘一", "610729198001010018", "2026-05-06", "3", "150"],
                                                   ["陈二", "61072919750707003X", "2026-05-06", "2.5", "150"]])


def parse(data: bytes, project: Project) -> Parsed:
    """The file's rows as LabourRow (each with its Excel row), and every error against its row and column: the
    cells first, then, when they all read, what the operation would refuse."""
    result = Parsed(project=project)
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    cells = []
    for n, row in sheet.body:
        try:
            cells.append((n, sheet.text(row, "姓名"), id_number_cell(sheet.cell(row, "身份证号")), row))
        except CellError as error:
            result.errors.append(RowError(n, "身份证号", str(error)))
    persons = persons_by_id_number([number for _n, _name, number, _row in cells], project.cooperative.village_id)
    for n, name, number, row in cells:
        person = persons.get(number)
        if person is None:
            result.errors.append(RowError(n, "身份证号", _("人员名册中没有身份证号为 %(id)s 的人员") % {"id": number}))
            continue
        if name and name != person.name:
            result.errors.append(RowError(n, "姓名", _("姓名不符:身份证号 %(id)s 是 %(a)s,文件中为 %(b)s") % {
                "id": number, "a": person.name, "b": name}))
            continue
        on = spreadsheets.parse_date(sheet.cell(row, "日期"))
        if on is None:
            result.errors.append(RowError(n, "日期", _("日期“%(v)s”无法识别,请填写如 2026-05-06") % {
                "v": sheet.text(row, "日期")}))
            continue
        figures = sheet.numbers(n, row, {"工日": DAYS_DIGITS, "日工资": AMOUNT_DIGITS}, result.errors)
        if figures is None:
            continue
        result.rows.append(ops.LabourRow(person=person, on=on, days=figures["工日"], daily_wage=figures["日工资"],
                                         row=n))
    result.errors += _stage_errors(project)
    if result.rows:
        result.errors += row_errors(ops.labour_refusals(project, result.rows), COLUMNS)
    result.errors.sort(key=lambda e: e.row)
    return result


def _stage_errors(project: Project) -> list[RowError]:
    """A project that takes no labour now (not yet 施工中, or closed) refuses the whole file."""
    if project.status != Project.Status.UNDER_WAY:
        return [RowError(0, "", _("%(p)s 当前状态为“%(s)s”,不能登记用工") % {
            "p": project.name, "s": project.get_status_display()})]
    return []


def apply(parsed: Parsed, by) -> list:
    """Record the file's rows through `record_labour_batch`, all or nothing."""
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        return ops.record_labour_batch(project=parsed.project, rows=parsed.rows, by=by)
    except ops.BatchRefused as refused:  # something changed since the preview
        raise refused_since_preview(refused, COLUMNS) from refused
