"""What the ledger operations share: the line type, validation, numbering, locks and the cash cap."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import yuan
from finance import queries, registers
from finance.models import (
    CASH_CODE,
    Account,
    Ledger,
    Period,
    Side,
    Voucher,
    VoucherLine,
)

S = Voucher.Status


@dataclass(frozen=True)
class Line:
    """One line as callers describe it: an account (object or code), a side, an amount, a summary."""

    account: Account | str
    side: str
    amount: Decimal | str | int
    summary: str = ""

    @classmethod
    def debit(cls, account, amount, summary=""):
        return cls(account, Side.DEBIT, amount, summary)

    @classmethod
    def credit(cls, account, amount, summary=""):
        return cls(account, Side.CREDIT, amount, summary)


def resolve_account(ledger: Ledger, account) -> Account:
    """An account of the ledger's chart, standard or the village's own, with no sub-accounts under it."""
    return resolve_accounts(ledger, [account])[0]


def resolve_accounts(ledger: Ledger, accounts: list, *, residual_parents: bool = False) -> list[Account]:
    """`resolve_account` for every line of a voucher in one query: a voucher's cost must not grow with its
    lines. A code names the village's own account before the standard one. With `residual_parents`, an account
    subdivided after it was posted to is accepted too: the year-end close settles and a reversal undoes what
    it carries from before its details existed (`add_sub_account`)."""
    codes = {str(a).strip() for a in accounts if not isinstance(a, Account)}
    pks = {a.pk for a in accounts if isinstance(a, Account)}
    mine = Q(village__isnull=True) | Q(village=ledger.village_id)
    found = Account.objects.filter(mine, Q(code__in=codes) | Q(pk__in=pks), chart=ledger.chart).annotate(
        has_children=Exists(Account.objects.filter(mine, parent=OuterRef("pk"))))
    by_pk, by_code = {}, {}
    for row in sorted(found, key=lambda a: a.village_id is not None):
        by_pk[row.pk] = row
        by_code[row.code] = row  # the village's own, sorted last, wins
    out = []
    for account in accounts:
        row = by_pk.get(account.pk) if isinstance(account, Account) else by_code.get(str(account).strip())
        if row is None:
            raise RuleViolation(Rule.LEDGER, _("科目 %(code)s 不在本村的科目表中") % {"code": account},
                                field="account")
        if row.has_children and not residual_parents:
            raise RuleViolation(Rule.LEDGER, _("科目 %(account)s 设有明细科目,请记到明细科目") % {"account": row},
                                field="account")
        out.append(row)
    return out


def standard(ledger, code) -> Account:
    return Account.objects.get(chart=ledger.chart, code=code, village__isnull=True)


def parse_amount(value, *, allow_zero=False) -> Decimal:
    if isinstance(value, float):
        raise RuleViolation(Rule.LEDGER, _("金额必须是精确的小数,不能是浮点数"), field="amount")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise RuleViolation(Rule.LEDGER, _("金额“%(value)s”不是有效的数字") % {"value": value},
                            field="amount") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation(Rule.LEDGER, _("金额“%(value)s”最多两位小数(到分)") % {"value": value}, field="amount")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise RuleViolation(Rule.LEDGER, _("金额必须大于 0,不能是 %(value)s") % {"value": value}, field="amount")
    if amount >= Decimal("1000000000000"):
        raise RuleViolation(Rule.LEDGER, _("金额 %(value)s 超出允许范围") % {"value": value}, field="amount")
    return amount.quantize(Decimal("0.01"))


def check_attachments(value) -> int:
    if not isinstance(value, int) or value < 0 or value > 999:
        raise RuleViolation(Rule.LEDGER, _("附单据张数应为 0 到 999 的整数"), field="attachments")
    return value


def validate_lines(ledger, lines: list[Line], source: str = "", *,
                   residual_parents: bool = False) -> list[tuple[Account, str, Decimal, str]]:
    if len(lines) < 2:
        raise RuleViolation(Rule.LEDGER, _("一张凭证至少要有两条分录(有借有贷)"))
    if len(lines) > 200:
        raise RuleViolation(Rule.LEDGER, _("一张凭证最多 200 条分录"))
    out = []
    for line, account in zip(lines, resolve_accounts(ledger, [line.account for line in lines],
                                                                   residual_parents=residual_parents), strict=True):
        if line.side not in (Side.DEBIT, Side.CREDIT):
            raise RuleViolation(Rule.LEDGER, _("分录方向必须是借或贷"), field="side")
        summary = (line.summary or "").strip()
        if not summary:
            raise RuleViolation(Rule.LEDGER, _("每条分录都要填写摘要"), field="summary")
        if account.managed_by and not source.startswith(f"{account.managed_by}:"):
            raise RuleViolation(Rule.LEDGER, _(
                "科目 %(a)s 由%(book)s台账自动记账,不能手工制单或冲销;请在%(book)s台账中办理") % {
                "a": account, "book": account.managed_by}, field="account")
        out.append((account, line.side, parse_amount(line.amount), summary[:100]))
    debits = sum(a for _, side, a, _ in out if side == Side.DEBIT)
    credits = sum(a for _, side, a, _ in out if side == Side.CREDIT)
    if not debits or not credits:
        raise RuleViolation(Rule.LEDGER, _("凭证必须有借有贷"))
    if debits != credits:
        raise RuleViolation(Rule.LEDGER, _("借贷不平衡:借方合计 %(d)s,贷方合计 %(c)s,相差 %(diff)s") % {
            "d": yuan(debits), "c": yuan(credits), "diff": yuan(abs(debits - credits))})
    return out


def period_open_for(ledger, on: date, *, numbering: bool = False) -> Period:
    """The open period of `on`. With `numbering`, the same query also gives the month's last voucher number
    (`last_number`) and whether the ledger has posted anything yet (`ledger_has_postings`), for a new voucher."""
    if on > timezone.localdate():
        raise RuleViolation(Rule.LEDGER, _("凭证日期 %(date)s 晚于今天") % {"date": on}, field="date")
    if on < ledger.start_date:
        raise RuleViolation(Rule.LEDGER, _("凭证日期 %(date)s 早于建账日期 %(start)s") % {
            "date": on, "start": ledger.start_date}, field="date")
    periods = Period.objects.filter(ledger=ledger, year=on.year, month=on.month)
    if numbering:
        periods = periods.annotate(
            last_number=Subquery(Voucher.objects.filter(period=OuterRef("pk")).order_by("-number")
                                 .values("number")[:1]),
            ledger_has_postings=Exists(Voucher.objects.filter(ledger=OuterRef("ledger"), status=S.POSTED)))
    period = periods.first()
    if period is None:
        raise RuleViolation(Rule.R3, _("R3 %(y)s年%(m)s月 的会计期间尚未开启") % {"y": on.year, "m": on.month},
                            field="date")
    if period.status == Period.Status.CLOSED:
        raise RuleViolation(Rule.R3, _("R3 %(period)s 已经结账,不能再记入凭证") % {"period": period}, field="date")
    return period


def create(*, ledger, on, lines, by, attachments, reversal_of=None, source="", is_closing=False,
           reviewed_by=None) -> tuple[Voucher, Period, list]:
    """A numbered voucher with its lines in `ledger`, which the caller has locked (lock()): a draft, or, with
    `reviewed_by`, written once as reviewed by that person, for what is posted at once (post_entry).
    Gives the voucher, its open period and the validated lines, so that posting reads neither again."""
    validated = validate_lines(ledger, lines, source,
                               residual_parents=is_closing or reversal_of is not None)
    period = period_open_for(ledger, on, numbering=True)
    number = (period.last_number or 0) + 1
    voucher = Voucher(ledger=ledger, period=period, number=number, date=on, prepared_by=by,
                      attachments=check_attachments(attachments), reversal_of=reversal_of, source=source[:80],
                      is_closing=is_closing)
    if reviewed_by is not None:
        voucher.status, voucher.reviewed_by, voucher.reviewed_at = S.REVIEWED, reviewed_by, timezone.now()
    save(voucher, by)
    write_lines(voucher, validated, by)
    return voucher, period, validated


def write_lines(voucher, validated, by):
    """All lines and their history rows in two statements, whatever the number of lines."""
    bulk_create_with_history(
        [VoucherLine(voucher=voucher, ledger_id=voucher.ledger_id, line_no=no, account=account, side=side,
                     amount=amount, summary=summary)
         for no, (account, side, amount, summary) in enumerate(validated, start=1)],
        VoucherLine, default_user=by)


def post_locked(ledger, voucher, by, *, period=None, lines=None) -> Voucher:
    """Post a reviewed voucher of the locked ledger. `period` and `lines` (validated, as create gives them)
    spare the reads when the caller has just written the voucher."""
    if period is None:
        period = period_open_for(ledger, voucher.date)
    posted_before = getattr(period, "ledger_has_postings", None)
    if not (queries.has_postings(ledger) if posted_before is None else posted_before):
        registers.check_openings_agree(ledger)  # openings freeze with the first posting
    if lines is None:
        lines = [(ln.account, ln.side, ln.amount) for ln in voucher.lines.select_related("account")]
    cash_change = sum((amount if side == Side.DEBIT else -amount)
                      for account, side, amount, *_rest in lines if account.code.startswith(CASH_CODE))
    if cash_change:
        check = check_cap if cash_change > 0 else check_cash_floor
        check(ledger, queries.cash_balance(ledger) + cash_change,
              at_date=queries.cash_balance(ledger, until=voucher.date) + cash_change, on=voucher.date)
    voucher.posted_by, voucher.posted_at = by, timezone.now()
    return transition(voucher, S.POSTED, by)


def check_cap(ledger, balance, *, at_date=None, on=None):
    cap = ledger.village.effective_cash_cap
    worst = max(balance, at_date if at_date is not None else balance)
    if worst > cap:
        raise RuleViolation(Rule.R1, _("R1 村财镇管:%(village)s 库存现金限额为 %(cap)s,此笔将使库存现金达到 %(bal)s。"
                                    "收入应直接存入村集体银行账户") % {
            "village": ledger.village, "cap": yuan(cap), "bal": yuan(worst)})


def check_cash_floor(ledger, balance, *, at_date=None, on=None):
    """R1 the other way: cash the village does not hold cannot be paid out, so 库存现金 never goes below zero,
    neither on the voucher's date nor today."""
    at_date = balance if at_date is None else at_date
    if min(balance, at_date) < 0:
        worst, when = (at_date, on) if at_date < balance and on else (balance, timezone.localdate())
        raise RuleViolation(Rule.R1, _("R1 村财镇管:%(village)s 库存现金不能为负数,此笔将使 %(date)s 的库存现金余额"
                                    "变为 %(bal)s。付款应从村集体银行账户支付") % {
            "village": ledger.village, "date": when, "bal": yuan(worst)})


def require_openings_open(ledger, what: str) -> None:
    """R3: opening figures (balances, a register's carried-over holdings) change only before the first posting."""
    if queries.has_postings(ledger):
        raise RuleViolation(Rule.R3, _("R3 已有凭证记账,%(what)s不能再修改") % {"what": what})


def lock(ledger) -> Ledger:
    """The ledger row lock every posting takes; whatever must not race a posting takes it too."""
    return Ledger.objects.select_for_update(of=("self",)).select_related("village__township").get(pk=ledger.pk)


def lock_village_books(village) -> None:
    """The ledger lock, for a village that may have no books yet (then there is nothing to lock)."""
    ledger = Ledger.objects.filter(village=village).first()
    if ledger is not None:
        lock(ledger)


def lock_voucher(voucher) -> Voucher:
    return (Voucher.objects.select_for_update(of=("self",)).select_related("ledger__village__township")
            .get(pk=voucher.pk))


def require_status(voucher, allowed, action):
    if voucher.status not in allowed:
        code = Rule.R3 if voucher.status == S.POSTED else Rule.LEDGER
        raise RuleViolation(code, _("%(voucher)s 当前状态为“%(status)s”,不能%(action)s") % {
            "voucher": voucher, "status": voucher.get_status_display(), "action": action})


def transition(voucher, status, by) -> Voucher:
    voucher.status = status
    return save(voucher, by)


def save(obj, by):
    """Ledger rows are checked by the operations and the database triggers, not by full_clean."""
    return save_as(obj, by, clean=False)


def net_lines(lines: list[Line]) -> list[Line]:
    """Merge the year-end lines on the same account and side so the closing voucher stays short."""
    merged: dict[tuple, Decimal] = {}
    summaries: dict[tuple, str] = {}
    for line in lines:
        key = (line.account.pk, line.side)
        merged[key] = merged.get(key, Decimal("0")) + Decimal(line.amount)
        summaries.setdefault(key, line.summary)
    accounts = {line.account.pk: line.account for line in lines}
    return [Line(accounts[pk], side, amount, summaries[(pk, side)]) for (pk, side), amount in merged.items()]


