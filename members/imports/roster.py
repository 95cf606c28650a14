"""The village roster (花名册): one row per person, rows of a household sharing its 户编号; the head's row may
also admit the household to the cooperative.

A roster of 10,000 rows has to go in within a web request, so rows are checked here in Python against the
same rules the operations apply one by one (members.operations), the database is asked in a handful of
batched queries, and the rows are written with bulk_create_with_history so each one still has its history
row naming who imported it. Households in the file must be new to the village: a roster import registers,
it never silently overwrites what a clerk has already keyed in.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coop import spreadsheets
from coop.errors import Rule, RuleViolation, explain_text
from coop.models import Cooperative
from coop.spreadsheets import RowError
from finance.operations import require_village_hand
from members import operations as mem
from members.imports import cells
from members.imports.cells import CellError
from members.models import Household, Member, Person

HEADERS = ["户编号", "村民小组", "住址", "姓名", "身份证号", "与户主关系", "手机号", "建档立卡", "脱贫年度",
           "社员类型", "入社日期"]
REQUIRED = ["户编号", "姓名", "身份证号", "与户主关系"]
KINDS = {"贫困户": Member.Kind.POOR_HOUSEHOLD, "能人大户": Member.Kind.CAPABLE_HOUSEHOLD}
BATCH = 500
CHANGE_REASON = "Excel 花名册导入"
ADMISSION_COLUMNS = {"kind": "社员类型", "joined_on": "入社日期"}


@dataclass
class PersonRow:
    row: int
    name: str
    id_number: str
    relation: str
    phone: str


@dataclass
class HouseholdRow:
    number: str
    first_row: int
    group: str = ""
    address: str = ""
    poor: bool | None = None
    exit_year: int | None = None
    persons: list[PersonRow] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)          # every row of the household, read or not
    head_rows: list[int] = field(default_factory=list)     # rows that say 户主, whatever else is wrong
    member_kind: str = ""
    joined_on: date | None = None
    member_row: int = 0

    @property
    def head(self) -> PersonRow | None:
        return next((p for p in self.persons if p.relation == Person.Relation.HEAD), None)


@dataclass
class Parsed:
    village: object
    cooperative: Cooperative | None
    households: dict[str, HouseholdRow] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

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
        return sum(1 for h in self.households.values() if h.poor)


def template() -> bytes:
    return spreadsheets.template("花名册", HEADERS, [
        ["001", "一组", "桑园村一组12号", "王建国", "610729198001010018", "户主", "13800000000", "是", "2019", "贫困户",
         "2016-06-01"],
        ["001", "一组", "", "李秀英", "610729198203150027", "配偶", "", "", "", "", ""],
        ["002", "二组", "", "张明华", "61072919750707003X", "户主", "", "否", "", "能人大户", "2016-06-01"],
    ])


def parse(data: bytes, village) -> Parsed:
    cooperative = Cooperative.objects.filter(village=village).first()
    result = Parsed(village=village, cooperative=cooperative)
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    seen_ids: dict[str, int] = {}
    for n, row in sheet.body:
        _read_row(result, sheet, n, row, seen_ids)
    for household in result.households.values():
        _check_household(result, household)
    _check_database(result, seen_ids)
    result.errors.sort(key=lambda e: e.row)
    return result


def _read_row(result, sheet, n, row, seen_ids):
    errors = result.errors

    def read(column, reader, *args):
        try:
            return reader(sheet.text(row, column), *args)
        except CellError as error:
            errors.append(RowError(n, column, str(error)))
            return None

    number = sheet.text(row, "户编号")
    if not number:
        errors.append(RowError(n, "户编号", _("户编号不能为空")))
        return
    if len(number) > 20:
        errors.append(RowError(n, "户编号", _("户编号过长(最多 20 个字符)")))
        return
    name = read("姓名", cells.name, "姓名")
    try:
        id_number = cells.id_number(sheet.cell(row, "身份证号"))
    except CellError as error:
        errors.append(RowError(n, "身份证号", str(error)))
        id_number = None
    relation = read("与户主关系", cells.relation)
    phone = read("手机号", cells.phone) or ""
    poor = read("建档立卡", cells.yes_no)
    exit_year = read("脱贫年度", cells.exit_year)
    if id_number:
        if id_number in seen_ids:
            errors.append(RowError(n, "身份证号", _("身份证号 %(id)s 与第 %(r)s 行重复") % {
                "id": id_number, "r": seen_ids[id_number]}))
            id_number = None
        else:
            seen_ids[id_number] = n

    household = result.households.get(number)
    if household is None:
        household = result.households[number] = HouseholdRow(number=number, first_row=n)
    household.rows.append(n)
    if relation == Person.Relation.HEAD:
        household.head_rows.append(n)
    for column, attr, value in (("村民小组", "group", sheet.text(row, "村民小组")),
                                ("住址", "address", sheet.text(row, "住址"))):
        if len(value) > {"group": 20, "address": 100}[attr]:
            errors.append(RowError(n, column, _("%(c)s过长") % {"c": column}))
        elif value and getattr(household, attr) and getattr(household, attr) != value:
            errors.append(RowError(n, column, _("同一户(户编号 %(h)s)的%(c)s不一致:“%(a)s”与“%(b)s”") % {
                "h": number, "c": column, "a": getattr(household, attr), "b": value}))
        elif value:
            setattr(household, attr, value)
    if poor is not None:
        if household.poor is not None and household.poor != poor:
            errors.append(RowError(n, "建档立卡", _("同一户(户编号 %(h)s)的建档立卡填写不一致") % {"h": number}))
        household.poor = poor
    if exit_year is not None:
        if household.exit_year is not None and household.exit_year != exit_year:
            errors.append(RowError(n, "脱贫年度", _("同一户(户编号 %(h)s)的脱贫年度不一致") % {"h": number}))
        household.exit_year = exit_year
    _read_membership(result, sheet, n, row, household, relation)
    if name and id_number and relation:
        household.persons.append(PersonRow(n, name, id_number, relation, phone))


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
    if result.cooperative is None:
        errors.append(RowError(n, "社员类型", _("%(v)s还没有成立合作社,不能登记社员") % {"v": result.village}))
        return
    joined = spreadsheets.parse_date(joined_text)
    if joined is None:
        errors.append(RowError(n, "入社日期", _("入社日期“%(v)s”无法识别,请写成 2016-06-01") % {
            "v": joined_text or ""}))
        return
    household.member_kind, household.joined_on, household.member_row = kind, joined, n


def _check_household(result, household):
    heads = household.head_rows
    unread_relation = any(e.row in household.rows and e.column == "与户主关系" for e in result.errors)
    if len(heads) > 1:
        result.errors.append(RowError(heads[1], "与户主关系", _(
            "户编号 %(h)s 有 %(n)s 位户主(第 %(rows)s 行),一户只能有一位") % {
            "h": household.number, "n": len(heads), "rows": "、".join(str(r) for r in heads)}))
    elif not heads and not unread_relation:
        result.errors.append(RowError(household.first_row, "与户主关系", _("户编号 %(h)s 没有户主") % {
            "h": household.number}))
    if household.exit_year is not None and household.poor is not True:
        result.errors.append(RowError(household.first_row, "脱贫年度", _(
            "户编号 %(h)s 填了脱贫年度,但建档立卡不是“是”:只有建档立卡贫困户才有脱贫年度") % {"h": household.number}))
    if household.member_kind:
        try:  # the same admission rules as members.operations.admit_member
            mem.check_admission(result.cooperative, kind=household.member_kind, joined_on=household.joined_on,
                                who=_("户编号 %(h)s") % {"h": household.number},
                                registered_poor=household.poor is True)
        except RuleViolation as refusal:
            result.errors.append(RowError(household.member_row, ADMISSION_COLUMNS.get(refusal.field, "社员类型"),
                                          explain_text(refusal)))


def _chunks(values, size=2000):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _check_database(result, seen_ids):
    """ID numbers already registered anywhere, and household numbers already used in this village."""
    for chunk in _chunks(seen_ids):
        taken = Person.objects.filter(id_number__in=chunk).values_list(
            "id_number", "household__village_id", "household__number")
        for id_number, village_id, number in taken:
            where = (_("本村 %(h)s 户") % {"h": number}) if village_id == result.village.pk else _("其他村")
            result.errors.append(RowError(seen_ids[id_number], "身份证号", _(
                "身份证号 %(id)s 已登记在%(where)s,不能重复登记") % {"id": id_number, "where": where}))
    for chunk in _chunks(result.households):
        for number in Household.objects.filter(village=result.village, number__in=chunk).values_list(
                "number", flat=True):
            result.errors.append(RowError(result.households[number].first_row, "户编号", _(
                "户编号 %(h)s 在本村已存在。花名册导入只登记新农户,补登家庭成员请在“人员”中添加") % {"h": number}))


def written_message(village, written: dict, parsed: Parsed) -> str:
    return _("已导入 %(v)s:%(h)s 户、%(p)s 人,其中 %(m)s 户入社") % {
        "v": village, "h": written["households"], "p": written["persons"], "m": written["members"]}


def apply(parsed: Parsed, by) -> dict:
    """Write the parsed roster, all or nothing. Returns the counts written."""
    village = parsed.village
    require_village_hand(by, village, _("导入花名册"))
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        with transaction.atomic():
            return _write(parsed, village, by)
    except IntegrityError as error:  # someone registered the same person or number since the preview
        raise RuleViolation(Rule.IMPORT, _(
            "导入时发现身份证号或户编号已被他人登记,未导入任何数据;请重新上传预览")) from error


def _write(parsed, village, by):
    cooperative = parsed.cooperative
    if parsed.members:
        cooperative = Cooperative.objects.select_for_update(of=("self",)).get(pk=cooperative.pk)
    again = Parsed(village=village, cooperative=cooperative, households=parsed.households)
    _check_database(again, {p.id_number: p.row for h in parsed.households.values() for p in h.persons})
    if again.errors:
        raise RuleViolation(Rule.IMPORT, _("第 %(r)s 行:%(m)s") % {
            "r": again.errors[0].row, "m": again.errors[0].message})
    rows = list(parsed.households.values())
    households = _bulk([Household(village=village, number=h.number, group=h.group, address=h.address,
                                  is_registered_poor=bool(h.poor), poverty_exit_year=h.exit_year) for h in rows],
                       Household, by)
    persons = _bulk([Person(household=household, name=p.name, id_number=p.id_number, relation=p.relation,
                            phone=p.phone)
                     for household, h in zip(households, rows, strict=True) for p in h.persons], Person, by)
    next_number = (Member.objects.filter(cooperative=cooperative).aggregate(n=Max("number"))["n"] or 0) + 1 \
        if cooperative else 1
    members = []
    for household, h in zip(households, rows, strict=True):
        if h.member_kind:
            members.append(Member(cooperative=cooperative, number=next_number, kind=h.member_kind,
                                  household=household, joined_on=h.joined_on))
            next_number += 1
    members = _bulk(members, Member, by)
    return {"households": len(households), "persons": len(persons), "members": len(members)}


def _bulk(objs, model, by):
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=by,
                                    default_change_reason=CHANGE_REASON)
