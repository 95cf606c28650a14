"""The county's poverty register (建档立卡名册), one row per household identified by its head's ID number:
whether it is registered poor and the year it left poverty. Each year the county sends the register down
and the village's households are brought into line with it.

Only households already on the village roster are touched; a head the village does not know is an error
(import the roster first), never a new household made up from four columns. This module finds the
households and reads the cells; the rules are `members.operations.update_poverty_status`'s, asked for the
preview through `check_poverty_status` and applied on confirmation.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.spreadsheets import RowError, refused_since_preview, row_errors
from finance.operations import require_village_hand
from members import operations as mem
from members.imports import cells
from members.imports.cells import CellError
from members.models import Person

HEADERS = ["户主姓名", "户主身份证号", "建档立卡", "脱贫年度"]
REQUIRED = ["户主身份证号", "建档立卡"]
CHANGE_REASON = "Excel 建档立卡名册导入"
COLUMNS = {"is_registered_poor": "建档立卡", "poverty_exit_year": "脱贫年度"}


@dataclass
class Parsed:
    village: object
    changes: list[mem.PovertyChange] = field(default_factory=list)
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
        wanted[id_number] = (n, sheet.text(row, "户主姓名"), poor, exit_year)
    _match(result, wanted)
    result.errors += row_errors(mem.check_poverty_status(village=village, changes=result.changes), COLUMNS)
    result.errors.sort(key=lambda e: e.row)
    return result


def _match(result, wanted):
    ids = list(wanted)
    found = {}
    for i in range(0, len(ids), 2000):
        for person in Person.objects.filter(id_number__in=ids[i:i + 2000], household__village=result.village) \
                .select_related("household"):
            found[person.id_number] = person
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
        if (household.is_registered_poor, household.poverty_exit_year) == (poor, exit_year):
            result.unchanged += 1
            continue
        result.changes.append(mem.PovertyChange(household, poor, exit_year, row=n))


def written_message(village, written: int, parsed: Parsed) -> str:
    return _("已按建档立卡名册更新 %(v)s 的 %(n)s 户(其余 %(u)s 户无变化)") % {
        "v": village, "n": written, "u": parsed.unchanged}


def apply(parsed: Parsed, by) -> int:
    """Bring the households into line with the register through `update_poverty_status`, all or nothing;
    returns how many changed."""
    require_village_hand(by, parsed.village, _("导入建档立卡名册"))
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        return len(mem.update_poverty_status(village=parsed.village, changes=parsed.changes, by=by,
                                             reason=CHANGE_REASON))
    except mem.BatchRefused as refused:  # something changed since the preview
        raise refused_since_preview(refused, COLUMNS) from refused
