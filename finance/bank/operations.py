"""The bank reconciliation's changes: importing a statement, matching its lines to the books (automatically
or by hand), undoing a match, explaining a difference, and keeping each bank's column layout. None of them
posts anything: reconciliation reads the books and never changes them.

Township finance staff do all of it (R2); a month already closed takes no change to its reconciliation (R3).
Lock order as everywhere: the ledger (`finance.operations.lock_ledger`), then the rows."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import delete_as, save_as
from coop.money import yuan
from coop.role_checks import require_township
from coop.roles import Role
from finance.bank import queries
from finance.bank.models import BankFormat, BankMatch, BankStatement, BankStatementLine, ReconciliationNote
from finance.bank.statement_import import parse
from finance.models import Ledger, Period, VoucherLine
from finance.operations import lock_ledger

SHOWN_ERRORS = 5


def require_bank_account(ledger: Ledger, account) -> None:
    if account.pk not in {a.pk for a in queries.bank_accounts(ledger)}:
        raise RuleViolation(Rule.LEDGER, _("%(account)s 不是%(village)s的银行存款账户(102 下的末级科目)") % {
            "account": account, "village": ledger.village}, field="account")


def require_month_open(ledger: Ledger, year: int, month: int) -> None:
    if Period.objects.filter(ledger=ledger, year=year, month=month, status=Period.Status.CLOSED).exists():
        raise RuleViolation(Rule.R3, _("R3 %(y)s年%(m)s月已经结账,不能再更改该月的银行对账") % {"y": year, "m": month})


@transaction.atomic
def import_statement(*, ledger: Ledger, account, year: int, month: int, bank_format: BankFormat, data: bytes,
                     filename: str, by) -> BankStatement:
    """One month's statement of one bank account, all lines or none. Refused, naming the rows, when a line is
    malformed, dated outside the month or its balance does not chain; refused when the month already has one."""
    require_township(by, ledger, _("导入银行对账单"))
    lock_ledger(ledger)
    require_bank_account(ledger, account)
    require_month_open(ledger, year, month)
    if not queries.formats_of(ledger.village.township.county_id).filter(pk=bank_format.pk).exists():
        raise RuleViolation(Rule.IMPORT, _("所选对账单格式不是本县的格式"), field="bank_format")
    if BankStatement.objects.filter(ledger=ledger, account=account, year=year, month=month).exists():
        raise RuleViolation(Rule.IMPORT, _("%(account)s %(y)s年%(m)s月的对账单已经导入") % {
            "account": account, "y": year, "m": month})
    parsed = parse(data, filename, bank_format, year=year, month=month,
                   previous=queries.previous_balance(ledger, account, year, month))
    if parsed.errors:
        shown = ";".join(_("第 %(r)s 行:%(m)s") % {"r": e.row, "m": e.message} if e.row else e.message
                         for e in parsed.errors[:SHOWN_ERRORS])
        raise RuleViolation(Rule.IMPORT, _("对账单有 %(n)s 处错误,未导入:%(errors)s") % {
            "n": len(parsed.errors), "errors": shown})
    statement = save_as(BankStatement(ledger=ledger, account=account, year=year, month=month,
                                      bank_format=bank_format, original_name=filename[:100], imported_by=by), by)
    BankStatementLine.objects.bulk_create(BankStatementLine(
        statement=statement, row=r.row, date=r.date, summary=r.summary, counterparty=r.counterparty,
        debit=r.debit, credit=r.credit, balance=r.balance) for r in parsed.rows)
    return statement


def _require_statement_hand(statement: BankStatement, by, action: str) -> None:
    require_township(by, statement.ledger, action)
    lock_ledger(statement.ledger)
    require_month_open(statement.ledger, statement.year, statement.month)


@transaction.atomic
def auto_match(*, statement: BankStatement, by) -> list[BankMatch]:
    """Match each unmatched line of the statement to the best unmatched line of the books (see
    `queries.candidates`: same amount on the mirrored side, within settings.BANK_MATCH_DAYS days, the
    counterparty as tie-breaker), one to one, in the statement's order, each through `match`. What finds nothing
    stays for the hand."""
    _require_statement_hand(statement, by, _("银行对账"))
    made = []
    for line in statement.lines.filter(match__isnull=True).order_by("row"):
        found = queries.candidates(line, statement.ledger, statement.account, settings.BANK_MATCH_DAYS)
        if found:
            made.append(match(statement_line=line, voucher_line=found[0], by=by, automatic=True))
    return made


def _require_unmatched(statement_line: BankStatementLine) -> None:
    if BankMatch.objects.filter(statement_line=statement_line).exists():
        raise RuleViolation(Rule.LEDGER, _("对账单第 %(r)s 行已经勾对") % {"r": statement_line.row})


@transaction.atomic
def auto_match_line(*, statement_line: BankStatementLine, by) -> BankMatch:
    """One selected line matched to its best candidate in the books, through `match`; refused when the books have
    no unmatched line of that amount and side within the automatic window (the door names the row)."""
    statement = statement_line.statement
    _require_statement_hand(statement, by, _("银行对账"))
    _require_unmatched(statement_line)
    found = queries.candidates(statement_line, statement.ledger, statement.account, settings.BANK_MATCH_DAYS)
    if not found:
        raise RuleViolation(Rule.LEDGER, _("前后 %(d)s 天内没有金额、方向相符的未勾对分录,请手工勾对") % {
            "d": settings.BANK_MATCH_DAYS})
    return match(statement_line=statement_line, voucher_line=found[0], by=by, automatic=True)


@transaction.atomic
def match_among(*, statement_line: BankStatementLine, choices, by) -> BankMatch:
    """A selected statement line matched, through `match`, to the first of the selected book lines (`choices`, in
    the books' order) that is still unmatched and has its amount on the mirrored side; refused when none of them
    fits (the door names the row)."""
    statement = statement_line.statement
    _require_statement_hand(statement, by, _("银行对账"))
    _require_unmatched(statement_line)
    side = "debit" if statement_line.credit else "credit"
    fitting = (queries.book_lines(statement.ledger, statement.account)
               .filter(pk__in=[c.pk for c in choices], side=side, amount=statement_line.amount,
                       bank_match__isnull=True)
               .order_by("voucher__date", "voucher__number", "line_no").first())
    if fitting is None:
        raise RuleViolation(Rule.LEDGER, _("所选分录中没有%(side)s %(amount)s 且未勾对的") % {
            "side": _("借方") if side == "debit" else _("贷方"), "amount": yuan(statement_line.amount)})
    return match(statement_line=statement_line, voucher_line=fitting, by=by)


@transaction.atomic
def match(*, statement_line: BankStatementLine, voucher_line: VoucherLine, by, automatic: bool = False) -> BankMatch:
    """Match by hand: the officer says these are the same money. Same amount on the mirrored side and the same
    bank account are still required; the dates may be further apart than the automatic window. The automatic
    matching (`automatic=True`) makes each of its matches here too."""
    statement = statement_line.statement
    _require_statement_hand(statement, by, _("银行对账"))
    statement_line = BankStatementLine.objects.select_for_update().get(pk=statement_line.pk)
    voucher_line = VoucherLine.objects.select_related("voucher").get(pk=voucher_line.pk)
    if not queries.book_lines(statement.ledger, statement.account).filter(pk=voucher_line.pk).exists():
        raise RuleViolation(Rule.LEDGER, _("所选分录不是 %(account)s 已记账的分录") % {"account": statement.account},
                            field="voucher_line")
    _require_unmatched(statement_line)
    if BankMatch.objects.filter(voucher_line=voucher_line).exists():
        raise RuleViolation(Rule.LEDGER, _("%(v)s 的这笔分录已与对账单的另一行勾对") % {"v": voucher_line.voucher},
                            field="voucher_line")
    mirrored = (voucher_line.side == "debit") == bool(statement_line.credit)
    if voucher_line.amount != statement_line.amount or not mirrored:
        raise RuleViolation(Rule.LEDGER, _(
            "金额或方向不符:对账单第 %(r)s 行为%(bank_side)s %(bank)s,凭证分录为%(book_side)s %(book)s") % {
            "r": statement_line.row, "bank_side": _("收入") if statement_line.credit else _("支出"),
            "bank": statement_line.amount, "book_side": voucher_line.get_side_display(),
            "book": voucher_line.amount}, field="voucher_line")
    return save_as(BankMatch(statement_line=statement_line, voucher_line=voucher_line, automatic=automatic,
                             matched_by=by), by, clean=False)


@transaction.atomic
def unmatch(*, statement_line: BankStatementLine, by) -> None:
    """Undo a match (automatic or by hand); the history keeps who made it and who undid it."""
    _require_statement_hand(statement_line.statement, by, _("取消勾对"))
    found = BankMatch.objects.select_for_update().filter(statement_line=statement_line).first()
    if found is None:
        raise RuleViolation(Rule.LEDGER, _("对账单第 %(r)s 行没有勾对") % {"r": statement_line.row})
    delete_as(found, by)


@transaction.atomic
def explain_difference(*, ledger: Ledger, account, year: int, month: int, text: str, by) -> ReconciliationNote:
    """Record why the statement and the books still disagree, so that the month may close (see closing.py)."""
    require_township(by, ledger, _("填写对账差异说明"))
    lock_ledger(ledger)
    require_bank_account(ledger, account)
    require_month_open(ledger, year, month)
    text = (text or "").strip()
    if len(text) < 4:
        raise RuleViolation(Rule.LEDGER, _("请写明差异的原因(至少 4 个字)"), field="text")
    return save_as(ReconciliationNote(ledger=ledger, account=account, year=year, month=month, text=text,
                                      written_by=by), by)


@transaction.atomic
def save_bank_format(*, bank_format: BankFormat, by) -> BankFormat:
    """A bank's column layout, kept by its county's township finance staff or county administrator: a new one
    belongs to the saver's county; another county's layout, or the built-in one every county shares, is refused
    (the system administrator keeps the built-in ones)."""
    if by.is_superuser and not by.role:
        return save_as(bank_format, by)
    if by.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN):
        raise RuleViolation(Rule.R2, _("R2 权限:只有镇财政所人员或县级管理员可以设置对账单格式"))
    county = by.home_county_id
    stored = None
    if bank_format.pk:
        stored = BankFormat.objects.select_for_update().filter(pk=bank_format.pk).order_by().first()
    owner = stored.county_id if stored else county
    if owner is None:
        raise RuleViolation(Rule.R2, _("R2 权限:“%(name)s”是各县通用的内置格式,只有系统管理员可以修改;"
                                       "本县的银行请新增一个格式") % {"name": bank_format.bank_name})
    if owner != county:
        raise RuleViolation(Rule.R2, _("R2 权限:不能修改其他县的对账单格式"))
    bank_format.county_id = county
    if queries.formats_of(county).filter(bank_name=bank_format.bank_name).exclude(pk=bank_format.pk).exists():
        raise RuleViolation(Rule.IMPORT, _("已有名为“%(name)s”的对账单格式,请换一个银行名称") % {
            "name": bank_format.bank_name}, field="bank_name")
    return save_as(bank_format, by)
