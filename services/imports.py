"""Service records and a payroll from Excel, for one organisation. Parsing reads the cells and finds the households
and persons of the organisation's village (nobody else's: members.face.persons_by_id_number), never writing; the
rules are the operations' own (`service_refusals`, `payroll_refusals` with R4b for the whole file), asked for the
preview, and `record_services` / `record_payroll` apply the file all or nothing. The admin's upload pages and the
commands (`services_records`, `services_payroll`) read through here."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.limits import AMOUNT_DIGITS, whole_digits
from coop.spreadsheets import RowError, refused_since_preview, row_errors
from members.face import CellError, id_number_cell, persons_by_id_number
from members.models import Household
from services import operations as ops
from services.models import PayrollLine, ServiceOrganisation, ServiceRecord

SERVICE_HEADERS = ["服务项目", "日期", "数量", "户编号", "服务对象", "免费", "备注"]
SERVICE_REQUIRED = ["服务项目", "日期", "数量"]
SERVICE_COLUMNS = {"service": "服务项目", "on": "日期", "quantity": "数量", "household": "户编号", "client": "服务对象"}
SERVICE_TEMPLATE = "服务记录导入模板"

PAY_HEADERS = ["姓名", "身份证号", "类型", "天数(数量)", "单价", "机械或工具"]
PAY_REQUIRED = ["身份证号", "天数(数量)", "单价"]
PAY_COLUMNS = {"person": "身份证号", "kind": "类型", "quantity": "天数(数量)", "rate": "单价", "item": "机械或工具"}
PAY_TEMPLATE = "工资表导入模板"
KINDS = {"": PayrollLine.Kind.WAGE, "工资": PayrollLine.Kind.WAGE, "劳务报酬": PayrollLine.Kind.WAGE,
         "租金": PayrollLine.Kind.RENT, "机械工具租金": PayrollLine.Kind.RENT}
YES = {"是", "免费", "Y", "y", "1", "TRUE", "true"}
QUANTITY_DIGITS = whole_digits(ServiceRecord, "quantity")
DAYS_DIGITS = whole_digits(PayrollLine, "quantity")


@dataclass
class Parsed:
    organisation: ServiceOrganisation
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    payroll: dict = field(default_factory=dict)  # a payroll's year, month and date

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> Decimal:
        return sum((Decimal(row.quantity) * Decimal(row.rate) for row in self.rows if hasattr(row, "rate")),
                   Decimal("0")).quantize(Decimal("0.01"))


def service_template() -> bytes:
    return spreadsheets.template("服务记录", SERVICE_HEADERS, [["机耕", "2026-05-06", "3.5", "001", "", "", ""],
                                                          ["清运", "2026-05-06", "1", "", "县农业局示范田", "", ""]])


def pay_template() -> bytes:
    return spreadsheets.template("工资表", PAY_HEADERS, [["刘一", "610729198001010018", "工资", "20", "100", ""],
                                                      ["陈二", "61072919750707003X", "租金", "3", "300", "旋耕机"]])


def parse_services(data: bytes, organisation: ServiceOrganisation) -> Parsed:
    """The file's rows as ServiceRow (each with its Excel row), and every error against its row and column."""
    result = Parsed(organisation=organisation)
    sheet = spreadsheets.read(data, SERVICE_HEADERS, SERVICE_REQUIRED, result.errors)
    if sheet is None:
        return result
    numbers = {sheet.text(row, "户编号") for _n, row in sheet.body} - {""}
    households = {h.number: h for h in Household.objects.filter(village=organisation.cooperative.village_id,
                                                                  number__in=numbers).prefetch_related("persons")}
    for n, row in sheet.body:
        on = spreadsheets.parse_date(sheet.cell(row, "日期"))
        number = sheet.text(row, "户编号")
        if on is None:
            result.errors.append(RowError(n, "日期", _("日期“%(v)s”无法识别,请填写如 2026-05-06") % {
                "v": sheet.text(row, "日期")}))
            continue
        figures = sheet.numbers(n, row, {"数量": QUANTITY_DIGITS}, result.errors)
        if figures is None:
            continue
        if number and number not in households:
            result.errors.append(RowError(n, "户编号", _("本村没有户编号为 %(h)s 的农户") % {"h": number}))
            continue
        result.rows.append(ops.ServiceRow(service=sheet.text(row, "服务项目"), on=on, quantity=figures["数量"],
                                          household=households.get(number), client=sheet.text(row, "服务对象"),
                                          free=sheet.text(row, "免费") in YES, note=sheet.text(row, "备注"), row=n))
    if result.rows:
        result.errors += row_errors(ops.service_refusals(organisation, result.rows), SERVICE_COLUMNS)
    result.errors.sort(key=lambda e: e.row)
    return result


def apply_services(parsed: Parsed, by) -> list:
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        return ops.record_services(organisation=parsed.organisation, rows=parsed.rows, by=by)
    except ops.BatchRefused as refused:
        raise refused_since_preview(refused, SERVICE_COLUMNS) from refused


def parse_payroll(data: bytes, organisation: ServiceOrganisation, year: int, month: int, on: date) -> Parsed:
    """A payroll's lines (each with its Excel row) and every error, R4b for the whole file on the payroll's date."""
    result = Parsed(organisation=organisation, payroll={"year": year, "month": month, "on": on})
    sheet = spreadsheets.read(data, PAY_HEADERS, PAY_REQUIRED, result.errors)
    if sheet is None:
        return result
    cells = []
    for n, row in sheet.body:
        try:
            cells.append((n, sheet.text(row, "姓名"), id_number_cell(sheet.cell(row, "身份证号")), row))
        except CellError as error:
            result.errors.append(RowError(n, "身份证号", str(error)))
    persons = persons_by_id_number([number for _n, _name, number, _row in cells],
                                   organisation.cooperative.village_id)
    for n, name, number, row in cells:
        person = persons.get(number)
        if person is None:
            result.errors.append(RowError(n, "身份证号", _("人员名册中没有身份证号为 %(id)s 的人员") % {"id": number}))
            continue
        if name and name != person.name:
            result.errors.append(RowError(n, "姓名", _("姓名不符:身份证号 %(id)s 是 %(a)s,文件中为 %(b)s") % {
                "id": number, "a": person.name, "b": name}))
            continue
        kind = KINDS.get(sheet.text(row, "类型"))
        if kind is None:
            result.errors.append(RowError(n, "类型", _("类型须为“工资”或“租金”")))
            continue
        figures = sheet.numbers(n, row, {"天数(数量)": DAYS_DIGITS, "单价": AMOUNT_DIGITS}, result.errors)
        if figures is None:
            continue
        result.rows.append(ops.PayLine(person=person, kind=kind, quantity=figures["天数(数量)"], rate=figures["单价"],
                                       item=sheet.text(row, "机械或工具"), row=n))
    if result.rows:
        result.errors += row_errors(ops.payroll_refusals(organisation, on, result.rows), PAY_COLUMNS)
    result.errors.sort(key=lambda e: e.row)
    return result


def apply_payroll(parsed: Parsed, by):
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        return ops.record_payroll(organisation=parsed.organisation, lines=parsed.rows, by=by, **parsed.payroll)
    except ops.BatchRefused as refused:
        raise refused_since_preview(refused, PAY_COLUMNS) from refused
