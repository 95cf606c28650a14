"""The subsidised loans in the admin, every save through finance.bankloan.operations: the county's policy; the
loan's page with its drawdowns, repayments, interest periods, payments and claims; the approval pages of what posts
(coop.admin_approvals); actions to compute the next interest period, record a period's interest as paid, and
confirm a subsidy received."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop import admin_base as base
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import ReadOnlyAdmin, ReadOnlyInline, action_form_page, run_each
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import Cooperative
from coop.money import yuan
from finance.bankloan import operations as loans
from finance.bankloan import queries
from finance.bankloan.models import (
    BankLoan,
    Drawdown,
    InterestPayment,
    InterestPeriod,
    PrincipalRepayment,
    SubsidyClaim,
    SubsidyClaimLine,
    SubsidyPolicy,
)

CALENDAR_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AddOnlyAdmin(base.AddOnlyAdmin):
    """What a row holds shows on its page; dates are picked on a calendar."""

    def get_inlines(self, request, obj):
        """What a row holds is shown on its page, not on the form that adds it."""
        return self.inlines if obj is not None else []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.get_internal_type() == "DateField":
            kwargs["widget"] = CALENDAR_DATE
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def money(field: str, label):
    @admin.display(description=label, ordering=field)
    def show(self, obj):
        return yuan(getattr(obj, field))
    return show


@admin.register(SubsidyPolicy)
class SubsidyPolicyAdmin(AddOnlyAdmin):
    list_display = ["county", "effective_from", "method", "subsidy_rate", "points", "claim_period",
                    "max_principal_display", "max_term_months"]
    fields = ["county", "effective_from", "method", "subsidy_rate", "points", "claim_period", "max_principal",
              "max_term_months", "note"]
    max_principal_display = money("max_principal", gettext_lazy("贴息本金上限"))

    def perform(self, request, form, change):
        return loans.set_policy(by=request.user, **form.cleaned_data)


class MovementInline(ReadOnlyInline):
    fields = ["on", "amount_display", "status", "recorded_by", "approved_by", "voucher"]
    readonly_fields = fields
    amount_display = money("amount", gettext_lazy("金额"))


class DrawdownInline(MovementInline):
    model = Drawdown


class RepaymentInline(MovementInline):
    model = PrincipalRepayment


class PeriodInline(ReadOnlyInline):
    model = InterestPeriod
    fields = ["start", "end", "days", "opening_principal_display", "closing_principal_display", "interest_display",
              "penalty_display", "compound_display", "paid_display", "subsidisable_display"]
    readonly_fields = fields
    opening_principal_display = money("opening_principal", gettext_lazy("期初本金"))
    closing_principal_display = money("closing_principal", gettext_lazy("期末本金"))
    interest_display = money("interest_due", gettext_lazy("应付利息"))
    penalty_display = money("penalty_due", gettext_lazy("应付罚息(含复利)"))
    compound_display = money("compound_due", gettext_lazy("其中复利"))
    subsidisable_display = money("subsidisable_interest", gettext_lazy("可贴息利息"))

    @admin.display(description=gettext_lazy("已付利息/罚息"))
    def paid_display(self, obj):
        interest, penalty = queries.paid_on(obj)
        return f"{yuan(interest)} / {yuan(penalty)}"


@admin.register(BankLoan)
class BankLoanAdmin(AddOnlyAdmin):
    list_display = ["contract_number", "bank", "cooperative", "principal_display", "annual_rate", "signed_on",
                    "maturity", "settlement"]
    list_filter = ["settlement", "cooperative"]
    list_select_related = ["cooperative__village"]
    search_fields = ["contract_number", "bank"]
    fields = ["cooperative", "bank", "contract_number", "principal", "annual_rate", "term_months", "signed_on",
              "maturity", "settlement", "penalty_markup", "compound_interest", "purpose"]
    inlines = [DrawdownInline, RepaymentInline, PeriodInline]
    actions = ["compute_selected"]
    action_rights = {"compute_selected": "compute"}
    principal_display = money("principal", gettext_lazy("合同金额"))

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "outstanding", "statement_links"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return [*self.fields, "outstanding", "statement_links"] if obj is not None else self.fields

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("未还本金"))
    def outstanding(self, obj):
        return yuan(queries.outstanding(obj))

    @admin.display(description=gettext_lazy("报表"))
    def statement_links(self, obj):
        url = reverse("bankloan:statement", args=[obj.cooperative.village.code])
        return format_html('<a href="{}">{}</a> · <a href="{}?format=pdf">PDF</a> · <a href="{}?format=xlsx">Excel</a>',
                           url, _("贴息贷款利息及贴息明细表"), url, url)

    def perform(self, request, form, change):
        return loans.register_loan(by=request.user, **form.cleaned_data)

    @admin.action(description=gettext_lazy("计算下一计息期利息(所选贷款)"))
    def compute_selected(self, request, queryset):
        run_each(request, queryset, lambda loan: loans.compute_interest_period(loan=loan, by=request.user),
                 _("已计算 %(n)s 笔贷款的利息"))


class MovementAdmin(AddOnlyAdmin):
    """Drawdowns and repayments: recorded here, approved on their own page (coop.admin_approvals)."""

    list_display = ["loan", "on", "amount_display", "status", "recorded_by", "approved_by"]
    list_filter = ["status"]
    list_select_related = ["loan", "recorded_by", "approved_by"]
    fields = ["loan", "on", "amount", "note"]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    amount_display = money("amount", gettext_lazy("金额"))

    def reject_one(self, request, obj, reason):
        return loans.reject_movement(row=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批入账(所选记录)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status="pending").order_by("on", "pk"),
                 lambda row: self.approve_one(request, row), _("已审批入账 %(n)s 笔"))


@admin.register(Drawdown)
class DrawdownAdmin(ApprovalAdmin, MovementAdmin):
    def perform(self, request, form, change):
        return loans.record_drawdown(by=request.user, **form.cleaned_data)

    def approve_one(self, request, obj):
        return loans.approve_drawdown(drawdown=obj, by=request.user)


@admin.register(PrincipalRepayment)
class PrincipalRepaymentAdmin(ApprovalAdmin, MovementAdmin):
    def perform(self, request, form, change):
        return loans.record_repayment(by=request.user, **form.cleaned_data)

    def approve_one(self, request, obj):
        return loans.approve_repayment(repayment=obj, by=request.user)


class PaymentInline(ReadOnlyInline):
    model = InterestPayment
    fields = ["on", "interest", "penalty", "status", "recorded_by", "approved_by", "voucher"]
    readonly_fields = fields


@admin.register(InterestPeriod)
class InterestPeriodAdmin(ReadOnlyAdmin):
    list_display = ["loan", "start", "end", "days", "interest_display", "penalty_display", "subsidisable_display"]
    list_select_related = ["loan"]
    list_filter = ["loan"]
    inlines = [PaymentInline]
    actions = ["record_paid_selected"]
    action_rights = {"record_paid_selected": "pay"}
    interest_display = money("interest_due", gettext_lazy("应付利息"))
    penalty_display = money("penalty_due", gettext_lazy("应付罚息"))
    subsidisable_display = money("subsidisable_interest", gettext_lazy("可贴息利息"))

    @admin.action(description=gettext_lazy("登记付息:按本期未付的利息和罚息,结息日付(所选计息期)"))
    def record_paid_selected(self, request, queryset):
        def record(period):
            interest, penalty = queries.paid_on(period, statuses=queries.LIVE)
            return loans.record_interest_payment(period=period, on=period.end, by=request.user,
                                                 interest_paid=period.interest_due - interest,
                                                 penalty_paid=period.penalty_due - penalty)

        run_each(request, queryset.order_by("loan", "start"), record, _("已登记 %(n)s 笔付息,待镇审批入账"))


@admin.register(InterestPayment)
class InterestPaymentAdmin(ApprovalAdmin, AddOnlyAdmin):
    list_display = ["period", "on", "interest", "penalty", "status", "recorded_by", "approved_by"]
    list_filter = ["status"]
    list_select_related = ["period__loan", "recorded_by", "approved_by"]
    fields = ["period", "on", "interest", "penalty"]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}

    def perform(self, request, form, change):
        data = form.cleaned_data
        return loans.record_interest_payment(period=data["period"], on=data["on"], interest_paid=data["interest"],
                                             penalty_paid=data["penalty"], by=request.user)

    def approve_one(self, request, obj):
        return loans.approve_interest_payment(payment=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return loans.reject_interest_payment(payment=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批入账(所选付息)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status="pending").order_by("on", "pk"),
                 lambda row: self.approve_one(request, row), _("已审批入账 %(n)s 笔付息"))


class ClaimForm(forms.ModelForm):
    within = forms.DateField(label=gettext_lazy("申请期内任一日"), widget=CALENDAR_DATE,
                             help_text=gettext_lazy("按贴息政策的申请周期(月、季、年)取包含此日的申请期,须已结束"))

    class Meta:
        model = SubsidyClaim
        fields = ["cooperative", "note"]


class ReceivedForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("到账日期"), widget=CALENDAR_DATE,
                         help_text=gettext_lazy("县级贴息资金划入村银行账户的日期(须在已开启的会计期间)"))


class ClaimLineInline(ReadOnlyInline):
    model = SubsidyClaimLine
    fields = ["period", "interest_paid", "subsidisable", "amount", "claimed"]
    readonly_fields = fields


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(ApprovalAdmin, AddOnlyAdmin):
    form = ClaimForm
    list_display = ["cooperative", "period_start", "period_end", "interest_paid", "amount_display", "stage_display",
                    "received_on", "form_link"]
    list_filter = ["status", "cooperative"]
    list_select_related = ["cooperative__village", "recorded_by", "approved_by"]
    inlines = [ClaimLineInline]
    actions = ["receive_selected", "reject_selected"]
    action_rights = {"receive_selected": "receive", "reject_selected": "approve"}
    amount_display = money("amount", gettext_lazy("申请贴息金额"))
    change_form_template = "admin/bankloan/claim_change_form.html"
    # the township's approval of a claim checks it and moves no money: the subsidy posts when it arrives
    approve_label = gettext_lazy("审核同意(不入账,到账后再登记)")
    approved_message = gettext_lazy("已审核同意贴息申请:%(obj)s;贴息到账后登记入账")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["cooperative", "within", "note"]
        return ["cooperative", "policy", "period_start", "period_end", "interest_paid", "subsidisable", "amount",
                "stage_display", "note", "submitted_at", "submitted_by", "received_on", "received_amount",
                "receipt_voucher", "form_link"]

    @admin.display(description=gettext_lazy("办理阶段"))
    def stage_display(self, obj):
        return obj.get_stage_display()

    def may_decide(self, obj) -> bool:
        return obj.is_pending and not obj.is_draft

    def get_urls(self):
        return [path("<int:pk>/draft/", self.admin_site.admin_view(self.draft_view),
                     name="bankloan_subsidyclaim_draft")] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        editable = obj is not None and obj.is_draft and access.allows(request.user, access.ADD, SubsidyClaim)
        extra = {"approval_stage_label": obj.get_stage_display() if obj else "", "draft_editable": editable}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def draft_view(self, request, pk):
        """The draft's two buttons: recompute from the books and save the note, or submit to the township."""
        if request.method != "POST" or not access.allows(request.user, access.ADD, SubsidyClaim):
            raise PermissionDenied
        claim = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            with transaction.atomic():
                if request.POST.get("do") == "submit":
                    if (request.POST.get("note") or "").strip() != claim.note:  # the note typed before submitting
                        claim = loans.revise_claim(claim=claim, note=request.POST.get("note"), by=request.user)
                    claim = loans.submit_claim(claim=claim, by=request.user)
                    messages.success(request, _("已提交贴息申请,待镇审核:%(c)s,申请金额 %(a)s") % {
                        "c": claim, "a": yuan(claim.amount)})
                else:
                    claim = loans.revise_claim(claim=claim, note=request.POST.get("note"), by=request.user)
                    messages.success(request, _("已按账重新计算并保存草稿,申请金额 %(a)s") % {"a": yuan(claim.amount)})
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc, model=SubsidyClaim))
        return HttpResponseRedirect(reverse("admin:bankloan_subsidyclaim_change", args=[pk]))

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cooperative":
            kwargs["queryset"] = access.visible(request.user, Cooperative.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("贴息申请表"))
    def form_link(self, obj):
        return format_html('<a href="{}" class="claim-form-link">{}</a>', reverse("bankloan:claim_form", args=[obj.pk]),
                           _("打印 PDF"))

    def perform(self, request, form, change):
        return loans.make_claim(cooperative=form.cleaned_data["cooperative"], within=form.cleaned_data["within"],
                                note=form.cleaned_data.get("note", ""), by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, _("已编制贴息申请草稿:%(c)s,申请金额 %(a)s;核对后点“提交镇审核”") % {
            "c": obj, "a": yuan(obj.amount)})
        return HttpResponseRedirect(reverse("admin:bankloan_subsidyclaim_change", args=[obj.pk]))

    def approve_one(self, request, obj):
        return loans.approve_claim(claim=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return loans.reject_claim(claim=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("登记贴息全额到账(所选已审核申请)"))
    def receive_selected(self, request, queryset):
        """A page asking the day the money arrived; on its submit, each claim is recorded received in full."""
        rows = queryset.filter(status="approved", received_on__isnull=True).order_by("period_start")
        form = ReceivedForm(request.POST if "on" in request.POST else None)
        if form.is_bound and form.is_valid():
            on = form.cleaned_data["on"]
            run_each(request, rows, lambda claim: loans.record_subsidy_received(
                claim=claim, on=on, amount=claim.amount, by=request.user), _("已登记 %(n)s 笔贴息到账"))
            return None
        return action_form_page(self, request, template="admin/bankloan/receive_selected.html",
                                action="receive_selected", form=form, rows=rows, title=_("登记贴息到账"))
