"""Interest periods and interest paid: the township or the village computes the next period of a loan from its
approved movements (interest.py), then records what the bank debited, which the township approves and posts."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import number_problem
from finance import operations as fin
from finance.bankloan import interest, queries
from finance.bankloan.models import BankLoan, Drawdown, InterestPayment, InterestPeriod, PrincipalRepayment
from finance.bankloan.operations._common import BOOK, account, bank, lock_cooperative, not_in_future
from finance.operations import require_village_hand


@transaction.atomic
def compute_interest_period(*, loan: BankLoan, by) -> InterestPeriod:
    """计息: the loan's next settlement period, once it has ended, from the approved drawdowns and repayments —
    refused while a movement dated inside it waits for approval, or when nothing is owed."""
    require_village_hand(by, loan.cooperative, _("计算贷款利息"))
    lock_cooperative(loan.cooperative)
    first = (Drawdown.objects.filter(loan=loan, status=queries.APPROVED).order_by("on")
             .values_list("on", flat=True).first())
    if first is None:
        raise RuleViolation(Rule.BANKLOAN, _("%(loan)s 尚无已审批入账的提款,无需计息") % {"loan": loan})
    last = loan.periods.order_by("-end").first()
    owed_after = queries.outstanding(loan, until=last.end) if last else None
    if last is not None and owed_after == 0 and not _moves_after(loan, last.end):
        raise RuleViolation(Rule.BANKLOAN, _("%(loan)s 本金已全部归还,没有待计息的期间") % {"loan": loan})
    try:
        start, end = interest.next_period(
            after=last.end if last else None, first_drawdown=first, maturity=loan.maturity,
            monthly=loan.settlement == BankLoan.Settlement.MONTHLY, outstanding_after_maturity=True)
    except ValueError:
        raise RuleViolation(Rule.BANKLOAN, _("%(loan)s 没有待计息的期间") % {"loan": loan}) from None
    if end > timezone.localdate():
        raise RuleViolation(Rule.BANKLOAN, _("计息期 %(s)s 至 %(e)s 尚未结束,结息日后才能计算") % {
            "s": start, "e": end})
    for model in (Drawdown, PrincipalRepayment):
        if model.objects.filter(loan=loan, status="pending", on__lte=end).exists():
            raise RuleViolation(Rule.BANKLOAN, _("%(what)s尚有待审批的记录(%(e)s 前),请先审批后再计息") % {
                "what": model._meta.verbose_name, "e": end})
    policy = queries.policy_on(loan.cooperative.village.township.county, end)
    opening = queries.outstanding(loan, until=start - timedelta(days=1))
    figures = interest.period_figures(
        opening=opening,
        movements=queries.movements(loan, start, end), start=start, end=end, maturity=loan.maturity,
        annual_rate_pct=loan.annual_rate, markup_pct=loan.penalty_markup,
        principal_cap=policy.max_principal if policy else Decimal(0),
        subsidy_until=interest.add_months(loan.signed_on, policy.max_term_months) - timedelta(days=1)
        if policy else None)
    basis, compound_due = _compound(loan, start, end) if loan.compound_interest else (Decimal(0), Decimal("0.00"))
    return save_as(InterestPeriod(
        loan=loan, start=start, end=end, days=figures.days, opening_principal=opening,
        closing_principal=queries.outstanding(loan, until=end), principal_days=figures.principal_days,
        overdue_principal_days=figures.overdue_principal_days, interest_due=figures.interest,
        penalty_due=figures.penalty + compound_due, compound_basis=basis, compound_due=compound_due,
        subsidisable_principal_days=figures.subsidisable_principal_days,
        subsidisable_interest=figures.subsidisable_interest, computed_by=by), by)


def _compound(loan: BankLoan, start: date, end: date) -> tuple[Decimal, Decimal]:
    """复利 of the period (interest.compound): the earlier periods' interest unpaid on `start`, lowered by the
    approved payments dated inside the period. Refused while a payment dated in it waits for approval."""
    if InterestPayment.objects.filter(period__loan=loan, status="pending", on__lte=end).exists():
        raise RuleViolation(Rule.BANKLOAN, _("贷款付息尚有待审批的记录(%(e)s 前),请先审批后再计算复利") % {"e": end})
    earlier = loan.periods.filter(end__lt=start)
    due = sum((p.interest_due for p in earlier), Decimal(0))
    paid = InterestPayment.objects.filter(period__in=earlier, status=queries.APPROVED, on__lte=end).values_list(
        "on", "interest")
    before = sum((amount for on, amount in paid if on < start), Decimal(0))
    return interest.compound(unpaid_opening=due - before, payments=[(on, a) for on, a in paid if on >= start],
                             start=start, end=end, annual_rate_pct=loan.annual_rate, markup_pct=loan.penalty_markup)


def _moves_after(loan, day: date) -> bool:
    return Drawdown.objects.filter(loan=loan, status=queries.APPROVED, on__gt=day).exists()


@transaction.atomic
def record_interest_payment(*, period: InterestPeriod, on: date, interest_paid: Decimal, by,
                            penalty_paid: Decimal = Decimal("0")) -> InterestPayment:
    """付息: what the bank debited on or after the settlement day — interest and penalty apart, neither more than
    is still unpaid on the period (counting payments waiting for approval)."""
    require_village_hand(by, period.loan.cooperative, _("登记贷款付息"))
    lock_cooperative(period.loan.cooperative)
    row = InterestPayment(period=period, on=on, interest=interest_paid, penalty=penalty_paid, recorded_by=by)
    _check_payment(row)
    return save_as(row, by)


@transaction.atomic
def approve_interest_payment(*, payment: InterestPayment, by) -> InterestPayment:
    """审批入账: 其他支出—贴息贷款利息 (and —贴息贷款罚息) / 银行存款."""
    lock_cooperative(payment.period.loan.cooperative)

    def post(locked):
        _check_payment(locked)
        loan = locked.period.loan
        village = loan.cooperative.village
        summary = _("%(loan)s 付息 %(s)s—%(e)s") % {"loan": loan, "s": locked.period.start, "e": locked.period.end}
        lines = [fin.Line.debit(account(village, "interest", by), locked.interest, summary)] if locked.interest else []
        if locked.penalty:
            lines.append(fin.Line.debit(account(village, "penalty", by), locked.penalty, _("%(loan)s 逾期罚息") % {
                "loan": loan}))
        lines.append(fin.Line.credit(bank(village), locked.total, summary))
        return fin.post_entry(village=village, on=locked.on, summary=summary, lines=lines,
                              prepared_by=locked.recorded_by, approved_by=by, attachments=1,
                              source=f"{BOOK}:interest:{locked.pk}")

    return approvals.approve(payment, by=by, post=post)


def reject_interest_payment(*, payment: InterestPayment, by, reason: str) -> InterestPayment:
    return approvals.reject(payment, by=by, reason=reason)


def _check_payment(row: InterestPayment) -> None:
    period = row.period
    not_in_future(row.on, _("付息日期"))
    if row.on < period.end:
        raise RuleViolation(Rule.BANKLOAN, _("付息日期 %(d)s 早于结息日 %(e)s") % {"d": row.on, "e": period.end},
                            field="on")
    if period.loan.compound_interest:
        latest = period.loan.periods.order_by("-end").first()
        if latest.pk != period.pk and row.on <= latest.end:
            raise RuleViolation(Rule.BANKLOAN, _(
                "复利已计至 %(e)s:此前各期的欠息须以晚于 %(e)s 的日期登记付息") % {"e": latest.end}, field="on")
    for value, field, what in ((row.interest, "interest", _("利息")), (row.penalty, "penalty", _("罚息"))):
        problem = number_problem(value, what)  # NaN would raise at the comparison below
        if problem:
            raise RuleViolation(Rule.BANKLOAN, problem, field=field)
        if value is None or value < 0:
            raise RuleViolation(Rule.BANKLOAN, _("利息和罚息不能为负数"), field=field)
    if row.interest + row.penalty <= 0:
        raise RuleViolation(Rule.BANKLOAN, _("付息金额必须大于 0"), field="interest")
    paid_interest, paid_penalty = _paid_except(period, row)
    if row.interest > period.interest_due - paid_interest:
        raise RuleViolation(Rule.BANKLOAN, _("利息 %(a)s 超过本期未付利息 %(u)s(应付 %(d)s)") % {
            "a": row.interest, "u": period.interest_due - paid_interest, "d": period.interest_due}, field="interest")
    if row.penalty > period.penalty_due - paid_penalty:
        raise RuleViolation(Rule.BANKLOAN, _("罚息 %(a)s 超过本期未付罚息 %(u)s(应付 %(d)s)") % {
            "a": row.penalty, "u": period.penalty_due - paid_penalty, "d": period.penalty_due}, field="penalty")


def _paid_except(period, row) -> tuple[Decimal, Decimal]:
    others = InterestPayment.objects.filter(period=period, status__in=queries.LIVE).exclude(pk=row.pk)
    return (sum((p.interest for p in others), Decimal("0")), sum((p.penalty for p in others), Decimal("0")))
