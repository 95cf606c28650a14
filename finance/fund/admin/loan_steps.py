"""The forms behind the loan page's buttons (finance/fund/loan_page.py): the council's review, the disbursement, a
repayment, a reschedule request, a write-off proposal and the township's decision on it. Each step names the
right it needs (coop.access, on the model it writes) and the operation it calls; the page (LoanAdmin.step_view)
shows the form, runs the operation in a transaction and puts a refusal on the form in the rule's words."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.approvals import Status
from coop.money import yuan
from finance.fund import loan_page
from finance.fund import operations as fund_ops
from finance.fund.admin.servicing import what_is_due
from finance.fund.models import Loan, Repayment, Reschedule, WriteOff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=gettext_lazy("理事会审议日期"), widget=DATE)
    votes_for = forms.IntegerField(label=gettext_lazy("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=gettext_lazy("反对票"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=gettext_lazy("弃权票"), min_value=0, initial=0)
    opinion = forms.CharField(label=gettext_lazy("理事会意见"), max_length=200, required=False)


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(label=gettext_lazy("放款日期"), widget=DATE)


class RepayForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("还款日期"), widget=DATE)
    amount = forms.DecimalField(label=gettext_lazy("还款金额(元)"), max_digits=14, decimal_places=2)


class RescheduleForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("展期日期"), widget=DATE)
    new_term_months = forms.IntegerField(label=gettext_lazy("展期后期限(月)"), min_value=1)
    new_method = forms.ChoiceField(label=gettext_lazy("还款方式"), required=False,
                                   choices=[("", gettext_lazy("沿用原还款方式")), *Loan.Method.choices])
    reason = forms.CharField(label=gettext_lazy("展期原因"), max_length=200)


class WriteOffForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("核销日期"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("核销原因"), max_length=200,
                             help_text=gettext_lazy("如借款人死亡、失踪且无财产可供清偿等,须写明依据"))


class DecideWriteOffForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("审批意见"), widget=forms.RadioSelect, initial="approve",
                                 choices=[("approve", gettext_lazy("同意核销(未还本金转入损失)")),
                                          ("reject", gettext_lazy("驳回"))])
    reason = forms.CharField(label=gettext_lazy("驳回原因"), max_length=200, required=False)


def _pending_write_off(loan) -> WriteOff:
    return loan.write_offs.filter(status=Status.PENDING).get()


def _decide_write_off(loan, by, decision, reason):
    row = _pending_write_off(loan)
    if decision == "approve":
        return fund_ops.approve_write_off(write_off=row, by=by)
    return fund_ops.reject_write_off(write_off=row, by=by, reason=reason)


def _write_off_help(loan) -> str:
    row = _pending_write_off(loan)
    return _("核销申请:%(d)s,申请时未还本金 %(p)s,原因:%(why)s;申请人 %(who)s") % {
        "d": row.on, "p": yuan(row.principal), "why": row.reason,
        "who": row.recorded_by.get_full_name() or row.recorded_by}


@dataclass(frozen=True)
class Step:
    title: str
    right: str
    model: type[Model]
    form: type[forms.Form]
    run: Callable  # (loan, by, **cleaned_data) -> the row written
    explain: Callable | None = None  # (loan) -> a line shown above the form
    done: str = ""


STEPS = {
    loan_page.REVIEW: Step(gettext_lazy("录入理事会审议"), loan_page.REVIEW, Loan, ReviewForm,
                           lambda loan, by, **data: fund_ops.review_loan(loan=loan, by=by, **data)),
    loan_page.DISBURSE: Step(gettext_lazy("放款"), loan_page.DISBURSE, Loan, DisburseForm,
                             lambda loan, by, **data: fund_ops.disburse_loan(loan=loan, by=by, **data)),
    loan_page.REPAY: Step(gettext_lazy("登记还款"), "add", Repayment, RepayForm,
                          lambda loan, by, **data: fund_ops.repay(loan=loan, by=by, **data),
                          lambda loan: what_is_due(loan, timezone.localdate())),
    loan_page.RESCHEDULE: Step(gettext_lazy("申请展期"), "add", Reschedule, RescheduleForm,
                               lambda loan, by, **data: fund_ops.request_reschedule(loan=loan, by=by, **data),
                               lambda loan: _("展期只调整未还本金,已到期的占用费和罚息须先付清;由镇财政所审批。")),
    loan_page.WRITE_OFF: Step(gettext_lazy("申请核销"), "add", WriteOff, WriteOffForm,
                              lambda loan, by, **data: fund_ops.propose_write_off(loan=loan, by=by, **data),
                              lambda loan: _("核销由村提出、镇财政所审批;审批时未还本金转入其他支出(损失)。")),
    loan_page.DECIDE_WRITE_OFF: Step(gettext_lazy("审批核销"), "approve", WriteOff, DecideWriteOffForm,
                                     _decide_write_off, _write_off_help),
}

INITIAL_DATES = ("reviewed_on", "disbursed_on", "paid_on", "on")


def initial(loan) -> dict:
    today = timezone.localdate()
    return {name: today for name in INITIAL_DATES}
