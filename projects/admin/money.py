"""Receipts, variations and payments: recorded by the village on the add form, decided by the township with the
approval buttons (coop.admin_approvals) or the bulk action; every rule is the operation's."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import AddOnlyAdmin, run_each
from coop.money import yuan
from projects import operations as ops
from projects.models import Payment


class AddOnly(AddOnlyAdmin):
    list_filter = ["status", "project__cooperative__village__township"]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    approve = None  # the operation that approves one row

    @admin.display(description=gettext_lazy("金额"), ordering="amount")
    def amount_display(self, obj):
        return yuan(obj.amount)

    def approve_one(self, request, obj):
        return type(self).approve(obj, request.user)

    def reject_one(self, request, obj, reason):
        return ops.reject(row=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批(所选待审批记录)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status="pending").order_by("pk"),
                 lambda row: self.approve_one(request, row), _("已审批 %(n)s 笔"))


class FundsReceiptAdmin(ApprovalAdmin, AddOnly):
    list_display = ["project", "on", "amount_display", "source", "status", "recorded_by", "approved_by"]
    list_select_related = ["project", "recorded_by", "approved_by"]
    fields = ["project", "on", "amount", "source", "document_number"]

    @staticmethod
    def approve(row, user):
        return ops.approve_funds_receipt(receipt=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.record_funds_receipt(project=data["project"], on=data["on"], amount=data["amount"],
                                        source=data["source"], document_number=data.get("document_number") or "",
                                        by=request.user)


class VariationAdmin(ApprovalAdmin, AddOnly):
    list_display = ["project", "on", "amount_display", "reason", "status", "recorded_by", "approved_by"]
    list_select_related = ["project", "recorded_by", "approved_by"]
    fields = ["project", "on", "amount", "reason"]

    @staticmethod
    def approve(row, user):
        return ops.approve_variation(variation=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.record_variation(project=data["project"], on=data["on"], amount=data["amount"],
                                    reason=data["reason"], by=request.user)


class PaymentForm(forms.ModelForm):
    payee = forms.CharField(label=gettext_lazy("收款人(材料商、施工队)"), max_length=100)

    class Meta:
        model = Payment
        fields = ["project", "kind", "on", "amount", "summary"]


class PaymentAdmin(ApprovalAdmin, AddOnly):
    """Materials and works are paid here, one payee each; wages and rents through the labour and rental lists'
    "pay" action, where every payee is a person checked against R4b."""

    form = PaymentForm
    list_display = ["project", "kind", "on", "amount_display", "summary", "status", "recorded_by", "approved_by",
                    "payroll_link"]
    list_select_related = ["project", "recorded_by", "approved_by"]
    list_filter = ["status", "kind", "project__cooperative__village__township"]

    @admin.display(description=gettext_lazy("工资发放表"))
    def payroll_link(self, obj):
        if obj.kind != Payment.Kind.WAGES:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("projects:payroll", args=[obj.pk]), _("查看"))

    def get_fields(self, request, obj=None):
        return ["project", "kind", "on", "amount", "summary", "payee"] if obj is None else [
            "project", "kind", "on", "amount", "summary", "status", "recorded_by", "approved_by", "voucher"]

    @staticmethod
    def approve(row, user):
        return ops.approve_payment(payment=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.record_payment(project=data["project"], kind=data["kind"], on=data["on"],
                                  summary=data["summary"], by=request.user,
                                  payees=[ops.Payee(amount=data["amount"], name=data["payee"])])
