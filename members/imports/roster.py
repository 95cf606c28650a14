"""The village roster (花名册): one row per person, rows of a household sharing its 户编号; the head's row may
also admit the household to the cooperative.

This module reads the file — cells, and a household spread over several rows — and reports by row and
column. The rules are the operations': the preview asks `members.operations.check_roster` and the
confirmation writes through `register_roster`, whose refusals name the rows they came from. Households in
the file must be new to the village: a roster import registers, it never overwrites what a clerk keyed in.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.spreadsheets import RowError, refused_since_preview, row_errors
from finance.operations import require_village_hand
from members import operations as mem
from members.imports import cells
from members.imports.cells import CellError
from members.models import Member, Person

HEADERS = ["户编号", "村民小组", "住址", "姓名", "身份证号", "与户主关系", "手机号", "建档立卡", "脱贫年度",
           "社员类型", "入社日期"]
REQUIRED = ["户编号", "姓名", "身份证号", "与户主关系"]
KINDS = {"贫困户": Member.Kind.POOR_HOUSEHOLD, "能人大户": Member.Kind.CAPABLE_HOUSEHOLD}
CHANGE_REASON = "Excel 花名册导入"
COLUMNS = {"number": "户编号", "group": "村民小组", "address": "住址", "name": "姓名", "id_number": "身份证号",
           "relation": "与户主关系", "phone": "手机号", "is_registered_poor": "建档立卡",
           "poverty_exit_year": "脱贫年度", "kind": "社员类型", "joined_on": "入社日期"}


@dataclass
class Parsed:
    village: object
    households: dict[str, mem.HouseholdRow] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)        # households with a row that could not be read
    poor_given: set[str] = field(default_factory=set)    # households whose 建档立卡 a row filled in

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def persons(self) -> int:
        return sum(len(h.persons) for h in self.households.values())

    @property
    def members(self) -> int:
        return sum(1 for h in self.households.values() if h.member_kind)

    @property
    def poor(self) -> int:
        return sum(1 for h in self.households.values() if h.is_registered_poor)


def template() -> bytes:
    return spreadsheets.template("花名册", HEADERS, [
        ["001", "一组", "桑园村一组12号", "王建国", "610729198001010018", "户主", "13800000000", "是", "2019", "贫困户",
         "2016-06-01"],
        ["001", "一组", "", "李秀英", "610729198203150027", "配偶", "", "", "", "", ""],
        ["002", "二组", "", "张明华", "61072919750707003X", "户主", "", "否", "", "能人大户", "2016-06-01"],
    ])


def parse(data: bytes, village) -> Parsed:
    """The file read and checked, nothing written: what cannot be read, by row and column, then what the
    operation would refuse, at the rows its refusals name."""
    result = Parsed(village=village)
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    for n, row in sheet.body:
        _read_row(result, sheet, n, row)
    for number in result.unread:
        result.households[number].partial = True
    unread_cells = {(e.row, e.column) for e in result.errors}
    refused = row_errors(mem.check_roster(village=village, households=list(result.households.values())), COLUMNS)
    result.errors += [e for e in refused if (e.row, e.column) not in unread_cells]
    result.errors.sort(key=lambda e: e.row)
    return result


def _read_row(result, sheet, n, row):
    errors_before = len(result.errors)

    def read(column, reader, *args):
        try:
            return reader(sheet.text(row, column), *args)
        except CellError as error:
            result.errors.append(RowError(n, column, str(error)))
            return None

    number = sheet.text(row, "户编号")
    if not number:
        result.errors.append(RowError(n, "户编号", _("户编号不能为空")))
        return
    household = result.households.get(number)
    if household is None:
        household = result.households[number] = mem.HouseholdRow(number=number, row=n)
    name = read("姓名", cells.name, "姓名")
    try:
        id_number = cells.id_text(sheet.cell(row, "身份证号"))
    except CellError as error:
        result.errors.append(RowError(n, "身份证号", str(error)))
        id_number = None
    relation = read("与户主关系", cells.relation)
    phone = read("手机号", cells.phone) or ""
    _read_household(result, sheet, n, row, household, read)
    _read_membership(result, sheet, n, row, household, relation)
    if len(result.errors) > errors_before:
        result.unread.add(number)
    if id_number:  # a row with another cell unread still takes part in the checks of its ID number
        household.persons.append(mem.PersonRow(name=sheet.text(row, "姓名") if name is None else name,
                                               id_number=id_number, relation=relation or Person.Relation.OTHER,
                                               phone=phone, row=n))


def _read_household(result, sheet, n, row, household, read):
    """What every row of a household may repeat: the same group, address, 建档立卡 and exit year."""
    errors, number = result.errors, household.number
    for column, attr in (("村民小组", "group"), ("住址", "address")):
        value = sheet.text(row, column)
        if value and getattr(household, attr) and getattr(household, attr) != value:
            errors.append(RowError(n, column, _("同一户(户编号 %(h)s)的%(c)s不一致:“%(a)s”与“%(b)s”") % {
                "h": number, "c": column, "a": getattr(household, attr), "b": value}))
        elif value:
            setattr(household, attr, value)
    poor = read("建档立卡", cells.yes_no)
    if poor is not None:
        if number in result.poor_given and household.is_registered_poor != poor:
            errors.append(RowError(n, "建档立卡", _("同一户(户编号 %(h)s)的建档立卡填写不一致") % {"h": number}))
        household.is_registered_poor = poor
        result.poor_given.add(number)
    exit_year = read("脱贫年度", cells.exit_year)
    if exit_year is not None:
        if household.poverty_exit_year is not None and household.poverty_exit_year != exit_year:
            errors.append(RowError(n, "脱贫年度", _("同一户(户编号 %(h)s)的脱贫年度不一致") % {"h": number}))
        household.poverty_exit_year = exit_year


def _read_membership(result, sheet, n, row, household, relation):
    kind_text, joined_text = sheet.text(row, "社员类型"), sheet.cell(row, "入社日期")
    if not kind_text and joined_text in (None, ""):
        return
    errors = result.errors
    if relation is not None and relation != Person.Relation.HEAD:
        errors.append(RowError(n, "社员类型", _("社员类型和入社日期只填在户主所在行(以户入社)")))
        return
    if kind_text == "涉农企业":
        errors.append(RowError(n, "社员类型", _("涉农企业不是农户,请在“社员”中单独登记(需填统一社会信用代码)")))
        return
    kind = KINDS.get(kind_text)
    if kind is None:
        errors.append(RowError(n, "社员类型", _("社员类型“%(v)s”应为“贫困户”或“能人大户”,不入社则留空") % {
            "v": kind_text}))
        return
    joined = spreadsheets.parse_date(joined_text)
    if joined is None:
        errors.append(RowError(n, "入社日期", _("入社日期“%(v)s”无法识别,请写成 2016-06-01") % {
            "v": joined_text or ""}))
        return
    household.member_kind, household.joined_on, household.member_row = kind, joined, n


def written_message(village, written: dict, parsed: Parsed) -> str:
    return _("已导入 %(v)s:%(h)s 户、%(p)s 人,其中 %(m)s 户入社") % {
        "v": village, "h": written["households"], "p": written["persons"], "m": written["members"]}


def apply(parsed: Parsed, by) -> dict:
    """Write the parsed roster through `register_roster`, all or nothing. Returns the counts written."""
    require_village_hand(by, parsed.village, _("导入花名册"))
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        written = mem.register_roster(village=parsed.village, households=list(parsed.households.values()), by=by,
                                      reason=CHANGE_REASON)
    except mem.BatchRefused as refused:  # something changed since the preview
        raise refused_since_preview(refused, COLUMNS) from refused
    except IntegrityError as error:  # someone registered the same person or number in the same moment
        raise RuleViolation(Rule.IMPORT, _(
            "导入时发现身份证号或户编号已被他人登记,未导入任何数据;请重新上传预览")) from error
    return {"households": len(written.households), "persons": len(written.persons), "members": len(written.members)}
