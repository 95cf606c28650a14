"""The county's poverty register (建档立卡名册), one row per household identified by its head's ID number:
whether it is registered poor and the year it left poverty. Each year the county sends the register down
and the village's households are brought into line with it.

Only households already on the village roster are touched; a head the village does not know is an error
(import the roster first), never a new household made up from four columns.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.spreadsheets import RowError
from finance.operations import require_village_hand
from members.imports import cells
from members.imports.cells import CellError
from members.models import Household, Member, Person

HEADERS = ["户主姓名", "户主身份证号", "建档立卡", "脱贫年度"]
REQUIRED = ["户主身份证号", "建档立卡"]
CHANGE_REASON = "Excel 建档立卡名册导入"


@dataclass
class Change:
    row: int
    household: Household
    poor: bool
    exit_year: int | None


@dataclass
class Parsed:
    village: object
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template() -> bytes:
    return spreadsheets.template("建档立卡名册", HEADERS, [["王建国", "610729198001010018", "是", "2019"],
                                                      ["张明华", "61072919750707003X", "否", ""]])


def parse(data: bytes, village) -> Parsed:
    result = Parsed(village=village)
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    wanted: dict[str, tuple] = {}          # id number -> (row, name, poor, exit year)
    for n, row in sheet.body:
        try:
            id_number = cells.id_number(sheet.cell(row, "户主身份证号"))
        except CellError as error:
            result.errors.append(RowError(n, "户主身份证号", str(error)))
            continue
        if id_number in wanted:
            result.errors.append(RowError(n, "户主身份证号", _("身份证号 %(id)s 与第 %(r)s 行重复") % {
                "id": id_number, "r": wanted[id_number][0]}))
            continue
        try:
            poor = cells.yes_no(sheet.text(row, "建档立卡"))
            if poor is None:
                raise CellError(_("请填写“是”或“否”"))
        except CellError as error:
            result.errors.append(RowError(n, "建档立卡", str(error)))
            continue
        try:
            exit_year = cells.exit_year(sheet.text(row, "脱贫年度"))
        except CellError as error:
            result.errors.append(RowError(n, "脱贫年度", str(error)))
            continue
        if exit_year is not None and not poor:
            result.errors.append(RowError(n, "脱贫年度", _("只有建档立卡贫困户才有脱贫年度")))
            continue
        wanted[id_number] = (n, sheet.text(row, "户主姓名"), poor, exit_year)
    _match(result, wanted)
    result.errors.sort(key=lambda e: e.row)
    return result


def _match(result, wanted):
    ids = list(wanted)
    found = {}
    for i in range(0, len(ids), 2000):
        for person in Person.objects.filter(id_number__in=ids[i:i + 2000], household__village=result.village) \
                .select_related("household"):
            found[person.id_number] = person
    poor_members = dict(Member.objects.filter(
        household__village=result.village, kind=Member.Kind.POOR_HOUSEHOLD, status=Member.Status.ACTIVE,
    ).values_list("household_id", "number"))
    for id_number, (n, name, poor, exit_year) in wanted.items():
        person = found.get(id_number)
        if person is None:
            result.errors.append(RowError(n, "户主身份证号", _(
                "本村没有身份证号为 %(id)s 的人员,请先导入或登记花名册") % {"id": id_number}))
            continue
        if person.relation != Person.Relation.HEAD:
            result.errors.append(RowError(n, "户主身份证号", _("%(p)s 不是户主(是 %(h)s 户的%(r)s)") % {
                "p": person.name, "h": person.household.number, "r": person.get_relation_display()}))
            continue
        if name and name != person.name:
            result.errors.append(RowError(n, "户主姓名", _("姓名不符:系统中身份证号 %(id)s 是 %(a)s,文件中为 %(b)s") % {
                "id": id_number, "a": person.name, "b": name}))
            continue
        household = person.household
        if not poor and household.pk in poor_members:
            result.errors.append(RowError(n, "建档立卡", _(
                "%(h)s 户以贫困户身份入社(社员编号 %(m)04d),不能取消建档立卡;脱贫请填“是”并填写脱贫年度") % {
                "h": household.number, "m": poor_members[household.pk]}))
            continue
        if (household.is_registered_poor, household.poverty_exit_year) == (poor, exit_year):
            result.unchanged += 1
            continue
        result.changes.append(Change(n, household, poor, exit_year))


def written_message(village, written: int, parsed: Parsed) -> str:
    return _("已按建档立卡名册更新 %(v)s 的 %(n)s 户(其余 %(u)s 户无变化)") % {
        "v": village, "n": written, "u": parsed.unchanged}


def apply(parsed: Parsed, by) -> int:
    """Bring the households into line with the register, all or nothing; returns how many changed."""
    require_village_hand(by, parsed.village, _("导入建档立卡名册"))
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    with transaction.atomic():
        households = list(Household.objects.select_for_update(of=("self",)).filter(
            pk__in=[c.household.pk for c in parsed.changes]))
        by_pk = {h.pk: h for h in households}
        leaving = [c.household.pk for c in parsed.changes if not c.poor]
        if Member.objects.filter(household__in=leaving, kind=Member.Kind.POOR_HOUSEHOLD,
                                 status=Member.Status.ACTIVE).exists():
            raise RuleViolation(Rule.IMPORT, _("预览之后有农户以贫困户身份入社,未导入任何数据;请重新上传预览"))
        for change in parsed.changes:
            household = by_pk[change.household.pk]
            household.is_registered_poor, household.poverty_exit_year = change.poor, change.exit_year
        bulk_update_with_history(households, Household, ["is_registered_poor", "poverty_exit_year"],
                                 batch_size=500, default_user=by, default_change_reason=CHANGE_REASON)
    return len(households)
