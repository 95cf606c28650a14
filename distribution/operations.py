"""The one door to the distribution: every change is one of these functions, in one transaction, refusing with a
RuleViolation and leaving nothing behind. Lock order: the cooperative, then (inside coop.approvals.approve) the
village ledger, then the row.

* `prepare_plan(cooperative=, year=, record_date=, by=, ratios=None)` — 编制: the books' distributable surplus of the
  year split by the charter's ratios in force on the record date (R7: they must add up to 100 %, and ratios the
  village states must be the charter's), the dividends by the shares held at the end of the record date;
* `record_assembly(plan=, on=, attendance=, votes_for=, votes_against=, minutes=, by=)` — 社员大会决议 with its
  minutes, judged by content (Rule.UPLOAD);
* `approve_plan(plan=, by=)` / `reject_plan(plan=, by=, reason=)` — the township (R2, four eyes); approval checks
  R7 again (the assembly passed it, the charter and the books still say what the plan says) and posts the voucher;
* `set_payee_account(dividend=, bank=, account=, by=)`, `set_payee_accounts(plan=, accounts=, by=)` — the member's
  own bank account (R1);
* `record_payment(plan=, dividends=, on=, by=)`, `approve_payment(payment=, by=)`, `reject_payment(...)` — 发放.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import require_number, require_year, whole_digits
from coop.models import Cooperative
from coop.money import yuan
from coop.queries import charter_on
from coop.validators import bank_account_number
from distribution import accounts, arithmetic
from distribution.models import DistributionPlan, Dividend, DividendPayment
from finance import operations as fin
from finance import queries as ledger_queries
from members.face import holdings_on
from members.models import Member

S = approvals.Status
RATIO_FIELDS = ("dividend_ratio", "development_ratio", "accumulation_ratio")
RATIO_LABELS = (gettext_lazy("社员分红比例"), gettext_lazy("合作社发展比例"), gettext_lazy("集体积累比例"))
RATIO_DIGITS = whole_digits(DistributionPlan, "dividend_ratio")


def _lock_cooperative(cooperative_id) -> Cooperative:
    return Cooperative.objects.select_for_update(of=("self",)).select_related("village__township").get(
        pk=cooperative_id)


def _refuse(message: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(Rule.R7, message, field=field)


def charter_ratios(cooperative, record_date: date):
    """The charter in force on the record date and its three ratios; refused (R7) when there is none or its ratios
    do not add up to 100 % (a version kept from before the database checked it)."""
    charter = charter_on(cooperative, record_date)
    if charter is None:
        raise _refuse(_("R7 %(d)s 没有生效的章程,不能按章程分配") % {"d": record_date}, "record_date")
    ratios = tuple(getattr(charter, f) for f in RATIO_FIELDS)
    if not arithmetic.ratios_add_up(*ratios):
        raise _refuse(_("R7 章程(第%(v)s版)的分配比例之和为 %(t)s%%,必须等于 100%%") % {
            "v": charter.version, "t": sum(ratios)})
    return charter, ratios


def _check_stated_ratios(stated, charter, ratios) -> None:
    if stated is None:
        return
    if len(stated) != len(RATIO_FIELDS):
        raise _refuse(_("R7 分配比例应为三项:社员分红、合作社发展、集体积累"), "dividend_ratio")
    stated = tuple(require_number(r if r not in (None, "") else Decimal("0"), label, rule=Rule.R7, field=name,
                                  whole_digits=RATIO_DIGITS)
                   for r, name, label in zip(stated, RATIO_FIELDS, RATIO_LABELS, strict=True))
    if not arithmetic.ratios_add_up(*stated):
        raise _refuse(_("R7 分配比例之和为 %(t)s%%,必须等于 100%%") % {"t": sum(stated)}, "dividend_ratio")
    if stated != ratios:
        raise _refuse(_("R7 分配比例(%(s)s)与股权登记日适用的章程(第%(v)s版:%(c)s)不一致") % {
            "s": "/".join(f"{r}%" for r in stated), "v": charter.version,
            "c": "/".join(f"{r}%" for r in ratios)}, "dividend_ratio")


@transaction.atomic
def prepare_plan(*, cooperative, year: int, record_date: date, by, ratios=None) -> DistributionPlan:
    """编制收益分配方案; `ratios` (分红, 发展, 积累), when the village states them, must be the charter's."""
    fin.require_village_hand(by, cooperative, _("编制收益分配方案"))
    year = require_year(year, rule=Rule.R7)
    cooperative = _lock_cooperative(cooperative.pk)
    today = timezone.localdate()
    if date(year, 12, 31) >= today:
        raise _refuse(_("R7 %(y)s年度尚未结束,不能分配") % {"y": year}, "year")
    if record_date < date(year, 12, 31) or record_date > today:
        raise _refuse(_("R7 股权登记日应在 %(y)s年12月31日 至今天之间") % {"y": year}, "record_date")
    charter, charter_terms = charter_ratios(cooperative, record_date)
    _check_stated_ratios(ratios, charter, charter_terms)
    if DistributionPlan.objects.filter(cooperative=cooperative, year=year).exclude(status=S.REJECTED).exists():
        raise _refuse(_("R7 %(y)s年度已有收益分配方案") % {"y": year}, "year")
    surplus = ledger_queries.distributable_surplus(ledger_queries.ledger_of(cooperative.village), year)
    if surplus.available <= 0:
        raise _refuse(_("R7 %(y)s年度没有可分配收益(年初未分配 %(o)s,本年收益 %(p)s,本年已分配 %(d)s)") % {
            "y": year, "o": yuan(surplus.opening), "p": yuan(surplus.profit), "d": yuan(surplus.distributed)})
    parts = arithmetic.split_pool(surplus.available, *charter_terms)
    holdings = holdings_on(cooperative, record_date)
    if parts.dividends > 0 and not holdings:
        raise _refuse(_("R7 股权登记日 %(d)s 没有社员持股,无法分红") % {"d": record_date}, "record_date")
    plan = DistributionPlan(
        cooperative=cooperative, year=year, record_date=record_date, charter=charter, recorded_by=by,
        **dict(zip(RATIO_FIELDS, charter_terms, strict=True)),
        opening_undistributed=surplus.opening, year_profit=surplus.profit, distributed_before=surplus.distributed,
        pool=surplus.available, dividend_pool=parts.dividends, development_amount=parts.development,
        accumulation_amount=parts.accumulation, shares_total=sum(holdings.values()))
    save_as(plan, by)
    amounts = arithmetic.dividends(parts.dividends, holdings) if parts.dividends > 0 else {}
    bulk_create_with_history([Dividend(plan=plan, member_id=member, shares=holdings[member], amount=amount)
                              for member, amount in amounts.items()], Dividend, batch_size=500, default_user=by)
    return plan


def _lock_pending_plan(plan) -> DistributionPlan:
    plan = DistributionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.status != S.PENDING:
        raise _refuse(_("此分配方案已%(s)s,不能再修改") % {"s": plan.get_status_display()})
    return plan


@transaction.atomic
def record_assembly(*, plan, on: date, attendance: int, votes_for: int, votes_against: int, minutes,
                    by) -> DistributionPlan:
    """社员大会决议: the date, who attended, the votes, and the minutes' scan (judged by content, Rule.UPLOAD)."""
    fin.require_village_hand(by, plan, _("登记社员大会决议"))
    _lock_cooperative(plan.cooperative_id)
    plan = _lock_pending_plan(plan)
    if on < plan.record_date or on > timezone.localdate():
        raise _refuse(_("社员大会日期应在股权登记日 %(d)s 之后且不晚于今天") % {"d": plan.record_date}, "assembly_on")
    members = Member.objects.filter(cooperative=plan.cooperative_id, status=Member.Status.ACTIVE).count()
    if not 1 <= attendance <= members:
        raise _refuse(_("出席人数应在 1 至 %(n)s(本社在社社员数)之间") % {"n": members}, "attendance")
    if votes_for < 0 or votes_against < 0 or votes_for + votes_against > attendance:
        raise _refuse(_("赞成票与反对票之和不能超过出席人数 %(n)s") % {"n": attendance}, "votes_for")
    if minutes is None:
        raise RuleViolation(Rule.UPLOAD, _("请上传社员大会会议记录扫描件"), field="minutes")
    scan = fin.judge_scan(minutes)
    plan.assembly_on, plan.attendance, plan.votes_for, plan.votes_against = on, attendance, votes_for, votes_against
    plan.minutes_name, plan.minutes_type = scan.original_name, scan.content_type
    plan.minutes.save(f"minutes.{scan.extension}", ContentFile(scan.data), save=False)
    return save_as(plan, by)


def approve_plan(*, plan, by, on: date | None = None) -> DistributionPlan:
    """审批 (R2) and post, dated `on` (today when not given): Dr 各项分配 (提取公积公益金, 外来投资分利, 农户分配) /
    Cr 公积公益金 (发展, 积累), 应付社员分红."""
    with transaction.atomic():
        _lock_cooperative(plan.cooperative_id)
        return approvals.approve(plan, by=by, post=lambda locked: _post_plan(locked, by, on or timezone.localdate()))


def _post_plan(plan: DistributionPlan, by, on: date):
    if not plan.assembly_recorded:
        raise _refuse(_("R7 分配方案须先经社员大会通过(请登记社员大会决议和会议记录)"))
    if not plan.assembly_passed:
        raise _refuse(_("R7 社员大会未通过此方案:出席 %(a)s 人,赞成 %(f)s 票,未过半数") % {
            "a": plan.attendance, "f": plan.votes_for})
    charter, ratios = charter_ratios(plan.cooperative, plan.record_date)
    if charter.pk != plan.charter_id or ratios != tuple(getattr(plan, f) for f in RATIO_FIELDS):
        raise _refuse(_("R7 股权登记日适用的章程已变为第%(v)s版,分配比例与方案不符:请驳回后重新编制") % {
            "v": charter.version})
    if on < plan.assembly_on:
        raise _refuse(_("入账日期不能早于社员大会日期 %(d)s") % {"d": plan.assembly_on}, "on")
    village = plan.cooperative.village
    surplus = ledger_queries.distributable_surplus(ledger_queries.ledger_of(village), plan.year)
    if surplus.available != plan.pool:
        raise _refuse(_("R7 账面 %(y)s年度可分配收益已变为 %(now)s,与方案的 %(pool)s 不符:请驳回后重新编制") % {
            "y": plan.year, "now": yuan(surplus.available), "pool": yuan(plan.pool)})
    by_kind = {Member.Kind.AGRIBUSINESS: Decimal("0.00"), "household": Decimal("0.00")}
    for kind, amount in plan.dividends.values_list("member__kind", "amount"):
        by_kind[Member.Kind.AGRIBUSINESS if kind == Member.Kind.AGRIBUSINESS else "household"] += amount
    summary = _("%(y)s年度收益分配") % {"y": plan.year}
    reserves = plan.development_amount + plan.accumulation_amount
    lines = [
        fin.Line.debit(accounts.RESERVES, reserves, _("提取公积公益金")),
        fin.Line.debit(accounts.OUTSIDE_INVESTORS, by_kind[Member.Kind.AGRIBUSINESS], _("外来投资分利")),
        fin.Line.debit(accounts.HOUSEHOLDS, by_kind["household"], _("农户分配")),
        fin.Line.credit(accounts.development(village, by), plan.development_amount, _("提取合作社发展基金")),
        fin.Line.credit(accounts.accumulation(village, by), plan.accumulation_amount, _("提取集体积累")),
        fin.Line.credit(accounts.dividends_owed(village, by), plan.dividend_pool, _("应付社员分红")),
    ]
    return fin.post_entry(village=village, on=on, summary=summary,
                          lines=[line for line in lines if line.amount], prepared_by=plan.recorded_by,
                          approved_by=by, attachments=1, source=f"{accounts.BOOK}:plan-{plan.pk}")


def reject_plan(*, plan, by, reason: str) -> DistributionPlan:
    with transaction.atomic():
        _lock_cooperative(plan.cooperative_id)
        return approvals.reject(plan, by=by, reason=reason)


def _payable(dividend: Dividend) -> bool:
    return dividend.payment_id is None or dividend.payment.status == S.REJECTED


def set_payee_account(*, dividend, bank: str, account: str, by) -> Dividend:
    """The member's own bank account for the dividend (R1), until a payment carries it."""
    return set_payee_accounts(plan=dividend.plan, accounts={dividend.pk: (bank, account)}, by=by)[0]


@transaction.atomic
def set_payee_accounts(*, plan, accounts: dict, by) -> list[Dividend]:
    """The batch form, {dividend id: (bank, account)} of one plan, all or nothing, in a constant number of queries."""
    fin.require_village_hand(by, plan, _("填写分红收款账号"))
    rows = list(Dividend.objects.select_for_update(of=("self",)).select_related("payment").filter(
        pk__in=list(accounts), plan=plan.pk).order_by("pk"))
    if len(rows) != len(accounts):
        raise _refuse(_("请选择本方案中的分红"))
    for row in rows:
        if not _payable(row):
            raise _refuse(_("此笔分红已在发放中或已发放,不能修改收款账号"))
        bank, account = accounts[row.pk]
        bank, account = (bank or "").strip(), bank_account_number(account)
        if not bank or account is None:
            raise RuleViolation(Rule.R1, _("R1 分红只能转入社员本人银行账户:请填写开户银行和 8 至 30 位数字的账号"),
                                field="payee_account")
        row.payee_bank, row.payee_account = bank[:50], account
    bulk_update_with_history(rows, Dividend, ["payee_bank", "payee_account"], default_user=by,
                             default_change_reason="收款账号")
    return rows


@transaction.atomic
def record_payment(*, plan, dividends, on: date, by) -> DividendPayment:
    """登记发放: unpaid dividends of an approved plan, each with the member's bank account (R1, never cash)."""
    fin.require_village_hand(by, plan, _("登记分红发放"))
    _lock_cooperative(plan.cooperative_id)
    plan = DistributionPlan.objects.select_related("voucher").get(pk=plan.pk)
    if plan.status != S.APPROVED:
        raise _refuse(_("分配方案尚未经镇审批入账,不能发放分红"))
    ids = [d.pk for d in dividends]
    rows = list(Dividend.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related(
        "payment", "member__household").prefetch_related("member__household__persons").order_by("member__number"))
    if not rows or len(rows) != len(set(ids)) or any(row.plan_id != plan.pk for row in rows):
        raise _refuse(_("请选择本方案中的分红"))
    if on > timezone.localdate() or on < plan.voucher.date:
        raise _refuse(_("发放日期应在方案入账(%(d)s)之后且不晚于今天") % {"d": plan.voucher.date}, "on")
    problems = []
    for row in rows:
        if not _payable(row):
            problems.append(_("%(m)s 已在发放中或已发放") % {"m": row.member.display_name})
        elif row.amount <= 0:
            problems.append(_("%(m)s 分红为零") % {"m": row.member.display_name})
    if problems:
        raise _refuse("R7 " + ";".join(problems[:10]))
    missing = [row.member.display_name for row in rows if not row.payee_account]
    if missing:
        raise RuleViolation(Rule.R1, _("R1 分红只能转入社员本人银行账户,不能付现金:%(who)s 尚未填写收款账号") % {
            "who": "、".join(missing[:10]) + (_(" 等 %(n)s 人") % {"n": len(missing)} if len(missing) > 10 else "")})
    payment = save_as(DividendPayment(plan=plan, on=on, amount=sum(row.amount for row in rows), recorded_by=by), by)
    for row in rows:
        row.payment = payment
    bulk_update_with_history(rows, Dividend, ["payment"], default_user=by, default_change_reason="登记发放")
    return payment


def approve_payment(*, payment, by) -> DividendPayment:
    """审批发放 (R2): Dr 应付社员分红 / Cr the basic bank account (R1)."""
    with transaction.atomic():
        _lock_cooperative(payment.plan.cooperative_id)
        return approvals.approve(payment, by=by, post=lambda locked: _post_payment(locked, by))


def _post_payment(payment: DividendPayment, by):
    village = payment.plan.cooperative.village
    count = payment.dividends.count()
    summary = _("发放%(y)s年度社员分红 %(n)s 户") % {"y": payment.plan.year, "n": count}
    return fin.post_entry(village=village, on=payment.on, summary=summary, prepared_by=payment.recorded_by,
                          approved_by=by, attachments=1, source=f"{accounts.BOOK}:payment-{payment.pk}", lines=[
                              fin.Line.debit(accounts.dividends_owed(village, by), payment.amount, summary),
                              fin.Line.credit(accounts.bank(village), payment.amount, summary)])


def reject_payment(*, payment, by, reason: str) -> DividendPayment:
    """驳回发放: its dividends are unpaid again and may go into another payment."""
    with transaction.atomic():
        _lock_cooperative(payment.plan.cooperative_id)
        return approvals.reject(payment, by=by, reason=reason)
