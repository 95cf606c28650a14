"""R6, the fund lends what it has to whom its terms allow: every check a loan must pass, run at application,
at the township's approval and again at disbursement on locked rows (a member may have fallen overdue or
left in between, and the money may have gone to another loan).

Limits are the tightest of the fund's terms in force on the application date (copied into the loan), the
county's policy and the cooperative's charter (its loan ceiling and longest term) on that date. Each refusal
is a RuleViolation naming R6 and the field it concerns."""

from datetime import date

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.money import yuan
from coop.queries import charter_on
from finance.fund import queries
from finance.fund.models import GuaranteeMembership, Loan
from members import face


def check(loan: Loan, *, on: date, guarantors, with_money: bool = True, queue: bool = False) -> None:
    """Refuse `loan` (saved or not) on `on` with the given guarantors (members). With `queue` (the township's
    approval and the disbursement), also the terms' priority for registered-poor households."""
    fund, member = loan.fund, loan.member
    terms = loan.terms
    policy = queries.policy_on(fund.cooperative.village.township.county, loan.applied_on)
    charter = charter_on(fund.cooperative, loan.applied_on)
    _borrower(loan, on)
    _shape(loan, terms, policy, charter)
    _limits(loan, terms, policy, charter)
    if queries.household_overdue(member, on):
        raise RuleViolation(Rule.R6, _("R6 %(m)s 有逾期未还的借款,不能再借") % {"m": member.display_name},
                            field="member")
    if terms.cadres_barred or (policy is not None and not policy.cadre_loans_allowed):
        _not_cadre(member, on)
    _guarantee(loan, terms, on, guarantors)
    if with_money:
        left = queries.available(fund, on)
        if loan.amount > left:
            raise RuleViolation(Rule.R6, _("R6 量入为出:互助资金可用余额 %(left)s,不足借出 %(amount)s") % {
                "left": yuan(left), "amount": yuan(loan.amount)}, field="amount")
        if queue and terms is not None and terms.poor_priority:
            _poor_first(loan, left)


def _poor_first(loan: Loan, left) -> None:
    """贫困户优先: when the terms give registered-poor households priority, a loan to a household that is not
    registered poor is neither approved nor paid out while a poor household's application waits for the same
    fund and the money left cannot cover both (the poor household's and this one)."""
    household = loan.member.household
    if household is not None and household.is_registered_poor:
        return  # an enterprise member is not a registered-poor household: it waits too
    waiting = queries.poor_waiting(loan.fund, exclude=loan)
    if waiting and sum(w.amount for w in waiting) + loan.amount > left:
        first = waiting[0]
        raise RuleViolation(Rule.R6, _(
            "R6 章程规定贫困户优先:建档立卡贫困户 %(who)s 的借款申请(%(amount)s,%(d)s 申请)尚在等待,"
            "可用余额 %(left)s 不足以同时借给两户") % {
            "who": first.member.display_name, "amount": yuan(first.amount), "d": first.applied_on,
            "left": yuan(left)}, field="member")


def limits(terms, policy, charter=None) -> dict[str, object]:
    """The tightest of the fund's terms, the county's policy and the cooperative's charter for each ceiling."""
    def tighter(name, charter_value=None):
        values = [getattr(terms, name), getattr(policy, name, None), charter_value]
        return min(v for v in values if v is not None)

    charter_max = getattr(charter, "loan_max_amount", None)
    return {"first_loan_max": tighter("first_loan_max", charter_max), "loan_max": tighter("loan_max", charter_max),
            "household_max": tighter("household_max"),
            "max_term_months": min(v for v in (getattr(policy, "max_term_months", None),
                                               getattr(charter, "loan_max_term_months", None),
                                               max(terms.terms_allowed)) if v is not None)}


def _borrower(loan, on):
    member = loan.member
    if member.cooperative_id != loan.fund.cooperative_id:
        raise RuleViolation(Rule.R6, _("R6 %(m)s 不是本社社员,不能借款") % {"m": member}, field="member")
    if member.status != member.Status.ACTIVE or (member.left_on and member.left_on <= on):
        raise RuleViolation(Rule.R6, _("R6 %(m)s 已退社,不能借款") % {"m": member.display_name}, field="member")
    if member.joined_on > on:
        raise RuleViolation(Rule.R6, _("R6 %(m)s 在 %(d)s 尚未入社") % {"m": member.display_name, "d": on},
                            field="member")


def _shape(loan, terms, policy, charter):
    longest = limits(terms, policy, charter)["max_term_months"]
    if loan.term_months not in terms.terms_allowed or loan.term_months > longest:
        raise RuleViolation(Rule.R6, _("R6 借款期限 %(t)s 个月不在章程允许的期限(%(allowed)s 个月)之内") % {
            "t": loan.term_months, "allowed": "、".join(str(m) for m in sorted(terms.terms_allowed))},
            field="term_months")
    if loan.method not in terms.methods_allowed:
        raise RuleViolation(Rule.R6, _("R6 章程不允许“%(m)s”的还款方式") % {"m": loan.get_method_display()},
                            field="method")


def _limits(loan, terms, policy, charter):
    ceiling = limits(terms, policy, charter)
    first = not queries.has_borrowed(loan.fund, loan.member)
    cap = ceiling["first_loan_max"] if first else ceiling["loan_max"]
    if loan.amount > cap:
        what = _("首次借款") if first else _("单笔借款")
        raise RuleViolation(Rule.R6, _("R6 %(what)s上限 %(cap)s,申请 %(amount)s") % {
            "what": what, "cap": yuan(cap), "amount": yuan(loan.amount)}, field="amount")
    owes = queries.household_owes(loan.fund, loan.member, exclude=loan)
    if owes + loan.amount > ceiling["household_max"]:
        raise RuleViolation(Rule.R6, _(
            "R6 每户借款余额上限 %(cap)s:%(m)s 已欠或已申请 %(owes)s,再借 %(amount)s 将超过上限") % {
            "cap": yuan(ceiling["household_max"]), "m": loan.member.display_name, "owes": yuan(owes),
            "amount": yuan(loan.amount)}, field="amount")


def _not_cadre(member, on):
    persons = list(member.household.persons.all()) if member.household_id else []
    posts = face.cadre_posts(persons, on)
    if posts:
        raise RuleViolation(Rule.R6, _("R6 章程规定不得向村组干部借款:%(who)s") % {
            "who": ";".join(posts.values())}, field="member")


def _guarantee(loan, terms, on, guarantors):
    guarantors = list(guarantors)
    if terms.group_required:
        group = loan.group
        if group is None or group.fund_id != loan.fund_id:
            raise RuleViolation(Rule.R6, _("R6 章程规定借款须有本协会的联保小组担保"), field="group")
        if group.formed_on > on or (group.dissolved_on and group.dissolved_on <= on):
            raise RuleViolation(Rule.R6, _("R6 联保小组“%(g)s”在 %(d)s 不在存续期") % {"g": group, "d": on},
                                field="group")
        active = {m.member_id for m in GuaranteeMembership.objects.filter(group=group, joined_on__lte=on).exclude(
            left_on__lte=on)}
        if loan.member_id not in active:
            raise RuleViolation(Rule.R6, _("R6 %(m)s 不是联保小组“%(g)s”的成员") % {
                "m": loan.member.display_name, "g": group}, field="group")
        if len(active) < terms.group_min_size:
            raise RuleViolation(Rule.R6, _("R6 章程规定联保小组至少 %(n)s 户,“%(g)s”现有 %(k)s 户") % {
                "n": terms.group_min_size, "g": group, "k": len(active)}, field="group")
        if not guarantors:
            raise RuleViolation(Rule.R6, _("R6 章程规定借款须有担保人"), field="guarantors")
    for guarantor in guarantors:
        _guarantor(loan, terms, on, guarantor)


def _guarantor(loan, terms, on, guarantor):
    name = guarantor.display_name
    same_household = guarantor.household_id and guarantor.household_id == loan.member.household_id
    if guarantor.pk == loan.member_id or same_household:
        raise RuleViolation(Rule.R6, _("R6 借款人本户不能为自己担保"), field="guarantors")
    if guarantor.cooperative_id != loan.fund.cooperative_id or guarantor.status != guarantor.Status.ACTIVE:
        raise RuleViolation(Rule.R6, _("R6 担保人 %(g)s 不是本社在社社员") % {"g": name}, field="guarantors")
    if queries.household_overdue(guarantor, on):
        raise RuleViolation(Rule.R6, _("R6 担保人 %(g)s 有逾期未还的借款,不能担保") % {"g": name},
                            field="guarantors")
    held = queries.guarantees_held(guarantor, exclude=loan)
    if held >= terms.guarantor_max_loans:
        raise RuleViolation(Rule.R6, _("R6 担保人 %(g)s 已担保 %(n)s 笔借款,达到章程规定的上限 %(max)s 笔") % {
            "g": name, "n": held, "max": terms.guarantor_max_loans}, field="guarantors")
