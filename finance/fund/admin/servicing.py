"""The servicing's admin pages: repayments (the form says what falls due and in which order the money goes;
the township reverses a mistaken one with a reason), reschedule requests and write-off proposals (recorded by
the village, decided by the township through coop.admin_approvals). Every save goes through
finance.fund.operations; nothing is edited or deleted here."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import AddOnlyAdmin, action_form_page, run_each
from coop.money import yuan
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import Loan, Repayment, Reschedule, Stage, WriteOff
from finance.fund.operations import servicing
from members import sections


class AddOnly(AddOnlyAdmin):
    """Only running loans are offered, and the form starts at today."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "loan":  # only running loans take repayments, reschedules and write-offs
            field.queryset = field.queryset.filter(stage=Stage.DISBURSED).select_related("member__household")
            field.queryset = field.queryset.prefetch_related("member__household__persons")
        return field

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "on": timezone.localdate(),
                "paid_on": timezone.localdate()}


def what_is_due(loan: Loan, on) -> str:
    """The repayment form's help: what falls due by `on`, what settles the loan, and the allocation order."""
    due, payoff, _plan = servicing.preview(loan=loan, on=on)
    return _("%(d)s 应还 %(due)s,提前结清需 %(payoff)s。还款依次抵扣:罚息 → 逾期占用费 → 当期占用费 → 本金"
             "(先到期的先扣),多出部分提前归还以后各期本金;超过结清金额的不予入账。") % {
        "d": on, "due": yuan(due), "payoff": yuan(payoff)}


class ReasonForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("冲销日期"), initial=timezone.localdate)
    reason = forms.CharField(label=gettext_lazy("冲销原因"), max_length=200)


@admin.register(Repayment)
class RepaymentAdmin(AddOnly):
    list_display = ["receipt_no", "paid_on", "loan_link", "amount_display", "to_penalty", "to_overdue_fee", "to_fee",
                    "to_principal", "reversed_on", "receipt"]
    list_select_related = ["loan__member__household", "loan__fund"]
    list_filter = ["paid_on"]
    search_fields = ["receipt_no", "loan__member__household__persons__name"]
    fields = ["loan", "paid_on", "amount"]
    readonly_fields = ["allocation", "receipt"]
    actions = ["reverse_selected"]
    action_rights = {"reverse_selected": "reverse"}
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("loan__member__household__persons")

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ["loan", "receipt_no", "paid_on", "amount", "allocation", "reversed_on", "reversal_reason",
                    "voucher", "reversal_voucher", "receipt"]
        return self.fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        loan = self._loan_asked(request)
        if obj is None and loan is not None and "amount" in form_class.base_fields:
            form_class.base_fields["amount"].help_text = what_is_due(loan, timezone.localdate())
        return form_class

    def _loan_asked(self, request):
        pk = request.GET.get("loan") or request.POST.get("loan")
        if not (pk or "").isdigit():
            return None
        return access.visible(request.user, Loan.objects.filter(pk=pk, stage=Stage.DISBURSED)).first()

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "loan": request.GET.get("loan")}

    @admin.display(description=gettext_lazy("借款"), ordering="loan")
    def loan_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:fund_loan_change", args=[obj.loan_id]), obj.loan)

    @admin.display(description=gettext_lazy("金额"), ordering="amount")
    def amount_display(self, obj):
        return yuan(obj.amount)

    @admin.display(description=gettext_lazy("分配到各期"))
    def allocation(self, obj):
        rows = obj.lines.select_related("instalment").order_by("instalment__version", "instalment__seq")
        return format_html('<table class="fund-allocation"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}'
                           '</table>', _("期次"), _("罚息"), _("占用费"), _("本金"), format_html_join(
                               "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                               ((line.instalment, yuan(line.penalty), yuan(line.fee), yuan(line.principal))
                                for line in rows)))

    @admin.display(description=gettext_lazy("收据"))
    def receipt(self, obj):
        url = reverse("fundprint:receipt", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("打印"))

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.repay(loan=data["loan"], paid_on=data["paid_on"], amount=data["amount"], by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, _("已入账还款 收据 %(no)s:罚息 %(p)s,逾期占用费 %(o)s,占用费 %(f)s,本金 %(c)s") % {
            "no": obj.receipt_no, "p": yuan(obj.to_penalty), "o": yuan(obj.to_overdue_fee), "f": yuan(obj.to_fee),
            "c": yuan(obj.to_principal)})
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=gettext_lazy("冲销(所选还款,填写原因)"))
    def reverse_selected(self, request, queryset):
        rows = queryset.filter(reversed_on__isnull=True).order_by("-paid_on", "-pk")
        form = ReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            run_each(request, rows, lambda row: fund_ops.reverse_repayment(
                repayment=row, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"], by=request.user),
                _("已冲销 %(n)s 笔还款"))
            return None
        return action_form_page(self, request, template="admin/fund/reverse_selected.html",
                                action="reverse_selected", form=form, rows=rows, title=_("冲销所选还款"))


class DecidedByTownship(AddOnly):
    """Recorded by the village, decided by the township: each admin below puts ApprovalAdmin first."""

    list_filter = ["status"]
    list_select_related = ["loan__member__household", "recorded_by", "approved_by"]
    actions = ["reject_selected"]
    action_rights = {"reject_selected": "approve"}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("loan__member__household__persons")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] if obj is not None else []


@admin.register(Reschedule)
class RescheduleAdmin(ApprovalAdmin, DecidedByTownship):
    list_display = ["loan", "on", "reason", "new_term_months", "new_method", "status", "recorded_by", "approved_by"]
    fields = ["loan", "on", "reason", "new_term_months", "new_method"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "new_method":
            return forms.ChoiceField(label=db_field.verbose_name, required=False,
                                     choices=[("", _("沿用原还款方式"))] + list(Loan.Method.choices))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.request_reschedule(loan=data["loan"], on=data["on"], reason=data["reason"],
                                           new_term_months=data["new_term_months"] or 0,
                                           new_method=data.get("new_method") or "", by=request.user)

    def approve_one(self, request, obj):
        return fund_ops.approve_reschedule(reschedule=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return fund_ops.reject_reschedule(reschedule=obj, by=request.user, reason=reason)


@admin.register(WriteOff)
class WriteOffAdmin(ApprovalAdmin, DecidedByTownship):
    list_display = ["loan", "on", "principal", "reason", "status", "recorded_by", "approved_by"]
    fields = ["loan", "on", "reason"]

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.propose_write_off(loan=data["loan"], on=data["on"], reason=data["reason"], by=request.user)

    def approve_one(self, request, obj):
        return fund_ops.approve_write_off(write_off=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return fund_ops.reject_write_off(write_off=obj, by=request.user, reason=reason)


@sections.register
def member_loans(member) -> str:
    """The member's page lists their loans from the fund: amount, stage, principal still out, each leading to the
    loan's page (its 下一步 and buttons), and the contract."""
    loans = Loan.objects.filter(member=member).order_by("-applied_on", "-number")
    if not loans:
        return ""
    owed = queries.outstanding_principal(loans)
    return format_html('<div class="fund-member-loans"><strong>{}</strong><ul>{}</ul></div>', _("互助资金借款"),
                       format_html_join("", '<li>{} <a class="fund-loan-link" href="{}">{} {}</a> · {} · {} {} · '
                                        '<a href="{}" target="_blank">{}</a></li>', (
                           (loan.applied_on, reverse("admin:fund_loan_change", args=[loan.pk]), _("借款"),
                            f"{loan.number:05d}", yuan(loan.amount), loan.get_stage_display(),
                            _("未还本金 %(o)s") % {"o": yuan(owed[loan.pk])} if loan.pk in owed else "",
                            reverse("fundprint:contract", args=[loan.pk]), _("借款合同")) for loan in loans)))
