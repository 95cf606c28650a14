"""Capital received: recorded by the village, approved (and posted) by the township."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import run_each
from finance.fund import operations as fund_ops
from finance.fund.admin.base import AMOUNT, OneFundAdmin, money
from finance.fund.models import CapitalReceipt


@admin.register(CapitalReceipt)
class CapitalReceiptAdmin(ApprovalAdmin, OneFundAdmin):
    list_display = ["number", "fund", "source", "amount_display", "received_on", "member", "payer", "status",
                    "recorded_by", "approved_by"]
    list_filter = ["status", "source"]
    list_select_related = ["fund", "member__household", "recorded_by", "approved_by"]
    autocomplete_fields = ["member"]
    fields = ["fund", "source", "amount", "received_on", "member", "payer", "document"]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    amount_display = money(AMOUNT, "amount")

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.record_capital(fund=self.fund_of(request, form), source=data["source"],
                                       amount=data["amount"], received_on=data["received_on"],
                                       member=data.get("member"), payer=data.get("payer", ""),
                                       document=data.get("document", ""), by=request.user)

    def approve_one(self, request, obj):
        return fund_ops.approve_capital(receipt=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return fund_ops.reject_capital(receipt=obj, by=request.user, reason=reason)

    @admin.action(description=_("审批入账(所选资金到位)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status=CapitalReceipt.Status.PENDING).order_by("number"),
                 lambda row: self.approve_one(request, row), _("已审批入账 %(n)s 笔资金到位"))
