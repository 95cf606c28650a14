"""Loans: the application form (R6 shown at the field it concerns), the council's review and the disbursement
on pages of their own, the township's approval with ApprovalAdmin's buttons, and bulk actions that run the same
operations row by row. A loan's page shows its stored schedule."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import run_each
from coop.errors import DOMAIN_ERRORS, explain_text, show_on_form
from coop.money import yuan
from finance.fund import loan_page
from finance.fund import operations as fund_ops
from finance.fund.admin import loan_steps
from finance.fund.admin.base import AMOUNT, OneFundAdmin, money
from finance.fund.models import Instalment, Loan, Stage
from finance.fund.operations import servicing
from members.models import Member


@admin.register(Loan)
class LoanAdmin(ApprovalAdmin, OneFundAdmin):
    list_display = ["loan_number", "member", "amount_display", "term_months", "method", "applied_on", "stage",
                    "status", "disbursed_on"]
    list_filter = ["stage", "status", "method", "member__kind"]
    list_select_related = ["fund", "member__household", "recorded_by"]
    search_fields = ["member__household__persons__name", "member__enterprise_name", "purpose"]
    autocomplete_fields = ["member"]
    fields = ["fund", "member", "amount", "term_months", "method", "purpose", "applied_on", "payee_bank",
              "payee_account", "group", "guarantor_members"]
    page_fields = ["stage", "terms", "fee_rate_monthly", "penalty_rate_daily", "council", "disbursement",
                   "sources", "schedule"]
    change_form_template = "admin/fund/loan_change_form.html"
    actions = ["approve_selected", "reject_selected", "disburse_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve",
                     "disburse_selected": loan_page.DISBURSE}
    amount_display = money(AMOUNT, "amount")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("member__household__persons")

    def get_fields(self, request, obj=None):
        return super().get_fields(request, obj) if obj is None else [
            f for f in self.fields if f != "guarantor_members"] + self.page_fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.page_fields if obj else [])]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["fields"] = [name for name in self.get_fields(request) if name != "guarantor_members"]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            members = access.visible(request.user, Member.objects.filter(status=Member.Status.ACTIVE)).select_related(
                "household").prefetch_related("household__persons")
            form_class.base_fields["guarantor_members"] = forms.ModelMultipleChoiceField(
                label=_("担保人"), queryset=members, required=False, widget=forms.CheckboxSelectMultiple,
                help_text=_("选了联保小组而不选担保人时,由小组其他成员担保"))
        return form_class

    def perform(self, request, form, change):
        data = form.cleaned_data
        guarantors = list(data.get("guarantor_members") or []) or None
        return fund_ops.apply_for_loan(
            fund=self.fund_of(request, form), member=data["member"], amount=data["amount"],
            term_months=data["term_months"], method=data["method"], purpose=data["purpose"],
            applied_on=data["applied_on"], payee_bank=data["payee_bank"], payee_account=data["payee_account"],
            group=data.get("group"), guarantors=guarantors, by=request.user)

    def approve_one(self, request, obj):
        return fund_ops.approve_loan(loan=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return fund_ops.reject_loan(loan=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("镇审批通过(所选经理事会审议的借款)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(stage=Stage.COUNCIL_REVIEWED).order_by("number"),
                 lambda loan: self.approve_one(request, loan), _("已审批 %(n)s 笔借款"))

    @admin.action(description=gettext_lazy("放款(所选已审批借款,以今天为放款日期)"))
    def disburse_selected(self, request, queryset):
        today = timezone.localdate()
        run_each(request, queryset.filter(stage=Stage.APPROVED).order_by("number"),
                 lambda loan: fund_ops.disburse_loan(loan=loan, disbursed_on=today, by=request.user),
                 _("已放款 %(n)s 笔"))

    @admin.display(description=gettext_lazy("编号"), ordering="number")
    def loan_number(self, obj):
        return f"{obj.number:05d}"

    @admin.display(description=gettext_lazy("理事会审议"))
    def council(self, obj):
        if obj.reviewed_on is None:
            return "—"
        return _("%(d)s 赞成 %(f)s · 反对 %(a)s · 弃权 %(x)s %(o)s") % {
            "d": obj.reviewed_on, "f": obj.votes_for, "a": obj.votes_against, "x": obj.votes_abstain,
            "o": obj.council_opinion}

    @admin.display(description=gettext_lazy("放款"))
    def disbursement(self, obj):
        if obj.disbursed_on is None:
            return "—"
        if obj.carried_over:  # lent on paper before the books opened: no voucher here, the paper contract holds it
            return _("%(d)s 纸质账簿放款(合同号 %(no)s),建账时结转") % {"d": obj.disbursed_on,
                                                                     "no": obj.contract_no or "—"}
        return _("%(d)s 转入 %(bank)s %(account)s,凭证 %(v)s") % {
            "d": obj.disbursed_on, "bank": obj.payee_bank, "account": obj.payee_account, "v": obj.voucher}

    @admin.display(description=gettext_lazy("资金来源"))
    def sources(self, obj):
        rows = obj.sources.all()
        return format_html_join("、", "{} {}", ((r.get_source_display(), yuan(r.principal)) for r in rows)) or "—"

    @admin.display(description=gettext_lazy("还款计划"))
    def schedule(self, obj):
        rows = Instalment.objects.filter(loan=obj, superseded=False).order_by("seq")
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (r.seq, r.due_on, yuan(r.principal), yuan(r.fee), yuan(r.paid_principal + r.paid_fee),
             _("已结清") if r.settled_on else (_("逾期") if r.overdue_since else "")) for r in rows))
        if not body:
            return "—"
        return format_html('<table class="fund-schedule"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
                           "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                           _("期次"), _("应还日期"), _("本金"), _("占用费"), _("已还"), _("状态"), body)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The loan's page: its 下一步 (what it waits for, who acts) and the buttons for this reader, on a row of
        their own above the form (admin/fund/loan_change_form.html)."""
        loan = self.get_object(request, object_id)
        extra = {}
        if loan is not None:
            state = loan_page.state_of(loan, on=timezone.localdate())
            extra = {"next_step": loan_page.next_step(state), "loan_actions": loan_page.actions(state, request.user)}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def get_urls(self):
        return [path("<int:pk>/step/<str:step>/", self.admin_site.admin_view(self.step_view),
                     name=self._url_name("step"))] + super().get_urls()

    def step_view(self, request, pk, step):
        """One of the loan page's steps (finance/fund/admin/loan_steps.py) on a page of its own; refusals show on
        the form in the rule's words, and nothing is written."""
        spec = loan_steps.STEPS.get(step)
        if spec is None or not access.allows(request.user, spec.right, spec.model):
            raise PermissionDenied
        loan = get_object_or_404(self.get_queryset(request), pk=pk)
        initial = loan_steps.initial(loan)
        if step == loan_page.REPAY and request.method != "POST":
            initial["amount"] = servicing.preview(loan=loan, on=initial["paid_on"])[0] or None
        form = spec.form(request.POST or None, initial=initial)
        explanation = ""
        try:
            explanation = spec.explain(loan) if spec.explain else ""
        except DOMAIN_ERRORS as exc:
            form.add_error(None, explain_text(exc, model=Loan))
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    spec.run(loan, by=request.user, **form.cleaned_data)
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("已办理%(what)s:%(loan)s") % {"what": spec.title, "loan": loan})
                return HttpResponseRedirect(reverse(f"admin:{self._url_name('change')}", args=[pk]))
        context = {**self.admin_site.each_context(request), "opts": Loan._meta, "form": form, "loan": loan,
                   "title": spec.title, "original": loan, "explanation": explanation}
        return TemplateResponse(request, "admin/fund/loan_step.html", context)
