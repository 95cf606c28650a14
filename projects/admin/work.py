"""Labour and rental records: one added at a time here (many from the labour import), and paid by the "pay"
action — one payment for the selected rows, refused whole when a payee is a cadre or a cadre's family (R4b)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.admin_base import OperationAdmin
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.money import yuan
from projects import operations as ops


class WorkAdmin(OperationAdmin):
    actions = ["pay_selected"]
    action_rights = {"pay_selected": "pay"}
    list_filter = ["project__cooperative__village__township", "project"]
    autocomplete_fields = []

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("金额"), ordering="amount")
    def amount_display(self, obj):
        return yuan(obj.amount)

    @admin.display(description=gettext_lazy("支付"), boolean=True)
    def paid(self, obj):
        return obj.payment_id is not None

    @admin.action(description=gettext_lazy("支付所选记录(今天,同一项目)"))
    def pay_selected(self, request, queryset):
        rows = list(queryset.order_by("pk"))
        projects = {row.project_id for row in rows}
        if len(projects) != 1:
            messages.error(request, _("请只选择同一个项目的记录"))
            return
        try:
            payment = self.pay(project=rows[0].project, on=timezone.localdate(), by=request.user, records=rows)
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc, model=self.model))
        else:
            messages.success(request, _("已登记支付 %(p)s,待镇审批") % {"p": payment})


class LabourRecordAdmin(WorkAdmin):
    list_display = ["project", "person", "on", "days", "daily_wage", "amount_display", "paid"]
    list_select_related = ["project", "person"]
    fields = ["project", "person", "on", "days", "daily_wage"]
    raw_id_fields = ["person"]

    @staticmethod
    def pay(**kw):
        return ops.pay_labour(**kw)

    def perform(self, request, form, change):
        data = form.cleaned_data
        row = ops.LabourRow(person=data["person"], on=data["on"], days=data["days"],
                            daily_wage=data["daily_wage"])
        return ops.record_labour_batch(project=data["project"], rows=[row], by=request.user)[0]


class RentalAdmin(WorkAdmin):
    list_display = ["project", "owner", "item", "on", "units", "unit", "rate", "amount_display", "paid"]
    list_select_related = ["project", "owner"]
    fields = ["project", "owner", "item", "on", "units", "unit", "rate"]
    raw_id_fields = ["owner"]

    @staticmethod
    def pay(**kw):
        return ops.pay_rentals(**kw)

    def perform(self, request, form, change):
        data = form.cleaned_data
        row = ops.RentalRow(owner=data["owner"], on=data["on"], item=data["item"], units=data["units"],
                            rate=data["rate"], unit=data["unit"])
        return ops.record_rental_batch(project=data["project"], rows=[row], by=request.user)[0]
