"""The fund itself: the county's policy, opening a village's fund, its dated terms, and capital received."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.roles import Role
from finance import operations as fin
from finance.fund import accounts, queries
from finance.fund.models import CapitalReceipt, CapitalSource, Fund, FundPolicy, FundTerms, Loan
from finance.fund.operations._common import lock_cooperative, lock_fund, not_in_future, positive_amount

TERMS_FIELDS = ("first_loan_max", "loan_max", "household_max", "terms_allowed", "methods_allowed",
                "fee_rate_monthly", "penalty_rate_daily", "poor_priority", "group_required", "group_min_size",
                "guarantor_max_loans", "reserve_amount", "reserve_percent", "cadres_barred")
POLICY_FIELDS = ("first_loan_max", "loan_max", "household_max", "max_term_months", "fee_rate_monthly",
                 "penalty_rate_daily", "cadre_loans_allowed", "document")


@transaction.atomic
def set_policy(*, county, effective_from: date, by, **settings) -> FundPolicy:
    """The county's ceilings from `effective_from` (a new dated version; earlier ones stay for earlier dates).
    Set by the county administrator. A version is refused when a fund's terms already in force would then
    exceed it — the funds amend their terms first."""
    if by.role != Role.COUNTY_ADMIN:
        raise RuleViolation(Rule.R2, _("R2 权限:只有县级管理员可以制定互助资金政策"))
    fin.require_scope(by, county, _("制定互助资金政策"))
    policy = FundPolicy(county=county, effective_from=effective_from,
                        **{k: v for k, v in settings.items() if k in POLICY_FIELDS})
    save_as(policy, by)
    for terms in FundTerms.objects.filter(fund__cooperative__village__township__county=county).select_related(
            "fund"):
        following = FundTerms.objects.filter(fund=terms.fund, effective_from__gt=terms.effective_from).order_by(
            "effective_from").values_list("effective_from", flat=True).first()
        if following is None or following > effective_from:
            check_within_policy(terms, policy)
    return policy


@transaction.atomic
def open_fund(*, cooperative, name: str, established_on: date, by, registration_no: str = "") -> Fund:
    """Registers the village's 互助资金协会; the township or the county does it once."""
    fin.require_township_or_county(by, cooperative.village, _("设立互助资金协会"))
    if Fund.objects.filter(cooperative=cooperative).exists():
        raise RuleViolation(Rule.R6, _("%(coop)s 已设立互助资金协会") % {"coop": cooperative})
    return save_as(Fund(cooperative=cooperative, name=(name or "").strip(), established_on=established_on,
                        registration_no=(registration_no or "").strip()), by)


@transaction.atomic
def set_terms(*, fund: Fund, adopted_on: date, effective_from: date, by, **rules) -> FundTerms:
    """A new version of the fund's rules as the members' meeting adopted them, recorded by the township.
    Refused when it exceeds the county's policy on its date (or any later policy version), or when loans were
    already applied for on or after its date (their terms would change under them)."""
    fin.require_township(by, fund, _("录入互助资金章程条款"))
    lock_cooperative(fund)
    fund = lock_fund(fund)
    if Loan.objects.filter(fund=fund, applied_on__gte=effective_from, carried_over=False).exists():
        raise RuleViolation(Rule.R6, _("R6 %(d)s 之后已有借款申请,新条款只能自最后一笔申请之后生效") % {
            "d": effective_from}, field="effective_from")
    latest = FundTerms.objects.filter(fund=fund).aggregate(v=Max("version"))["v"] or 0
    terms = FundTerms(fund=fund, adopted_on=adopted_on, effective_from=effective_from, version=latest + 1,
                      **{k: v for k, v in rules.items() if k in TERMS_FIELDS})
    terms.methods_allowed = [str(m) for m in terms.methods_allowed or []]  # clean() refuses unknown ones
    county = fund.cooperative.village.township.county
    policies = [queries.policy_on(county, effective_from), *county.fund_policies.filter(
        effective_from__gt=effective_from).order_by("effective_from")]
    if policies[0] is None:
        raise RuleViolation(Rule.R6, _("R6 %(county)s 在 %(d)s 尚无互助资金政策,请县级管理员先制定") % {
            "county": county, "d": effective_from}, field="effective_from")
    for policy in policies:
        check_within_policy(terms, policy)
    return save_as(terms, by)


def check_within_policy(terms: FundTerms, policy: FundPolicy) -> None:
    """R6: a fund's terms never more generous than the county's policy."""
    limits = [("first_loan_max", _("首次借款上限")), ("loan_max", _("单笔借款上限")),
              ("household_max", _("每户借款余额上限")), ("fee_rate_monthly", _("占用费月费率")),
              ("penalty_rate_daily", _("逾期罚息日费率"))]
    for name, label in limits:
        if getattr(terms, name) is not None and getattr(terms, name) > getattr(policy, name):
            raise RuleViolation(Rule.R6, _("R6 %(what)s %(mine)s 超过县政策(%(policy)s)规定的 %(max)s") % {
                "what": label, "mine": getattr(terms, name), "policy": policy, "max": getattr(policy, name)},
                field=name)
    too_long = [m for m in terms.terms_allowed or [] if m > policy.max_term_months]
    if too_long:
        raise RuleViolation(Rule.R6, _("R6 借款期限 %(t)s 个月超过县政策规定的最长 %(max)s 个月") % {
            "t": max(too_long), "max": policy.max_term_months}, field="terms_allowed")
    if not terms.cadres_barred and not policy.cadre_loans_allowed:
        raise RuleViolation(Rule.R6, _("R6 县政策不允许向村组干部借款,章程条款须禁止"), field="cadres_barred")


@transaction.atomic
def record_capital(*, fund: Fund, source: str, amount, received_on: date, by, member=None, payer: str = "",
                   document: str = "") -> CapitalReceipt:
    """登记 capital received (pending until the township approves it and it posts)."""
    fin.require_village_hand(by, fund, _("登记互助资金到位"))
    lock_cooperative(fund)
    source = CapitalSource(source)
    if member is not None and (member.cooperative_id != fund.cooperative_id
                               or member.status != member.Status.ACTIVE):
        raise RuleViolation(Rule.R6, _("R6 %(m)s 不是本社在社社员,不能缴纳互助金") % {"m": member}, field="member")
    receipt = CapitalReceipt(fund=fund, source=source, amount=positive_amount(amount), recorded_by=by,
                             received_on=not_in_future(received_on, "received_on"), member=member,
                             payer=(payer or "").strip(), document=(document or "").strip())
    receipt.number = (fund.capital_receipts.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(receipt, by)


@transaction.atomic
def approve_capital(*, receipt: CapitalReceipt, by) -> CapitalReceipt:
    """审批入账: the receipt posts into the fund's bank account and the source's capital account (retained fee
    income moves from 收益分配 and brings no new money into the bank)."""
    lock_cooperative(receipt.fund)
    village = receipt.fund.cooperative.village

    def post(locked: CapitalReceipt):
        capital = accounts.capital_account(village, locked.source, by)
        retained = locked.source == CapitalSource.RETAINED_EARNINGS
        debit = accounts.RETAINED_FROM if retained else accounts.bank(village)
        who = locked.member.display_name if locked.member_id else locked.payer
        summary = _("%(what)s %(who)s") % {"what": accounts.summary_of_source(locked.source), "who": who}
        return fin.post_entry(village=village, on=locked.received_on, summary=summary.strip()[:100],
                              lines=[fin.Line.debit(debit, locked.amount), fin.Line.credit(capital, locked.amount)],
                              prepared_by=locked.recorded_by, approved_by=by, attachments=1,
                              source=f"{accounts.BOOK}:capital-{locked.pk}")

    return approvals.approve(receipt, by=by, post=post)


def reject_capital(*, receipt: CapitalReceipt, by, reason: str) -> CapitalReceipt:
    return approvals.reject(receipt, by=by, reason=reason)
