"""A disbursed loan's life after the money left: repayments (and their reversal), the daily overdue job, the
reschedule and the write-off. Each is one transaction under the project's lock order (cooperative → ledger →
fund → loan → its instalments), refuses with a RuleViolation naming the rule, and posts only through
finance.operations.

Repayments come into the fund's bank account (R1, never cash) and post at once: the township's approval of the
loan stands as the approval of the money its contract brings back (as it does for the disbursement), so the
voucher's approver is the loan's approver and never the clerk who records the repayment (R2). Putting a mistaken
repayment right is the township's: `reverse_repayment` posts the contrary voucher through reverse_entry.
The reschedule and the write-off are asked for by the village and decided by the township (coop.approvals)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import money_sum, yuan
from coop.queries import charter_on
from coop.role_checks import require_township
from finance import operations as fin
from finance import queries as ledger
from finance.fund import accounts, allocation, arrears, queries, schedules
from finance.fund.models import Instalment, Loan, Repayment, RepaymentLine, Reschedule, Stage, WriteOff
from finance.fund.operations._common import (
    lock_books,
    lock_cooperative,
    lock_fund,
    lock_loan,
    not_in_future,
    positive_amount,
)
from finance.fund.operations.eligibility import limits

ZERO = Decimal("0.00")

# Income and loss accounts of the servicing, by chart (REFERENCE-ACCOUNTS: 其他收入 504/531, 其他支出 515/551):
# the penalty is not the fee for a service (that is 501's 占用费) but a charge for breaking the contract, and a
# written-off loan is a loss outside the fund's business.
PENALTY_INCOME = {"2023": ("50421", "互助资金逾期罚息收入", "504"), "2004": ("53121", "互助资金逾期罚息收入", "531")}
WRITE_OFF_LOSS = {"2023": ("51521", "互助资金借款核销损失", "515"), "2004": ("55121", "互助资金借款核销损失", "551")}


def _kept(village, specs, by):
    code, name, parent = specs[ledger.ledger_of(village).chart]
    return fin.managed_account(village=village, code=code, name=name, parent_code=parent, book=accounts.BOOK, by=by)


def _lock_all(loan: Loan) -> Loan:
    lock_cooperative(loan.fund)
    lock_books(loan.fund)
    lock_fund(loan.fund)
    return lock_loan(loan)


def current_instalments(loan: Loan, *, lock: bool = False) -> list[Instalment]:
    rows = Instalment.objects.filter(loan=loan, version=loan.schedule_version, superseded=False).order_by("seq")
    return list(rows.select_for_update(of=("self",)) if lock else rows)


def _require_disbursed(loan: Loan) -> None:
    if loan.stage != Stage.DISBURSED:
        raise RuleViolation(Rule.R6, _("此借款%(stage)s,不在还款期内") % {"stage": loan.get_stage_display()})



def _payments(instalments) -> dict[int, list[tuple[date, Decimal]]]:
    """Principal + fee paid on each instalment, by day, from repayments not reversed (one query)."""
    paid = {row.pk: [] for row in instalments}
    lines = (RepaymentLine.objects.filter(instalment__in=paid, repayment__reversed_on__isnull=True)
             .values_list("instalment_id", "repayment__paid_on", "principal", "fee"))
    for instalment_id, day, principal, fee in lines:
        paid[instalment_id].append((day, principal + fee))
    return paid


def _accrue(instalments, on: date, rates: dict[int, Decimal]) -> list[Instalment]:
    """Bring each open instalment's overdue date and penalty to what they are on `on`; the changed rows."""
    paid, changed = _payments(instalments), []
    for row in instalments:
        if row.settled_on or row.due_on >= on:
            continue
        owed = row.principal + row.fee - row.carried_principal - row.carried_fee  # what paper left owing
        accrued = arrears.penalty(owed=owed, due_on=row.due_on, on=on,
                                  rate_per_ten_thousand=rates[row.loan_id], payments=paid[row.pk])
        accrued = max(accrued, row.paid_penalty)
        overdue_since = row.overdue_since
        if overdue_since is None and (row.principal_due > 0 or row.fee_due > 0):
            overdue_since = row.due_on + timedelta(days=1)
        if (accrued, overdue_since) != (row.penalty_accrued, row.overdue_since):
            row.penalty_accrued, row.overdue_since = accrued, overdue_since
            changed.append(row)
    return changed


@transaction.atomic
def mark_overdue(*, on: date | None = None) -> int:
    """The daily job: every unsettled instalment of a running loan fallen due before `on` (default today) is
    marked overdue and its penalty brought to `on` (finance.fund.arrears). Computed, not added to, so running it
    twice the same day changes nothing. Returns the number of instalments changed. The rows are locked in pk
    order, the order a repayment locks a loan's rows in, so the two never deadlock."""
    on = on or timezone.localdate()
    rows = list(Instalment.objects.select_for_update(of=("self",)).filter(
        loan__stage=Stage.DISBURSED, superseded=False, settled_on__isnull=True, due_on__lt=on).order_by("pk"))
    rates = dict(Loan.objects.filter(pk__in={r.loan_id for r in rows}).values_list("pk", "penalty_rate_daily"))
    changed = _accrue(rows, on, rates)
    Instalment.objects.bulk_update(changed, ["penalty_accrued", "overdue_since"], batch_size=500)
    return len(changed)



def _period_start(loan: Loan) -> date:
    """Where the current schedule's first period begins: the disbursement, or the reschedule that made it."""
    if loan.schedule_version == 1:
        return loan.disbursed_on
    return loan.reschedules.get(to_version=loan.schedule_version, status=approvals.Status.APPROVED).on


def preview(*, loan: Loan, on: date, amount=None) -> tuple[Decimal, Decimal, allocation.Allocation | None]:
    """What falls due by `on`, what settles the loan then, and how `amount` would be shared — for the repayment
    form, without writing anything (penalties taken to `on` in memory)."""
    rows = current_instalments(loan)
    _accrue(rows, on, {loan.pk: loan.penalty_rate_daily})
    dues = _dues_from(loan, rows)
    plan = None
    if amount is not None and 0 < amount <= allocation.payoff(dues, on):
        plan = allocation.allocate(dues, on, amount)
    return allocation.fallen_due(dues, on), allocation.payoff(dues, on), plan


def _dues_from(loan, rows, starts_on: date | None = None):
    """The open instalments as allocation.Due rows; `starts_on` (the current schedule's start) when the caller
    has read it already for many loans at once."""
    dues, starts_on = [], starts_on or _period_start(loan)
    for row in rows:
        if not row.settled_on:
            dues.append(allocation.Due(key=row.pk, seq=row.seq, starts_on=starts_on, due_on=row.due_on,
                                       principal=row.principal_due, fee=row.fee_due, fee_scheduled=row.fee,
                                       penalty=row.penalty_due))
        starts_on = row.due_on
    return dues


def _next_receipt_no(fund, year: int) -> str:
    """收据号 per fund per year, without gaps: the fund row is locked, and a repayment is never deleted (a
    mistaken one is reversed and keeps its number)."""
    taken = Repayment.objects.filter(loan__fund=fund, receipt_no__startswith=f"{year}-").count()
    return f"{year}-{taken + 1:05d}"


@transaction.atomic
def repay(*, loan: Loan, paid_on: date, amount, by) -> Repayment:
    """还款: `amount` received into the fund's bank account on `paid_on`, allocated by finance.fund.allocation
    (penalty → overdue fee → fee → principal, oldest first; early repayment to principal, early settlement paying
    only the fee earned). More than settles the loan is refused. The loan is repaid when nothing is left owing."""
    fin.require_village_hand(by, loan, _("登记互助资金还款"))
    loan = _lock_all(loan)
    _require_disbursed(loan)
    paid_on = not_in_future(paid_on, "paid_on")
    if paid_on < loan.disbursed_on:
        raise RuleViolation(Rule.R6, _("还款日期不能早于放款日期 %(d)s") % {"d": loan.disbursed_on}, field="paid_on")
    last = loan.repayments.filter(reversed_on__isnull=True).order_by("-paid_on").values_list("paid_on", flat=True)
    if last and paid_on < last[0]:
        raise RuleViolation(Rule.R6, _("还款日期不能早于上一笔还款的日期 %(d)s") % {"d": last[0]}, field="paid_on")
    amount = positive_amount(amount)
    rows = current_instalments(loan, lock=True)
    _accrue(rows, paid_on, {loan.pk: loan.penalty_rate_daily})
    dues = _dues_from(loan, rows)
    settle = allocation.payoff(dues, paid_on)
    if amount > settle:
        raise RuleViolation(Rule.R6, _("还款 %(amount)s 超过 %(d)s 结清借款所需的 %(settle)s,多收的钱不能入账") % {
            "amount": yuan(amount), "d": paid_on, "settle": yuan(settle)}, field="amount")
    plan = allocation.allocate(dues, paid_on, amount)
    village = loan.fund.cooperative.village
    repayment = Repayment(loan=loan, paid_on=paid_on, amount=amount, to_penalty=plan.to_penalty,
                          to_overdue_fee=plan.to_overdue_fee, to_fee=plan.to_fee, to_principal=plan.to_principal,
                          receipt_no=_next_receipt_no(loan.fund, paid_on.year), recorded_by=by,
                          approved_by=loan.approver)
    repayment.voucher = fin.post_entry(
        village=village, on=paid_on, prepared_by=by, approved_by=loan.approver, attachments=1,
        summary=(_("收回%(who)s互助资金借款 收据%(no)s") % {"who": loan.member.display_name,
                                                      "no": repayment.receipt_no})[:100],
        source=f"{accounts.BOOK}:loan-{loan.pk}", lines=_repayment_lines(village, plan, amount, loan.approver))
    save_as(repayment, by)
    by_pk = {row.pk: row for row in rows}
    RepaymentLine.objects.bulk_create([
        RepaymentLine(repayment=repayment, instalment_id=key, principal=part.principal, fee=part.fee,
                      penalty=part.penalty) for key, part in plan.parts.items()])
    for key, part in plan.parts.items():
        row = by_pk[key]
        row.paid_principal += part.principal
        row.paid_fee += part.fee
        row.paid_penalty += part.penalty
    for row in rows:
        if not row.settled_on and (plan.settles or row.principal_due == row.fee_due == row.penalty_due == 0):
            row.settled_on = paid_on
    Instalment.objects.bulk_update(rows, ["paid_principal", "paid_fee", "paid_penalty", "penalty_accrued",
                                          "overdue_since", "settled_on"])
    if all(row.settled_on for row in rows):
        loan.stage, loan.closed_on = Stage.REPAID, paid_on
        save_as(loan, by)
    return repayment


def _repayment_lines(village, plan, amount, by) -> list:
    """The voucher's lines; `by` is the township officer who may open an account the fund has not used yet."""
    lines = [fin.Line.debit(accounts.bank(village), amount)]
    if plan.to_principal:
        lines.append(fin.Line.credit(accounts.loans_out_account(village, by), plan.to_principal))
    if plan.to_fee + plan.to_overdue_fee:
        lines.append(fin.Line.credit(accounts.fee_income_account(village, by), plan.to_fee + plan.to_overdue_fee))
    if plan.to_penalty:
        lines.append(fin.Line.credit(_kept(village, PENALTY_INCOME, by), plan.to_penalty))
    return lines


@transaction.atomic
def reverse_repayment(*, repayment: Repayment, on: date, reason: str, by) -> Repayment:
    """冲销 a mistaken repayment, by the township (R2: not the clerk who recorded it, who stands as preparer):
    the contrary voucher through reverse_entry, its shares taken back off the instalments, the loan running
    again if it had closed. Only a loan's latest repayment may be reversed, so no later allocation rests on it."""
    loan = repayment.loan
    require_township(by, loan, _("冲销互助资金还款"))
    loan = _lock_all(loan)
    repayment = Repayment.objects.select_for_update(of=("self",)).get(pk=repayment.pk)
    if loan.stage not in (Stage.DISBURSED, Stage.REPAID):
        raise RuleViolation(Rule.R6, _("此借款%(stage)s,不能再冲销还款") % {"stage": loan.get_stage_display()})
    if repayment.reversed_on:
        raise RuleViolation(Rule.R6, _("收据 %(no)s 的还款已于 %(d)s 冲销") % {
            "no": repayment.receipt_no, "d": repayment.reversed_on})
    latest = loan.repayments.filter(reversed_on__isnull=True).order_by("-paid_on", "-pk").first()
    if latest.pk != repayment.pk:
        raise RuleViolation(Rule.R6, _("只能冲销本借款最后一笔还款(收据 %(no)s);请先冲销其后的还款") % {
            "no": latest.receipt_no})
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(Rule.R6, _("冲销必须填写原因"), field="reason")
    on = not_in_future(on, "on")
    if on < repayment.paid_on:
        raise RuleViolation(Rule.R6, _("冲销日期不能早于还款日期"), field="on")
    rows = {row.pk: row for row in current_instalments(loan, lock=True)}
    lines = list(repayment.lines.all())
    if any(line.instalment_id not in rows for line in lines):
        raise RuleViolation(Rule.R6, _("此笔还款之后借款已展期,不能再冲销"))
    repayment.reversal_voucher = fin.reverse_entry(
        voucher=repayment.voucher, on=on, reason=reason[:100], prepared_by=repayment.recorded_by, approved_by=by,
        source=f"{accounts.BOOK}:repayment-{repayment.pk}")
    repayment.reversed_on, repayment.reversal_reason = on, reason[:200]
    save_as(repayment, by)
    for line in lines:
        row = rows[line.instalment_id]
        row.paid_principal -= line.principal
        row.paid_fee -= line.fee
        row.paid_penalty -= line.penalty
    for row in rows.values():
        if row.principal_due or row.fee_due or row.penalty_due:
            row.settled_on = None  # only the settling repayment leaves rows settled with a fee unearned
    Instalment.objects.bulk_update(list(rows.values()), ["paid_principal", "paid_fee", "paid_penalty", "settled_on"])
    if loan.stage == Stage.REPAID:
        loan.stage, loan.closed_on = Stage.DISBURSED, None
        save_as(loan, by)
    return repayment



@transaction.atomic
def request_reschedule(*, loan: Loan, on: date, reason: str, new_term_months: int, new_method: str = "",
                       by) -> Reschedule:
    """展期申请, by the village with a reason: the unpaid principal re-spread over `new_term_months` from `on`
    (at the loan's own fee rate), with the loan's method or another the terms allow. The township decides."""
    fin.require_village_hand(by, loan, _("申请互助资金借款展期"))
    lock_cooperative(loan.fund)
    loan = lock_loan(loan)
    _require_disbursed(loan)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(Rule.R6, _("展期必须填写原因"), field="reason")
    on = not_in_future(on, "on")
    if on < loan.disbursed_on:
        raise RuleViolation(Rule.R6, _("展期日期不能早于放款日期"), field="on")
    method = new_method or loan.method
    _check_new_terms(loan, int(new_term_months or 0), method)
    if loan.reschedules.filter(status=approvals.Status.PENDING).exists():
        raise RuleViolation(Rule.R6, _("此借款已有一笔待镇审批的展期申请"))
    row = Reschedule(loan=loan, on=on, reason=reason[:200], from_version=loan.schedule_version,
                     to_version=loan.schedule_version + 1, new_term_months=int(new_term_months),
                     new_method=method, recorded_by=by)
    return save_as(row, by)


def _check_new_terms(loan, months, method):
    """Within the terms of the loan's day; a loan carried over from paper with no terms recorded for its day is
    rescheduled under today's."""
    cooperative = loan.fund.cooperative
    terms, on = loan.terms, loan.applied_on
    if terms is None:
        on = timezone.localdate()
        terms = queries.terms_on(loan.fund, on)
        if terms is None:
            raise RuleViolation(Rule.R6, _("R6 本协会尚无章程条款,不能展期"))
    ceiling = limits(terms, queries.policy_on(cooperative.village.township.county, on), charter_on(cooperative, on))
    if not 1 <= months <= ceiling["max_term_months"]:
        raise RuleViolation(Rule.R6, _("R6 展期后的期限须在 1 至 %(max)s 个月之间") % {
            "max": ceiling["max_term_months"]}, field="new_term_months")
    if method not in terms.methods_allowed:
        raise RuleViolation(Rule.R6, _("R6 章程不允许“%(m)s”的还款方式") % {"m": Loan.Method(method).label},
                            field="new_method")


@transaction.atomic
def approve_reschedule(*, reschedule: Reschedule, by) -> Reschedule:
    """The township's approval: the current schedule's unsettled rows are kept but marked superseded, and the
    unpaid principal is spread on a new version (finance.fund.schedules). Fees and penalties already fallen due
    must be paid first: a reschedule moves principal, it does not forgive or hide arrears."""
    lock_cooperative(reschedule.loan.fund)

    def decide(locked: Reschedule):
        loan = lock_loan(locked.loan)
        _require_disbursed(loan)
        if loan.schedule_version != locked.from_version:
            raise RuleViolation(Rule.R6, _("还款计划已变更,此展期申请已失效"))
        rows = current_instalments(loan, lock=True)
        changed = _accrue(rows, locked.on, {loan.pk: loan.penalty_rate_daily})
        Instalment.objects.bulk_update(changed, ["penalty_accrued", "overdue_since"])
        arrears_due = sum((r.penalty_due + (r.fee_due if r.due_on <= locked.on else ZERO) for r in rows
                           if not r.settled_on), ZERO)
        if arrears_due > 0:
            raise RuleViolation(Rule.R6, _("展期前须先付清已到期的占用费和罚息 %(a)s") % {"a": yuan(arrears_due)})
        remaining = sum((r.principal_due for r in rows if not r.settled_on), ZERO)
        if remaining <= 0:
            raise RuleViolation(Rule.R6, _("此借款已无未还本金,无需展期"))
        open_rows = [r for r in rows if not r.settled_on]
        Instalment.objects.filter(pk__in=[r.pk for r in open_rows]).update(superseded=True)
        new_rows = schedules.make(locked.new_method or loan.method, principal=remaining,
                                  months=locked.new_term_months, rate_per_mille=loan.fee_rate_monthly,
                                  start=locked.on)
        Instalment.objects.bulk_create([
            Instalment(loan=loan, version=locked.to_version, seq=r.seq, due_on=r.due_on, principal=r.principal,
                       fee=r.fee) for r in new_rows])
        loan.schedule_version = locked.to_version
        save_as(loan, by)
        return None

    return approvals.approve(reschedule, by=by, post=decide)


@transaction.atomic
def reject_reschedule(*, reschedule: Reschedule, by, reason: str) -> Reschedule:
    lock_cooperative(reschedule.loan.fund)
    return approvals.reject(reschedule, by=by, reason=reason)



def _unpaid(loan) -> tuple[Decimal, Decimal]:
    """Unpaid principal of the loan, and the fee fallen due and unpaid, from the current schedule."""
    figures = Instalment.objects.filter(loan=loan, version=loan.schedule_version, superseded=False).aggregate(
        principal=money_sum(F("principal") - F("paid_principal")),
        fee=money_sum(F("fee") - F("paid_fee"), filter=Q(due_on__lte=timezone.localdate())))
    return figures["principal"], figures["fee"]


@transaction.atomic
def propose_write_off(*, loan: Loan, on: date, reason: str, by) -> WriteOff:
    """核销申请, by the village with a reason; the township decides (approve_write_off)."""
    fin.require_village_hand(by, loan, _("申请核销互助资金借款"))
    lock_cooperative(loan.fund)
    loan = lock_loan(loan)
    _require_disbursed(loan)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(Rule.R6, _("核销必须填写原因"), field="reason")
    on = not_in_future(on, "on")
    if loan.write_offs.filter(status=approvals.Status.PENDING).exists():
        raise RuleViolation(Rule.R6, _("此借款已有一笔待镇审批的核销申请"))
    principal, fee = _unpaid(loan)
    if principal <= 0:
        raise RuleViolation(Rule.R6, _("此借款已无未还本金,无需核销"))
    return save_as(WriteOff(loan=loan, on=on, principal=principal, fee=fee, reason=reason[:200], recorded_by=by), by)


@transaction.atomic
def approve_write_off(*, write_off: WriteOff, by) -> WriteOff:
    """The township's 核销: the principal still unpaid on the day (repayments may have come in since the proposal)
    leaves 借出互助资金 for 其他支出 (a loss); unpaid fees and penalties were never booked as income, so nothing
    else posts. The loan closes as written off."""
    lock_cooperative(write_off.loan.fund)

    def decide(locked: WriteOff):
        loan = lock_loan(locked.loan)
        _require_disbursed(loan)
        locked.principal, locked.fee = _unpaid(loan)
        if locked.principal <= 0:
            raise RuleViolation(Rule.R6, _("此借款已无未还本金,无需核销"))
        village = loan.fund.cooperative.village
        voucher = fin.post_entry(
            village=village, on=locked.on, prepared_by=locked.recorded_by, approved_by=by, attachments=1,
            summary=(_("核销%(who)s互助资金借款:%(why)s") % {"who": loan.member.display_name,
                                                        "why": locked.reason})[:100],
            source=f"{accounts.BOOK}:loan-{loan.pk}",
            lines=[fin.Line.debit(_kept(village, WRITE_OFF_LOSS, by), locked.principal),
                   fin.Line.credit(accounts.loans_out_account(village, by), locked.principal)])
        loan.stage, loan.closed_on = Stage.WRITTEN_OFF, locked.on
        save_as(loan, by)
        return voucher

    return approvals.approve(write_off, by=by, post=decide)


@transaction.atomic
def reject_write_off(*, write_off: WriteOff, by, reason: str) -> WriteOff:
    lock_cooperative(write_off.loan.fund)
    return approvals.reject(write_off, by=by, reason=reason)
