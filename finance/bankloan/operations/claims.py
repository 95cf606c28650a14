"""贴息申请: the village prepares a claim for one claim period of the county's policy as a draft (草稿), may recompute
it from the books and annotate it while it is a draft, and submits it; the township checks and approves it (R2,
four eyes, nothing posts) or rejects it; the subsidy received is posted when the township confirms it arrived.
Prepared → submitted → approved → received: once submitted, a claim is no longer edited (a rejection frees its
periods for a new claim).

What a claim may hold: interest periods of the cooperative's loans ending inside the claim period, not in another
live claim, whose interest was paid in full and approved. Penalty interest never counts, nor any day after a loan's
maturity or beyond the policy's ceiling (interest.py)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from finance import operations as fin
from finance import queries as ledger_queries
from finance.bankloan import interest, queries
from finance.bankloan.models import InterestPeriod, SubsidyClaim, SubsidyClaimLine, SubsidyPolicy
from finance.bankloan.operations._common import BOOK, account, bank, lock_cooperative, not_in_future, positive
from finance.operations import require_township, require_village_hand


def claim_lines(cooperative, policy: SubsidyPolicy, start: date, end: date) -> list[SubsidyClaimLine]:
    """The lines a claim for `start`…`end` would hold today (unsaved), each with its subsidy."""
    periods = (InterestPeriod.objects.filter(loan__cooperative=cooperative, end__range=(start, end))
               .exclude(queries.claimed_periods()).select_related("loan").order_by("loan", "start"))
    lines = []
    for period in periods:
        paid, _penalty = queries.paid_on(period)
        if paid < period.interest_due or paid == 0:
            continue  # interest not (fully) paid: an overdue period is never subsidised
        if policy.method == SubsidyPolicy.Method.POINTS:
            subsidisable = interest.subsidy_on_points(period.subsidisable_principal_days, policy.points)
            amount = subsidisable
        else:
            subsidisable = period.subsidisable_interest
            amount = interest.subsidy_on_actual(paid, subsidisable, policy.subsidy_rate)
        if amount > 0:
            lines.append(SubsidyClaimLine(period=period, interest_paid=paid, subsidisable=subsidisable, amount=amount))
    return lines


def _no_lines(start, end):
    return RuleViolation(Rule.BANKLOAN, _(
        "%(s)s 至 %(e)s 没有可申请贴息的利息:须为本期结息、已足额付息并审批入账的计息期(罚息和逾期不贴息)") % {
        "s": start, "e": end}, field="within")


def _set_lines(claim: SubsidyClaim, lines, by) -> SubsidyClaim:
    claim.interest_paid = sum((ln.interest_paid for ln in lines), Decimal("0"))
    claim.subsidisable = sum((ln.subsidisable for ln in lines), Decimal("0"))
    claim.amount = sum((ln.amount for ln in lines), Decimal("0"))
    claim = save_as(claim, by)
    for line in lines:
        line.claim = claim
        save_as(line, by)
    return claim


@transaction.atomic
def make_claim(*, cooperative, within: date, by, note: str = "") -> SubsidyClaim:
    """编制贴息申请(草稿) for the claim period (of the policy in force) that holds `within`, once it has ended.
    Refused when the period was already claimed or holds nothing to subsidise. The draft holds its periods (no
    other claim takes them) until it is submitted and decided; `submit_claim` sends it to the township."""
    require_village_hand(by, cooperative, _("提交贴息申请"))
    cooperative = lock_cooperative(cooperative)
    county = cooperative.village.township.county
    policy = queries.policy_on(county, within)
    if policy is None:
        raise RuleViolation(Rule.BANKLOAN, _("%(c)s 在 %(d)s 没有有效的贴息政策") % {"c": county, "d": within})
    start, end = queries.claim_bounds(policy, within)
    not_in_future(end, _("申请期末"))
    if SubsidyClaim.objects.filter(cooperative=cooperative, period_start=start).exclude(
            status=SubsidyClaim.Status.REJECTED).exists():
        raise RuleViolation(Rule.BANKLOAN, _("%(s)s 至 %(e)s 已经申请过贴息,同一申请期不能重复申请") % {
            "s": start, "e": end}, field="within")
    lines = claim_lines(cooperative, policy, start, end)
    if not lines:
        raise _no_lines(start, end)
    return _set_lines(SubsidyClaim(cooperative=cooperative, policy=policy, period_start=start, period_end=end,
                                   recorded_by=by, note=(note or "").strip()[:200]), lines, by)


def _lock_draft(claim: SubsidyClaim, by, action: str) -> SubsidyClaim:
    require_village_hand(by, claim.cooperative, action)
    lock_cooperative(claim.cooperative)
    claim = SubsidyClaim.objects.select_for_update(of=("self",)).select_related("policy", "cooperative").get(
        pk=claim.pk)
    if not claim.is_draft:
        raise RuleViolation(Rule.BANKLOAN, _("此贴息申请%(stage)s,只有草稿可以修改或提交") % {
            "stage": claim.get_stage_display()})
    return claim


@transaction.atomic
def revise_claim(*, claim: SubsidyClaim, by, note: str | None = None) -> SubsidyClaim:
    """修改草稿: the draft's lines recomputed from the books as they stand (interest paid since, a period computed
    since) and its note changed. Refused once the claim is submitted."""
    claim = _lock_draft(claim, by, _("修改贴息申请"))
    claim.lines.all().delete()  # a draft's lines were never sent; the claim's history keeps its totals
    lines = claim_lines(claim.cooperative, claim.policy, claim.period_start, claim.period_end)
    if not lines:
        raise _no_lines(claim.period_start, claim.period_end)
    if note is not None:
        claim.note = note.strip()[:200]
    return _set_lines(claim, lines, by)


@transaction.atomic
def submit_claim(*, claim: SubsidyClaim, by) -> SubsidyClaim:
    """提交: the draft goes to the township as it stands; from now on it is read, not edited."""
    claim = _lock_draft(claim, by, _("提交贴息申请"))
    claim.submitted_at, claim.submitted_by = timezone.now(), by
    return save_as(claim, by)


def _require_submitted(claim: SubsidyClaim) -> None:
    if claim.is_draft:
        raise RuleViolation(Rule.BANKLOAN, _("此贴息申请还是草稿,村提交后镇才能审核"))


@transaction.atomic
def approve_claim(*, claim: SubsidyClaim, by) -> SubsidyClaim:
    """镇审核同意 (R2): a submitted claim, by another person than the one who made it; its lines must still be what
    the books say. Nothing posts: the money comes with `record_subsidy_received`."""
    lock_cooperative(claim.cooperative)

    def check(locked):
        _require_submitted(locked)
        for line in locked.lines.filter(claimed=True).select_related("period__loan"):
            paid, _penalty = queries.paid_on(line.period)
            if paid != line.interest_paid:
                raise RuleViolation(Rule.BANKLOAN, _("计息期 %(p)s 的付息已变化,请驳回后重新申请") % {"p": line.period})
        return None

    return approvals.approve(claim, by=by, post=check)


@transaction.atomic
def reject_claim(*, claim: SubsidyClaim, by, reason: str) -> SubsidyClaim:
    """驳回 a submitted claim with the reason; its periods may be claimed again."""
    lock_cooperative(claim.cooperative)
    _require_submitted(SubsidyClaim.objects.get(pk=claim.pk))
    claim = approvals.reject(claim, by=by, reason=reason)
    for line in claim.lines.filter(claimed=True):
        line.claimed = False
        save_as(line, by)
    return claim


@transaction.atomic
def record_subsidy_received(*, claim: SubsidyClaim, on: date, amount: Decimal, by) -> SubsidyClaim:
    """贴息到账: the township confirms the county's payment reached the village's bank account and posts it
    (银行存款 / 补助收入—贴息补助), the claim's maker as the voucher's preparer. Never more than was claimed."""
    require_township(by, claim.cooperative, _("确认贴息到账"))
    cooperative = lock_cooperative(claim.cooperative)
    fin.lock_ledger(ledger_queries.ledger_of(cooperative.village))
    claim = SubsidyClaim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if claim.status != SubsidyClaim.Status.APPROVED:
        raise RuleViolation(Rule.BANKLOAN, _("贴息申请须先经镇审核同意,才能登记到账"))
    if claim.is_received:
        raise RuleViolation(Rule.BANKLOAN, _("此贴息申请已于 %(d)s 登记到账") % {"d": claim.received_on})
    positive(amount, "amount", _("到账金额"))
    if amount > claim.amount:
        raise RuleViolation(Rule.BANKLOAN, _("到账金额 %(a)s 超过申请金额 %(c)s") % {"a": amount, "c": claim.amount},
                            field="amount")
    not_in_future(on, _("到账日期"))
    if on < claim.period_end:
        raise RuleViolation(Rule.BANKLOAN, _("到账日期 %(d)s 早于申请期末 %(e)s") % {"d": on, "e": claim.period_end},
                            field="on")
    village = cooperative.village
    summary = _("收到贴息补助 %(s)s—%(e)s") % {"s": claim.period_start, "e": claim.period_end}
    claim.receipt_voucher = fin.post_entry(
        village=village, on=on, summary=summary, prepared_by=claim.recorded_by, approved_by=by, attachments=1,
        source=f"{BOOK}:subsidy:{claim.pk}",
        lines=[fin.Line.debit(bank(village), amount), fin.Line.credit(account(village, "subsidy", by), amount)])
    claim.received_on, claim.received_amount = on, amount
    return save_as(claim, by)
