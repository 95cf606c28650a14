"""The one door to the village ledger: every change to the books is one of these functions.

Each runs in one transaction, checks every rule that applies (R1 cash cap, R2 township approval and four
eyes, R3 posted books never change and closed periods take nothing), and raises RuleViolation when it
refuses, leaving nothing behind. Other apps record a money flow with `post_entry`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import RuleViolation
from coop.money import yuan
from finance import queries, rules
from finance.models import (
    CASH_CODE,
    Account,
    Category,
    Ledger,
    OpeningBalance,
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


# ---------------------------------------------------------------- ledger and periods

@transaction.atomic
def open_ledger(*, village, start: date, by, chart: str = "2023") -> Ledger:
    """建账: the village's books start on the first of a month, with that month open."""
    rules.require_township(by, village, _("建账"))
    if start.day != 1:
        raise RuleViolation("LEDGER", _("建账日期必须是某月的1日"), field="start_date")
    if Ledger.objects.filter(village=village).exists():
        raise RuleViolation("LEDGER", _("%(village)s 已经建账") % {"village": village})
    ledger = Ledger(village=village, chart=chart, start_date=start, opened_by=by)
    _save(ledger, by)
    _save(Period(ledger=ledger, year=start.year, month=start.month), by)
    return ledger


@transaction.atomic
def open_period(*, ledger: Ledger, by) -> Period:
    """Open the month after the latest one. Months are opened in order, never skipped."""
    rules.require_township(by, ledger, _("开启会计期间"))
    last = ledger.periods.order_by("-year", "-month").first()
    year, month = (last.year, last.month + 1) if last.month < 12 else (last.year + 1, 1)
    return _save(Period(ledger=ledger, year=year, month=month), by)


@transaction.atomic
def close_period(*, period: Period, by) -> Period:
    """结账. Earlier months first; every voucher of the month posted or void; at year end the income and
    expense accounts must have been closed to 本年收益 first. Closing December opens January."""
    rules.require_township(by, period, _("结账"))
    period = Period.objects.select_for_update().get(pk=period.pk)
    ledger = period.ledger
    if period.status == Period.Status.CLOSED:
        raise RuleViolation("R3", _("R3 %(period)s 已经结账") % {"period": period})
    earlier_open = ledger.periods.filter(status=Period.Status.OPEN).filter(
        year__lt=period.year).exists() or ledger.periods.filter(
        status=Period.Status.OPEN, year=period.year, month__lt=period.month).exists()
    if earlier_open:
        raise RuleViolation("R3", _("R3 结账须按月份顺序进行:%(period)s 之前还有未结账的月份") % {"period": period})
    pending = period.vouchers.exclude(status__in=[S.POSTED, S.VOID])
    if pending.exists():
        numbers = "、".join(str(n) for n in pending.values_list("number", flat=True)[:10])
        raise RuleViolation("R3", _("R3 %(period)s 还有未记账的凭证(记字第 %(numbers)s 号),须记账或作废后才能结账") % {
            "period": period, "numbers": numbers})
    if period.month == 12:
        unclosed = queries.unclosed_profit_accounts(ledger, period.year)
        if unclosed:
            raise RuleViolation("R3", _(
                "R3 年末结账前须先结转损益:%(accounts)s 仍有余额,请先生成并记账年末结转凭证") % {
                "accounts": "、".join(str(a) for a in unclosed[:5])})
    period.status, period.closed_by, period.closed_at = Period.Status.CLOSED, by, timezone.now()
    _save(period, by)
    if period.month == 12 and not ledger.periods.filter(year=period.year + 1, month=1).exists():
        _save(Period(ledger=ledger, year=period.year + 1, month=1), by)
    return period


@transaction.atomic
def prepare_year_end(*, ledger: Ledger, year: int, by) -> Voucher:
    """年末结转: close every income and expense account to 本年收益, then 本年收益 and 各项分配 to
    未分配收益. The voucher goes to review and posting like any other (R2)."""
    rules.require_township(by, ledger, _("生成年末结转凭证"))
    lines = []
    net = Decimal("0")
    for account, balance in queries.profit_balances(ledger, year):
        # balance is in the account's normal-side sign; closing moves it to the other side
        if balance == 0:
            continue
        income = account.category == Category.INCOME
        net += balance if income else -balance
        close_side = Side.DEBIT if (account.side == Side.CREDIT) == (balance > 0) else Side.CREDIT
        lines.append(Line(account, close_side, abs(balance), _("结转%(name)s") % {"name": account.name}))
        lines.append(Line(_standard(ledger, "321"), Side.CREDIT if close_side == Side.DEBIT else Side.DEBIT,
                          abs(balance), _("结转%(name)s") % {"name": account.name}))
    current_321 = queries.balance_of(ledger, _standard(ledger, "321"), until=date(year, 12, 31))
    total_321 = current_321 + net
    if total_321:
        side_321 = Side.DEBIT if total_321 > 0 else Side.CREDIT
        lines.append(Line(_standard(ledger, "321"), side_321, abs(total_321), _("本年收益转入未分配收益")))
        lines.append(Line(_standard(ledger, "32202"), Side.CREDIT if side_321 == Side.DEBIT else Side.DEBIT,
                          abs(total_321), _("本年收益转入未分配收益")))
    for account, balance in queries.distribution_balances(ledger, year):
        if balance:
            lines.append(Line(account, Side.CREDIT if balance < 0 else Side.DEBIT, abs(balance),
                              _("结转各项分配")))
            lines.append(Line(_standard(ledger, "32202"), Side.DEBIT if balance < 0 else Side.CREDIT,
                              abs(balance), _("结转各项分配")))
    if not lines:
        raise RuleViolation("LEDGER", _("%(year)s年没有需要结转的损益") % {"year": year})
    voucher = _create(ledger=ledger, on=date(year, 12, 31), lines=_net_lines(lines), by=by, attachments=0,
                      is_closing=True)
    return _transition(voucher, S.SUBMITTED, by)


# ---------------------------------------------------------------- opening balances

@transaction.atomic
def set_opening_balances(*, ledger: Ledger, balances: Sequence[tuple], by) -> list[OpeningBalance]:
    """期初余额 from paper books: [(account or code, debit, credit), ...]. Replaces earlier ones until
    the first voucher is posted; must balance; cash within the cap (R1)."""
    rules.require_township(by, ledger, _("录入期初余额"))
    ledger = _lock(ledger)
    if Voucher.objects.filter(ledger=ledger, status=S.POSTED).exists():
        raise RuleViolation("R3", _("R3 已有凭证记账,期初余额不能再修改"))
    rows, seen = [], set()
    for account, debit, credit in balances:
        account = resolve_account(ledger, account)
        if account.pk in seen:
            raise RuleViolation("LEDGER", _("科目 %(account)s 的期初余额重复") % {"account": account})
        seen.add(account.pk)
        debit, credit = _amount(debit or 0, allow_zero=True), _amount(credit or 0, allow_zero=True)
        if (debit > 0) == (credit > 0):
            if debit == 0:
                continue
            raise RuleViolation("LEDGER", _("科目 %(account)s 的期初余额只能填借方或贷方一方") % {"account": account})
        rows.append(OpeningBalance(ledger=ledger, account=account, debit=debit, credit=credit))
    debits, credits = sum(r.debit for r in rows), sum(r.credit for r in rows)
    if debits != credits:
        raise RuleViolation("LEDGER", _("期初余额借贷不平衡:借方合计 %(d)s,贷方合计 %(c)s") % {
            "d": yuan(debits), "c": yuan(credits)})
    cash = sum(r.debit - r.credit for r in rows if r.account.code.startswith(CASH_CODE))
    _check_cap(ledger, cash)
    for old in ledger.openings.all():
        old._history_user = by
        old.delete()
    for row in rows:
        _save(row, by)
    return rows


# ---------------------------------------------------------------- vouchers

@transaction.atomic
def prepare(*, ledger: Ledger, on: date, lines: Iterable[Line], by, attachments: int = 0) -> Voucher:
    """制单: a balanced draft, numbered in its month (记字第 N 号) at once."""
    rules.require_preparer(by, ledger)
    return _create(ledger=ledger, on=on, lines=list(lines), by=by, attachments=attachments)


@transaction.atomic
def update_draft(*, voucher: Voucher, by, on: date | None = None, lines: Iterable[Line] | None = None,
                 attachments: int | None = None) -> Voucher:
    """Change a draft or a returned voucher. Its month cannot change: that would leave a gap in the numbers."""
    rules.require_preparer(by, voucher.ledger)
    voucher = _lock_voucher(voucher)
    if not voucher.is_editable:
        raise RuleViolation("R3", _("R3 只有草稿或退回的凭证可以修改,此凭证%(status)s") % {
            "status": voucher.get_status_display()})
    if on is not None:
        if (on.year, on.month) != (voucher.date.year, voucher.date.month):
            raise RuleViolation("LEDGER", _("凭证日期不能改到其他月份(凭证号按月连续编号);请作废后在新月份重新制单"),
                                field="date")
        _open_period(voucher.ledger, on)
        voucher.date = on
    if attachments is not None:
        voucher.attachments = _attachments(attachments)
    if lines is not None:
        lines = _validated(voucher.ledger, list(lines))
        for old in voucher.lines.all():
            old._history_user = by
            old.delete()
        _write_lines(voucher, lines, by)
    return _save(voucher, by)


@transaction.atomic
def submit(*, voucher: Voucher, by) -> Voucher:
    """提交: the village hands the voucher to the township."""
    rules.require_preparer(by, voucher.ledger)
    voucher = _lock_voucher(voucher)
    _require_status(voucher, (S.DRAFT, S.RETURNED), _("提交"))
    _open_period(voucher.ledger, voucher.date)
    return _transition(voucher, S.SUBMITTED, by)


@transaction.atomic
def review(*, voucher: Voucher, by) -> Voucher:
    """审核 (R2): township staff, never the preparer."""
    rules.require_township(by, voucher, _("审核凭证"))
    voucher = _lock_voucher(voucher)
    rules.require_four_eyes(by, voucher, _("审核"))
    _require_status(voucher, (S.SUBMITTED,), _("审核"))
    voucher.reviewed_by, voucher.reviewed_at = by, timezone.now()
    return _transition(voucher, S.REVIEWED, by)


@transaction.atomic
def return_voucher(*, voucher: Voucher, by, reason: str) -> Voucher:
    """退回: back to the preparer with a reason."""
    rules.require_township(by, voucher, _("退回凭证"))
    voucher = _lock_voucher(voucher)
    _require_status(voucher, (S.SUBMITTED, S.REVIEWED), _("退回"))
    if not (reason or "").strip():
        raise RuleViolation("LEDGER", _("退回凭证必须填写原因"), field="reason")
    voucher.note, voucher.reviewed_by, voucher.reviewed_at = reason.strip()[:200], None, None
    return _transition(voucher, S.RETURNED, by)


@transaction.atomic
def post(*, voucher: Voucher, by) -> Voucher:
    """记账 (R1–R3): township staff, not the preparer, into an open period, cash within the cap."""
    rules.require_township(by, voucher, _("记账"))
    ledger = _lock(voucher.ledger)  # serialises postings of one village: the cap check cannot race
    voucher = _lock_voucher(voucher)
    rules.require_four_eyes(by, voucher, _("记账"))
    _require_status(voucher, (S.REVIEWED,), _("记账"))
    return _post_locked(ledger, voucher, by)


@transaction.atomic
def void(*, voucher: Voucher, by, reason: str) -> Voucher:
    """作废: an unposted voucher keeps its number, marked void, so the sequence has no gap."""
    rules.require_preparer(by, voucher.ledger)
    voucher = _lock_voucher(voucher)
    _require_status(voucher, (S.DRAFT, S.RETURNED, S.SUBMITTED), _("作废"))
    if not (reason or "").strip():
        raise RuleViolation("LEDGER", _("作废凭证必须填写原因"), field="reason")
    voucher.note = reason.strip()[:200]
    return _transition(voucher, S.VOID, by)


@transaction.atomic
def reverse(*, voucher: Voucher, by, on: date, reason: str) -> Voucher:
    """冲销 (R3): a posted voucher is never changed; a new voucher with every line on the other side,
    pointing to it, goes through review and posting like any other."""
    rules.require_township(by, voucher, _("冲销凭证"))
    _lock(voucher.ledger)
    voucher = _lock_voucher(voucher)
    _require_status(voucher, (S.POSTED,), _("冲销"))
    if Voucher.objects.filter(reversal_of=voucher).exclude(status=S.VOID).exists():
        raise RuleViolation("R3", _("R3 %(voucher)s 已经被冲销过") % {"voucher": voucher})
    if not (reason or "").strip():
        raise RuleViolation("LEDGER", _("冲销凭证必须填写原因"), field="reason")
    summary = _("冲销%(v)s:%(reason)s") % {"v": voucher, "reason": reason.strip()}
    lines = [Line(line.account, Side.CREDIT if line.side == Side.DEBIT else Side.DEBIT, line.amount,
                  summary[:100]) for line in voucher.lines.select_related("account")]
    Voucher.objects.filter(reversal_of=voucher, status=S.VOID).update(reversal_of=None)
    new = _create(ledger=voucher.ledger, on=on, lines=lines, by=by, attachments=0, reversal_of=voucher)
    return _transition(new, S.SUBMITTED, by)


@transaction.atomic
def post_entry(*, village, on: date, summary: str, lines: Iterable[Line], prepared_by, approved_by,
               attachments: int = 0, source: str = "") -> Voucher:
    """Record a money flow of another app (a share pay-in, a loan disbursement …) as one posted voucher,
    in the same transaction as the caller's own rows. `prepared_by` recorded it; `approved_by`, a township
    officer other than the preparer, approved it (R2). Lines without a summary take `summary`."""
    ledger = getattr(village, "ledger", None) if not isinstance(village, Ledger) else village
    if ledger is None:
        raise RuleViolation("LEDGER", _("%(village)s 尚未建账,不能记账") % {"village": village})
    rules.require_preparer(prepared_by, ledger)
    rules.require_township(approved_by, ledger, _("审批记账"))
    if prepared_by.pk == approved_by.pk:
        raise RuleViolation("R2", _("R2 四眼原则:%(user)s 不能审批自己经办的业务") % {
            "user": approved_by.get_full_name()})
    lines = [Line(ln.account, ln.side, ln.amount, ln.summary or summary) for ln in lines]
    locked = _lock(ledger)
    voucher = _create(ledger=locked, on=on, lines=lines, by=prepared_by, attachments=attachments, source=source)
    voucher.reviewed_by, voucher.reviewed_at = approved_by, timezone.now()
    _transition(voucher, S.REVIEWED, approved_by)
    return _post_locked(locked, voucher, approved_by)


# ---------------------------------------------------------------- helpers

def resolve_account(ledger: Ledger, account) -> Account:
    """An account of the ledger's chart, standard or the village's own, with no sub-accounts under it."""
    if isinstance(account, Account):
        found = account
        valid = found.chart == ledger.chart and found.village_id in (None, ledger.village_id)
    else:
        code = str(account).strip()
        found = (Account.objects.filter(chart=ledger.chart, code=code, village=ledger.village_id).first()
                 or Account.objects.filter(chart=ledger.chart, code=code, village__isnull=True).first())
        valid = found is not None
    if not valid:
        raise RuleViolation("LEDGER", _("科目 %(code)s 不在本村的科目表中") % {"code": account}, field="account")
    if found.children.filter(village__isnull=True).exists() or found.children.filter(
            village=ledger.village_id).exists():
        raise RuleViolation("LEDGER", _("科目 %(account)s 设有明细科目,请记到明细科目") % {"account": found},
                            field="account")
    return found


def _standard(ledger, code) -> Account:
    return Account.objects.get(chart=ledger.chart, code=code, village__isnull=True)


def _amount(value, *, allow_zero=False) -> Decimal:
    if isinstance(value, float):
        raise RuleViolation("LEDGER", _("金额必须是精确的小数,不能是浮点数"), field="amount")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise RuleViolation("LEDGER", _("金额“%(value)s”不是有效的数字") % {"value": value}, field="amount") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation("LEDGER", _("金额“%(value)s”最多两位小数(到分)") % {"value": value}, field="amount")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise RuleViolation("LEDGER", _("金额必须大于 0,不能是 %(value)s") % {"value": value}, field="amount")
    if amount >= Decimal("1000000000000"):
        raise RuleViolation("LEDGER", _("金额 %(value)s 超出允许范围") % {"value": value}, field="amount")
    return amount.quantize(Decimal("0.01"))


def _attachments(value) -> int:
    if not isinstance(value, int) or value < 0 or value > 999:
        raise RuleViolation("LEDGER", _("附单据张数应为 0 到 999 的整数"), field="attachments")
    return value


def _validated(ledger, lines: list[Line]) -> list[tuple[Account, str, Decimal, str]]:
    if len(lines) < 2:
        raise RuleViolation("LEDGER", _("一张凭证至少要有两条分录(有借有贷)"))
    if len(lines) > 200:
        raise RuleViolation("LEDGER", _("一张凭证最多 200 条分录"))
    out = []
    for line in lines:
        if line.side not in (Side.DEBIT, Side.CREDIT):
            raise RuleViolation("LEDGER", _("分录方向必须是借或贷"), field="side")
        summary = (line.summary or "").strip()
        if not summary:
            raise RuleViolation("LEDGER", _("每条分录都要填写摘要"), field="summary")
        out.append((resolve_account(ledger, line.account), line.side, _amount(line.amount), summary[:100]))
    debits = sum(a for _, side, a, _ in out if side == Side.DEBIT)
    credits = sum(a for _, side, a, _ in out if side == Side.CREDIT)
    if not debits or not credits:
        raise RuleViolation("LEDGER", _("凭证必须有借有贷"))
    if debits != credits:
        raise RuleViolation("LEDGER", _("借贷不平衡:借方合计 %(d)s,贷方合计 %(c)s,相差 %(diff)s") % {
            "d": yuan(debits), "c": yuan(credits), "diff": yuan(abs(debits - credits))})
    return out


def _open_period(ledger, on: date) -> Period:
    if on > timezone.localdate():
        raise RuleViolation("LEDGER", _("凭证日期 %(date)s 晚于今天") % {"date": on}, field="date")
    if on < ledger.start_date:
        raise RuleViolation("LEDGER", _("凭证日期 %(date)s 早于建账日期 %(start)s") % {
            "date": on, "start": ledger.start_date}, field="date")
    period = Period.objects.filter(ledger=ledger, year=on.year, month=on.month).first()
    if period is None:
        raise RuleViolation("R3", _("R3 %(y)s年%(m)s月 的会计期间尚未开启") % {"y": on.year, "m": on.month},
                            field="date")
    if period.status == Period.Status.CLOSED:
        raise RuleViolation("R3", _("R3 %(period)s 已经结账,不能再记入凭证") % {"period": period}, field="date")
    return period


def _create(*, ledger, on, lines, by, attachments, reversal_of=None, source="", is_closing=False) -> Voucher:
    validated = _validated(ledger, lines)
    locked = _lock(ledger)
    period = _open_period(locked, on)
    number = (period.vouchers.aggregate(n=Max("number"))["n"] or 0) + 1
    voucher = Voucher(ledger=locked, period=period, number=number, date=on, prepared_by=by,
                      attachments=_attachments(attachments), reversal_of=reversal_of, source=source[:80],
                      is_closing=is_closing)
    _save(voucher, by)
    _write_lines(voucher, validated, by)
    return voucher


def _write_lines(voucher, validated, by):
    for no, (account, side, amount, summary) in enumerate(validated, start=1):
        _save(VoucherLine(voucher=voucher, line_no=no, account=account, side=side, amount=amount,
                          summary=summary), by)


def _post_locked(ledger, voucher, by) -> Voucher:
    _open_period(ledger, voucher.date)
    cash_change = sum((ln.amount if ln.side == Side.DEBIT else -ln.amount)
                      for ln in voucher.lines.select_related("account") if ln.account.code.startswith(CASH_CODE))
    if cash_change > 0:
        _check_cap(ledger, queries.cash_balance(ledger) + cash_change,
                   at_date=queries.cash_balance(ledger, until=voucher.date) + cash_change, on=voucher.date)
    voucher.posted_by, voucher.posted_at = by, timezone.now()
    return _transition(voucher, S.POSTED, by)


def _check_cap(ledger, balance, *, at_date=None, on=None):
    cap = ledger.village.effective_cash_cap
    worst = max(balance, at_date if at_date is not None else balance)
    if worst > cap:
        raise RuleViolation("R1", _("R1 村财镇管:%(village)s 库存现金限额为 %(cap)s,此笔将使库存现金达到 %(bal)s。"
                                    "收入应直接存入村集体银行账户") % {
            "village": ledger.village, "cap": yuan(cap), "bal": yuan(worst)})


def _lock(ledger) -> Ledger:
    return Ledger.objects.select_for_update().select_related("village__township").get(pk=ledger.pk)


def _lock_voucher(voucher) -> Voucher:
    return Voucher.objects.select_for_update().select_related("ledger__village__township").get(pk=voucher.pk)


def _require_status(voucher, allowed, action):
    if voucher.status not in allowed:
        code = "R3" if voucher.status == S.POSTED else "LEDGER"
        raise RuleViolation(code, _("%(code)s %(voucher)s 当前状态为“%(status)s”,不能%(action)s") % {
            "code": code, "voucher": voucher, "status": voucher.get_status_display(), "action": action})


def _transition(voucher, status, by) -> Voucher:
    voucher.status = status
    return _save(voucher, by)


def _save(obj, by):
    """Save with the acting user recorded in the history (commands and imports have no request)."""
    obj._history_user = by
    obj.save()
    return obj


def _net_lines(lines: list[Line]) -> list[Line]:
    """Merge the year-end lines on the same account and side so the closing voucher stays short."""
    merged: dict[tuple, Decimal] = {}
    summaries: dict[tuple, str] = {}
    for line in lines:
        key = (line.account.pk, line.side)
        merged[key] = merged.get(key, Decimal("0")) + Decimal(line.amount)
        summaries.setdefault(key, line.summary)
    accounts = {line.account.pk: line.account for line in lines}
    return [Line(accounts[pk], side, amount, summaries[(pk, side)]) for (pk, side), amount in merged.items()]
