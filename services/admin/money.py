"""What moves money: receipts, management fees, payrolls, trades and sanitation funding — recorded by the village on
the add forms, decided by the township with the approval buttons (coop.admin_approvals) or the bulk action; every
rule is the operation's. Service records and fee schedules are added here too (a charged service makes its receipt)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import AddOnlyAdmin, ReadOnlyInline, run_each
from coop.errors import Rule, RuleViolation
from coop.money import yuan
from members.models import Person
from services import operations as ops
from services.admin import imports
from services.models import PayrollLine


class Decided(AddOnlyAdmin):
    """A register the township decides: the approve and reject actions, the amount as money."""

    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    approve = None  # the operation approving one row: staticmethod(row, user)

    def approve_one(self, request, obj):
        return type(self).approve(obj, request.user)

    def reject_one(self, request, obj, reason):
        return ops.reject(row=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批(所选待审批记录)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status="pending").order_by("pk"),
                 lambda row: self.approve_one(request, row), _("已审批 %(n)s 笔"))

    @admin.display(description=gettext_lazy("金额"), ordering="amount")
    def amount_display(self, obj):
        return yuan(obj.amount)


class FeeScheduleAdmin(AddOnlyAdmin):
    list_display = ["organisation", "service", "unit", "rate", "effective_from"]
    list_select_related = ["organisation"]
    list_filter = ["unit", "organisation__cooperative__village__township"]
    fields = ["organisation", "service", "unit", "rate", "effective_from"]

    def perform(self, request, form, change):
        return ops.set_fee_schedule(by=request.user, **{name: form.cleaned_data.get(name) for name in self.fields})


class ServiceRecordForm(forms.ModelForm):
    client = forms.CharField(label=gettext_lazy("服务对象"), max_length=60, required=False,
                             help_text=gettext_lazy("本村农户填“服务农户”即可;其他单位或个人写名称"))
    free = forms.BooleanField(label=gettext_lazy("免费(公益服务)"), required=False)

    class Meta:
        fields = ["organisation", "service", "household", "client", "on", "quantity", "note"]


class Importable:
    """A list with an Excel import page of its own (services.admin.imports) linked above it."""

    change_list_template = "admin/services/import_change_list.html"
    import_view = None  # staticmethod(model_admin, request)

    def get_urls(self):
        name = f"services_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(lambda request: type(self).import_view(self, request))
        return [path("import/", view, name=name)] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"import_url": reverse(f"admin:services_{self.opts.model_name}_import"),
                 "may_import": access.allows(request.user, "import", self.model)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})


class ServiceRecordAdmin(Importable, AddOnlyAdmin):
    form = ServiceRecordForm
    import_view = staticmethod(imports.service_import_view)
    list_display = ["on", "organisation", "service", "client", "quantity", "fee_display", "receipt_link"]
    list_select_related = ["organisation", "receipt"]
    list_filter = ["organisation__category", "organisation__cooperative__village__township"]
    search_fields = ["client", "service"]
    fields = ["organisation", "service", "household", "client", "on", "quantity", "free", "note"]
    raw_id_fields = ["household"]
    date_hierarchy = "on"

    @admin.display(description=gettext_lazy("服务费"), ordering="fee")
    def fee_display(self, obj):
        return yuan(obj.fee)

    @admin.display(description=gettext_lazy("收据"))
    def receipt_link(self, obj):
        receipt = getattr(obj, "receipt", None)
        if receipt is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:services_feereceipt_change", args=[receipt.pk]),
                           f"{receipt.number} {receipt.get_status_display()}")

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.record_service(organisation=data["organisation"], service=data["service"], on=data["on"],
                                  quantity=data["quantity"], household=data.get("household"),
                                  client=data.get("client") or "", free=data.get("free", False),
                                  note=data.get("note") or "", by=request.user)


class FeeReceiptAdmin(ApprovalAdmin, Decided):
    list_display = ["number", "organisation", "on", "payer", "amount_display", "status", "recorded_by",
                    "approved_by", "print_link"]
    list_select_related = ["organisation", "recorded_by", "approved_by"]
    list_filter = ["status", "organisation__cooperative__village__township"]
    search_fields = ["number", "payer"]
    fields = ["number", "organisation", "record", "on", "payer", "amount", "summary", "status", "recorded_by",
              "approved_by", "voucher", "reject_reason"]

    def has_add_permission(self, request, obj=None):
        return False  # a receipt is made by its service record

    @admin.display(description=gettext_lazy("收据"))
    def print_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("services:receipt", args=[obj.pk]), _("打印"))

    @staticmethod
    def approve(row, user):
        return ops.approve_receipt(receipt=row, by=user)


class ManagementFeeAdmin(ApprovalAdmin, Decided):
    list_display = ["organisation", "year", "month", "base", "mode", "rate", "amount_display", "status",
                    "recorded_by", "approved_by"]
    list_select_related = ["organisation", "recorded_by", "approved_by"]
    list_filter = ["status", "year", "organisation__cooperative__village__township"]

    def get_fields(self, request, obj=None):
        return ["organisation", "year", "month"] if obj is None else [
            "organisation", "year", "month", "on", "base", "mode", "rate", "amount", "status", "recorded_by",
            "approved_by", "voucher", "reject_reason"]

    @staticmethod
    def approve(row, user):
        return ops.approve_management_fee(fee=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.charge_management_fee(organisation=data["organisation"], year=data["year"], month=data["month"],
                                         by=request.user)


class PayrollForm(forms.ModelForm):
    summary = forms.CharField(label=gettext_lazy("摘要"), max_length=100, required=False,
                              help_text=gettext_lazy("不填写时为“<服务组织> <年>年<月>月工资”"))
    lines = forms.CharField(
        label=gettext_lazy("明细"), widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        help_text=gettext_lazy("每行一人:姓名或身份证号、天数(数量)、单价,租金再写机械或工具名称;"
                               "如“刘一 20 100”或“杨三 3 300 旋耕机”"))

    class Meta:
        fields = ["organisation", "year", "month", "on", "summary"]


def parse_pay_lines(text: str, organisation) -> list[ops.PayLine]:
    """The payroll form's lines: "name-or-id days rate [item]", one a line; a name must be unique in the village."""
    lines, words = [], [row.split() for row in (text or "").splitlines() if row.strip()]
    keys = {w[0] for w in words}
    found = Person.objects.filter(household__village=organisation.cooperative.village_id).select_related("household")
    people = {}
    for person in found.filter(id_number__in=keys) | found.filter(name__in=keys):
        people.setdefault(person.id_number, []).append(person)
        people.setdefault(person.name, []).append(person)
    for n, parts in enumerate(words, start=1):
        if len(parts) < 3:
            raise RuleViolation(Rule.SERVICES, _("第 %(n)s 行:须写姓名、天数、单价") % {"n": n}, field="lines")
        matches = people.get(parts[0], [])
        if len(matches) != 1:
            raise RuleViolation(Rule.SERVICES, _("第 %(n)s 行:本村%(w)s“%(p)s”") % {
                "n": n, "w": _("没有") if not matches else _("有多位"), "p": parts[0]}, field="lines")
        try:
            quantity, rate = Decimal(parts[1]), Decimal(parts[2])
        except InvalidOperation:
            raise RuleViolation(Rule.SERVICES, _("第 %(n)s 行:天数和单价须为数字") % {"n": n}, field="lines") from None
        item = " ".join(parts[3:])
        lines.append(ops.PayLine(person=matches[0], kind=PayrollLine.Kind.RENT if item else PayrollLine.Kind.WAGE,
                                 quantity=quantity, rate=rate, item=item, row=n))
    return lines


class PayrollLineInline(ReadOnlyInline):
    model = PayrollLine
    fields = ["kind", "person", "item", "quantity", "rate", "amount", "cadre_check"]
    related = ("person",)
    readonly_fields = fields


class PayrollAdmin(Importable, ApprovalAdmin, Decided):
    form = PayrollForm
    import_view = staticmethod(imports.payroll_import_view)
    list_display = ["organisation", "year", "month", "on", "amount_display", "status", "recorded_by", "approved_by",
                    "sheet_link"]
    list_select_related = ["organisation", "recorded_by", "approved_by"]
    list_filter = ["status", "year", "organisation__cooperative__village__township"]
    inlines = [PayrollLineInline]

    def get_fields(self, request, obj=None):
        return ["organisation", "year", "month", "on", "summary", "lines"] if obj is None else [
            "organisation", "year", "month", "on", "summary", "amount", "status", "recorded_by", "approved_by",
            "voucher", "reject_reason"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=gettext_lazy("工资表"))
    def sheet_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("services:payroll", args=[obj.pk]), _("查看"))

    @staticmethod
    def approve(row, user):
        return ops.approve_payroll(payroll=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        organisation = data["organisation"]
        return ops.record_payroll(organisation=organisation, year=data["year"], month=data["month"], on=data["on"],
                                  summary=data.get("summary") or "", by=request.user,
                                  lines=parse_pay_lines(data["lines"], organisation))


class AgencyTradeAdmin(ApprovalAdmin, Decided):
    list_display = ["on", "organisation", "kind", "person", "goods", "gross", "commission", "pay_to", "status"]
    list_select_related = ["organisation", "person"]
    list_filter = ["status", "kind", "organisation__cooperative__village__township"]
    fields = ["organisation", "kind", "person", "goods", "on", "gross", "commission", "counterparty", "pay_to",
              "pay_account"]
    raw_id_fields = ["person"]

    @staticmethod
    def approve(row, user):
        return ops.approve_trade(trade=row, by=user)

    def perform(self, request, form, change):
        return ops.record_trade(by=request.user, **{name: form.cleaned_data.get(name) for name in self.fields})


class SanitationFundingAdmin(ApprovalAdmin, Decided):
    list_display = ["cooperative", "year", "source", "on", "amount_display", "document", "status"]
    list_select_related = ["cooperative"]
    list_filter = ["status", "source", "year", "cooperative__village__township"]
    fields = ["cooperative", "year", "source", "on", "amount", "document"]

    @staticmethod
    def approve(row, user):
        return ops.approve_sanitation_funding(funding=row, by=user)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.record_sanitation_funding(cooperative=data["cooperative"], year=data["year"],
                                             source_kind=data["source"], on=data["on"], amount=data["amount"],
                                             document=data.get("document") or "", by=request.user)


class SanitationStandardAdmin(AddOnlyAdmin):
    list_display = ["county", "size", "amount", "effective_from"]
    fields = ["county", "size", "amount", "effective_from"]

    def perform(self, request, form, change):
        return ops.set_sanitation_standard(by=request.user, **{name: form.cleaned_data.get(name)
                                                               for name in self.fields})


__all__ = ["AgencyTradeAdmin", "FeeReceiptAdmin", "FeeScheduleAdmin", "ManagementFeeAdmin",
           "PayrollAdmin", "SanitationFundingAdmin", "SanitationStandardAdmin", "ServiceRecordAdmin"]
