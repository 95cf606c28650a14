"""A loan's way to the member: application (village) → council review (理事会, recorded by the village) →
township approval or rejection (coop.approvals, four eyes) → disbursement to the member's own bank account
(never cash, R1), with its principal traced to the capital sources and its schedule stored as rows.

R6 (finance.fund.operations.eligibility) is checked at application, at approval and again at disbursement
under the locks cooperative → ledger → fund row → loan row, so two clerks disbursing at once cannot together
lend more than the fund has: the second waits for the first and then sees its money gone."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import split, yuan
from finance import operations as fin
from finance.fund import accounts, queries, schedules
from finance.fund.models import Fund, Instalment, Loan, LoanGuarantor, LoanSource, Stage
from finance.fund.operations import eligibility
from finance.fund.operations._common import (
    lock_books,
    lock_cooperative,
    lock_fund,
    lock_loan,
    not_in_future,
    positive_amount,
)


@transaction.atomic
def apply_for_loan(*, fund: Fund, member, amount, term_months: int, method: str, purpose: str, applied_on: date,
                   payee_bank: str, payee_account: str, by, group=None, guarantors=None) -> Loan:
    """借款申请, recorded by the village. With a guarantee group and no guarantors named, the group's other
    members on the day guarantee."""
    fin.require_village_hand(by, fund, _("登记互助资金借款申请"))
    lock_cooperative(fund)
    fund = lock_fund(fund)
    applied_on = not_in_future(applied_on, "applied_on")
    member = _fresh(member)
    terms = queries.terms_on(fund, applied_on)
    if terms is None:
        raise RuleViolation(Rule.R6, _("R6 %(fund)s 在 %(d)s 尚无章程条款,不能借款") % {"fund": fund, "d": applied_on},
                            field="applied_on")
    if not (purpose or "").strip():
        raise RuleViolation(Rule.R6, _("请填写借款用途(限生产)"), field="purpose")
    if not (payee_account or "").strip() or not (payee_bank or "").strip():
        raise RuleViolation(Rule.R1, _("R1 借款只能转入借款人本人银行账户:请填写收款银行和账号"), field="payee_account")
    loan = Loan(fund=fund, member=member, group=group, terms=terms, purpose=purpose.strip()[:200],
                amount=positive_amount(amount), term_months=int(term_months or 0), method=method,
                fee_rate_monthly=terms.fee_rate_monthly, penalty_rate_daily=terms.penalty_rate_daily,
                applied_on=applied_on, payee_bank=payee_bank.strip(), payee_account=payee_account.strip(),
                recorded_by=by, stage=Stage.APPLIED)
    if guarantors is None:
        guarantors = _group_guarantors(group, member, applied_on) if group is not None else []
    guarantors = [_fresh(g) for g in guarantors]
    eligibility.check(loan, on=applied_on, guarantors=guarantors)
    loan.number = (fund.loans.aggregate(n=Max("number"))["n"] or 0) + 1
    save_as(loan, by)
    LoanGuarantor.objects.bulk_create([LoanGuarantor(loan=loan, member=g) for g in guarantors])
    return loan


@transaction.atomic
def review_loan(*, loan: Loan, reviewed_on: date, votes_for: int, votes_against: int, votes_abstain: int = 0,
                opinion: str = "", by) -> Loan:
    """理事会审议, recorded by the village: a majority of the votes cast in favour passes it on to the township;
    otherwise the loan is rejected with the council's opinion as the reason."""
    fin.require_village_hand(by, loan, _("录入理事会审议"))
    lock_cooperative(loan.fund)
    loan = lock_loan(loan)
    if loan.stage != Stage.APPLIED:
        raise RuleViolation(Rule.R6, _("此借款已%(stage)s,不能再审议") % {"stage": loan.get_stage_display()})
    reviewed_on = not_in_future(reviewed_on, "reviewed_on")
    if reviewed_on < loan.applied_on:
        raise RuleViolation(Rule.R6, _("审议日期不能早于申请日期"), field="reviewed_on")
    votes = [int(v or 0) for v in (votes_for, votes_against, votes_abstain)]
    if min(votes) < 0 or sum(votes) == 0:
        raise RuleViolation(Rule.R6, _("请填写理事会表决票数"), field="votes_for")
    loan.reviewed_on, loan.reviewed_by = reviewed_on, by
    loan.votes_for, loan.votes_against, loan.votes_abstain = votes
    loan.council_opinion = (opinion or "").strip()[:200]
    if votes[0] * 2 > sum(votes):
        loan.stage = Stage.COUNCIL_REVIEWED
    else:
        loan.stage, loan.status = Stage.REJECTED, approvals.Status.REJECTED
        loan.reject_reason = _("理事会未通过:%(o)s") % {"o": loan.council_opinion or _("赞成票未过半")}
    return save_as(loan, by)


@transaction.atomic
def approve_loan(*, loan: Loan, by) -> Loan:
    """The township's approval (coop.approvals: its right, four eyes). R6 is checked again on the locked row;
    no money moves yet."""
    if loan.stage != Stage.COUNCIL_REVIEWED:
        raise RuleViolation(Rule.R6, _("借款须先经理事会审议通过,才能报镇审批"))
    lock_cooperative(loan.fund)

    def decide(locked: Loan):
        if locked.stage != Stage.COUNCIL_REVIEWED:
            raise RuleViolation(Rule.R6, _("借款须先经理事会审议通过,才能报镇审批"))
        eligibility.check(locked, on=timezone.localdate(), guarantors=list(locked.guarantors.all()), queue=True)
        locked.stage = Stage.APPROVED
        return None

    return approvals.approve(loan, by=by, post=decide)


@transaction.atomic
def reject_loan(*, loan: Loan, by, reason: str) -> Loan:
    """驳回 by the township, with the reason; nothing moves."""
    lock_cooperative(loan.fund)
    loan = approvals.reject(loan, by=by, reason=reason)
    loan.stage = Stage.REJECTED
    return save_as(loan, by)


@transaction.atomic
def disburse_loan(*, loan: Loan, disbursed_on: date, by) -> Loan:
    """放款: the village pays the approved loan from the fund's bank account into the member's (R1), the
    township's approval standing as the voucher's approval (R2: the approver is not the one who pays out).
    Under the locks R6 holds again with the money as it is now; the principal is split over the capital
    sources in proportion to what each has left, and the schedule is written as rows."""
    fin.require_village_hand(by, loan, _("发放互助资金借款"))
    lock_cooperative(loan.fund)
    lock_books(loan.fund)
    fund = lock_fund(loan.fund)
    loan = lock_loan(loan)
    if loan.stage != Stage.APPROVED:
        raise RuleViolation(Rule.R6, _("此借款%(stage)s,只有镇已审批的借款才能放款") % {
            "stage": loan.get_stage_display()})
    disbursed_on = not_in_future(disbursed_on, "disbursed_on")
    if disbursed_on < loan.applied_on:
        raise RuleViolation(Rule.R6, _("放款日期不能早于申请日期"), field="disbursed_on")
    eligibility.check(loan, on=disbursed_on, guarantors=list(loan.guarantors.all()), queue=True)
    village = fund.cooperative.village
    summary = _("发放%(who)s互助资金借款(转入%(bank)s %(account)s)") % {
        "who": loan.member.display_name, "bank": loan.payee_bank, "account": loan.payee_account}
    loan.voucher = fin.post_entry(
        village=village, on=disbursed_on, summary=summary[:100], prepared_by=by, approved_by=loan.approved_by,
        attachments=1, source=f"{accounts.BOOK}:loan-{loan.pk}",
        lines=[fin.Line.debit(accounts.loans_out_account(village, loan.approved_by), loan.amount),
               fin.Line.credit(accounts.bank(village), loan.amount)])
    _trace_sources(loan, fund, disbursed_on)
    rows = schedules.make(loan.method, principal=loan.amount, months=loan.term_months,
                          rate_per_mille=loan.fee_rate_monthly, start=disbursed_on)
    Instalment.objects.bulk_create([Instalment(loan=loan, version=loan.schedule_version, seq=r.seq, due_on=r.due_on,
                                               principal=r.principal, fee=r.fee) for r in rows])
    loan.disbursed_on, loan.disbursed_by, loan.stage = disbursed_on, by, Stage.DISBURSED
    return save_as(loan, by)


def _trace_sources(loan, fund, on):
    left = queries.available_by_source(fund, on)
    sources = [source for source, amount in left.items() if amount > 0]
    if not sources:
        raise RuleViolation(Rule.R6, _("R6 量入为出:互助资金已无可借出的本金"), field="amount")
    parts = split(loan.amount, [left[s] for s in sources])
    LoanSource.objects.bulk_create([LoanSource(loan=loan, source=s, principal=p)
                                    for s, p in zip(sources, parts, strict=True) if p > 0])


def _fresh(member):
    """The member as the database has it now (a form's or a caller's copy may predate a 退社)."""
    return type(member)._default_manager.select_related("household").get(pk=member.pk)


def _group_guarantors(group, member, on):
    rows = group.memberships.filter(joined_on__lte=on).exclude(left_on__lte=on).exclude(member=member)
    return [row.member for row in rows.select_related("member__household")
            if not (row.member.household_id and row.member.household_id == member.household_id)]


def describe(loan: Loan) -> str:
    return _("借款 %(n)05d %(who)s %(amount)s") % {"n": loan.number, "who": loan.member.display_name,
                                                  "amount": yuan(loan.amount)}
