"""期初股金: each member's shares in the paper share register when the village's books open in the system,
one row per member, found by the head of household's ID number (or an enterprise's credit code).

Written through members.operations.set_opening_shares, which the township enters before the opening balances:
the ledger then takes the share accounts' opening balances from these figures.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation, messages_of
from coop.models import Cooperative
from coop.spreadsheets import RowError
from members import operations as mem
from members.identity import normalize_id_number
from members.imports import cells
from members.imports.cells import CellError
from members.models import Member
from members.queries import opening_charter

HEADERS = ["户主身份证号或企业信用代码", "社员名称", "期初股数"]
REQUIRED = ["户主身份证号或企业信用代码", "期初股数"]


@dataclass
class Parsed:
    village: object
    cooperative: Cooperative | None
    holdings: list = field(default_factory=list)      # (row, member, shares)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def shares(self) -> int:
        return sum(shares for _row, _member, shares in self.holdings)

    @property
    def amount(self):
        charter = opening_charter(self.cooperative) if self.cooperative else None
        return (charter.share_price if charter else 0) * self.shares


def template() -> bytes:
    return spreadsheets.template("期初股金", HEADERS, [["610729198001010018", "王建国", 20],
                                                   ["61072919750707003X", "张明华", 35]], width=28)


def parse(data: bytes, village) -> Parsed:
    cooperative = Cooperative.objects.select_related("village").filter(village=village).first()
    result = Parsed(village=village, cooperative=cooperative)
    if cooperative is None:
        result.errors.append(RowError(0, "", _("%(v)s还没有成立合作社") % {"v": village}))
        return result
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    by_head, by_code = _members(cooperative)
    seen: dict[int, int] = {}
    for n, row in sheet.body:
        raw = sheet.cell(row, "户主身份证号或企业信用代码")
        key = normalize_id_number("" if raw is None else str(raw))
        member = by_code.get(key)
        if member is None:
            try:
                member = by_head.get(cells.id_number(raw))
            except CellError as error:
                result.errors.append(RowError(n, "户主身份证号或企业信用代码", str(error)))
                continue
        if member is None:
            result.errors.append(RowError(n, "户主身份证号或企业信用代码", _(
                "本社没有以 %(k)s 为户主(或信用代码)的社员,请先导入花名册或登记社员") % {"k": key}))
            continue
        name = sheet.text(row, "社员名称")
        if name and name not in (member.display_name, _head_name(member)):
            result.errors.append(RowError(n, "社员名称", _("名称不符:系统中为 %(a)s,文件中为 %(b)s") % {
                "a": _head_name(member) or member.display_name, "b": name}))
            continue
        if member.pk in seen:
            result.errors.append(RowError(n, "户主身份证号或企业信用代码", _("%(m)s 与第 %(r)s 行重复") % {
                "m": member, "r": seen[member.pk]}))
            continue
        shares = _shares(result, n, sheet.cell(row, "期初股数"))
        if shares is None:
            continue
        seen[member.pk] = n
        result.holdings.append((n, member, shares))
    _check_charter(result)
    result.errors.sort(key=lambda e: e.row)
    return result


def _members(cooperative):
    members = Member.objects.filter(cooperative=cooperative).select_related("household").prefetch_related(
        "household__persons")
    by_head, by_code = {}, {}
    for member in members:
        if member.credit_code:
            by_code[member.credit_code.upper()] = member
        elif member.head is not None:
            by_head[member.head.id_number] = member
    return by_head, by_code


def _head_name(member) -> str:
    return member.head.name if member.head else ""


def _shares(result, n, value) -> int | None:
    if isinstance(value, float):  # Excel keeps numbers as floats: 5.0 is five shares, 2.5 is no answer
        shares = int(value) if value.is_integer() else None
    else:
        try:
            shares = int(str(value).strip())
        except ValueError:
            shares = None
    if shares is None or shares < 1:
        result.errors.append(RowError(n, "期初股数", _("期初股数“%(v)s”应为正整数") % {
            "v": "" if value is None else value}))
        return None
    return shares


def _check_charter(result):
    """The operation's own refusals (`opening_refusals`), each beside its row before anything is written."""
    charter = opening_charter(result.cooperative)
    if charter is None:
        result.errors.append(RowError(0, "", _("合作社尚未录入章程,不能办理股金业务")))
        return
    for refusal in mem.opening_refusals(result.cooperative, charter, result.holdings):
        column = "户主身份证号或企业信用代码" if refusal.error.field == "member" else "期初股数"
        result.errors.append(RowError(refusal.row, column, ";".join(messages_of(refusal.error))))


def written_message(village, written: int, parsed: Parsed) -> str:
    return _("已录入 %(v)s %(n)s 名社员的期初股金,共 %(s)s 股。请接着导入期初余额") % {
        "v": village, "n": written, "s": parsed.shares}


def apply(parsed: Parsed, by) -> int:
    """Replace the cooperative's opening holdings with the file's, all or nothing; returns how many."""
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    written = mem.set_opening_shares(cooperative=parsed.cooperative, by=by,
                                     holdings=[(member, shares) for _row, member, shares in parsed.holdings])
    return len(written)
