"""What a loan's page offers: the 下一步 (what the loan waits for and who acts) and the buttons that apply to the
reader's role at the loan's stage. Read only; every button leads to a form that calls finance.fund.operations.

A button shows when the role has the right (finance/fund/rights.py, servicing_rights.py) and the stage admits
the step; the operation still checks everything (a button shown is not a promise: its refusal comes back on the
form in the rule's words). A fixed number of queries whatever the loan's history."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.approvals import Status
from coop.money import yuan
from finance.fund.models import Instalment, Loan, Repayment, Reschedule, Stage, WriteOff

# step names of the loan page's forms (finance/fund/admin/loan_steps.py)
REVIEW, DISBURSE, REPAY, RESCHEDULE, WRITE_OFF, DECIDE_WRITE_OFF = (
    "review", "disburse", "repay", "reschedule", "write_off", "decide_write_off")


@dataclass(frozen=True)
class NextStep:
    text: str
    who: str
    urgent: bool = False


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = False
    new_window: bool = False


@dataclass
class LoanState:
    """What the page's two boxes read, in four queries."""

    loan: Loan
    next_open: Instalment | None
    overdue: bool
    last_repayment: Repayment | None
    pending_reschedule: Reschedule | None
    pending_write_off: WriteOff | None


def state_of(loan: Loan, *, on: date) -> LoanState:
    open_rows = Instalment.objects.filter(loan=loan, version=loan.schedule_version, superseded=False,
                                          settled_on__isnull=True).order_by("seq")
    next_open = open_rows.first()
    return LoanState(
        loan=loan, next_open=next_open, overdue=bool(next_open and next_open.due_on < on),
        last_repayment=loan.repayments.filter(reversed_on__isnull=True).order_by("-paid_on", "-pk").first(),
        pending_reschedule=loan.reschedules.filter(status=Status.PENDING).select_related("recorded_by").first(),
        pending_write_off=loan.write_offs.filter(status=Status.PENDING).select_related("recorded_by").first())


def next_step(state: LoanState) -> NextStep:
    loan = state.loan
    if loan.stage == Stage.APPLIED:
        return NextStep(_("等待理事会审议并录入表决结果"), _("理事长"))
    if loan.stage == Stage.COUNCIL_REVIEWED:
        return NextStep(_("理事会已审议,等待镇财政所审批"), _("镇财政所(经办人以外的人员)"))
    if loan.stage == Stage.APPROVED:
        return NextStep(_("镇已审批,等待放款到借款人银行账户"), _("理事长或镇财政所"))
    if loan.stage == Stage.REJECTED:
        return NextStep(_("未获批准(%(why)s),无需办理") % {"why": loan.reject_reason or "—"}, "—")
    if loan.stage == Stage.REPAID:
        return NextStep(_("已于 %(d)s 结清,无需办理") % {"d": loan.closed_on}, "—")
    if loan.stage == Stage.WRITTEN_OFF:
        return NextStep(_("已于 %(d)s 核销,无需办理") % {"d": loan.closed_on}, "—")
    if state.pending_write_off:
        return NextStep(_("核销申请(%(why)s)等待镇财政所审批") % {"why": state.pending_write_off.reason},
                        _("镇财政所(申请人以外的人员)"), urgent=True)
    if state.pending_reschedule:
        return NextStep(_("展期申请(%(why)s)等待镇财政所审批") % {"why": state.pending_reschedule.reason},
                        _("镇财政所(申请人以外的人员)"), urgent=True)
    row = state.next_open
    if row is None:
        return NextStep(_("各期均已结清"), "—")
    owed = row.principal_due + row.fee_due + row.penalty_due
    if state.overdue:
        return NextStep(_("逾期:第 %(n)s 期已于 %(d)s 到期,尚欠 %(owed)s(罚息另计至还款日),请催收并登记还款") % {
            "n": row.seq, "d": row.due_on, "owed": yuan(owed)}, _("理事长"), urgent=True)
    return NextStep(_("第 %(n)s 期 %(d)s 到期,应还 %(owed)s") % {"n": row.seq, "d": row.due_on, "owed": yuan(owed)},
                    _("借款人还款,理事长登记"))


def actions(state: LoanState, user) -> list[Action]:
    """The buttons for `user` on this loan now, the one most likely next first."""
    loan, out = state.loan, []

    def step(name, label, primary=False):
        out.append(Action(label, reverse("admin:fund_loan_step", args=[loan.pk, name]), primary))

    if loan.stage == Stage.APPLIED and access.allows(user, REVIEW, Loan):
        step(REVIEW, _("录入理事会审议"), primary=True)
    if loan.stage == Stage.APPROVED and access.allows(user, DISBURSE, Loan):
        step(DISBURSE, _("放款"), primary=True)
    if loan.stage == Stage.DISBURSED:
        if access.allows(user, access.ADD, Repayment):
            step(REPAY, _("登记还款"), primary=True)
        if state.pending_reschedule is None and access.allows(user, access.ADD, Reschedule):
            step(RESCHEDULE, _("申请展期"))
        elif state.pending_reschedule and _may_decide(user, state.pending_reschedule, Reschedule):
            out.append(Action(_("审批展期申请"), reverse("admin:fund_reschedule_change",
                                                          args=[state.pending_reschedule.pk]), primary=True))
        if state.pending_write_off is None and access.allows(user, access.ADD, WriteOff):
            step(WRITE_OFF, _("申请核销"))
        elif state.pending_write_off and _may_decide(user, state.pending_write_off, WriteOff):
            step(DECIDE_WRITE_OFF, _("审批核销"), primary=True)
    out.append(Action(_("打印借款合同"), reverse("fundprint:contract", args=[loan.pk]), new_window=True))
    if state.last_repayment:
        out.append(Action(_("打印最近收据 %(no)s") % {"no": state.last_repayment.receipt_no},
                          reverse("fundprint:receipt", args=[state.last_repayment.pk]), new_window=True))
    if loan.stage in (Stage.DISBURSED, Stage.REPAID, Stage.WRITTEN_OFF):
        out.append(Action(_("还款计划表"), reverse("fund:schedule", args=[loan.pk])))
    if loan.group_id and loan.stage == Stage.DISBURSED and access.allows(user, access.ADD, Repayment):
        out.append(Action(_("联保小组集中还款"), reverse("admin:fund_guaranteegroup_collect", args=[loan.group_id])))
    return out


def _may_decide(user, row, model) -> bool:
    """The township decides what someone else asked for (R2: never one's own request)."""
    return access.allows(user, "approve", model) and row.recorded_by_id != user.pk
