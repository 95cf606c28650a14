"""The distribution's admin: plans (prepared by the village, resolved by the assembly, approved by the township),
the members' dividends (their bank accounts, the payments) and the payments. Every save and action calls
distribution.operations; refusals show in the rule's words."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
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
from coop.admin_base import AddOnlyAdmin, OperationAdmin, ReadOnlyAdmin, ReadOnlyInline, run_each
from coop.approvals import Status
from coop.errors import DOMAIN_ERRORS, show_on_form
from coop.masking import mask_account
from coop.money import yuan
from distribution import operations
from distribution.forms import AssemblyForm, PlanForm
from distribution.models import DistributionPlan, Dividend, DividendPayment


def _money(description, field):
    def show(self, obj):
        return yuan(getattr(obj, field))

    show.short_description = description
    show.admin_order_field = field
    return show


@admin.register(DistributionPlan)
class DistributionPlanAdmin(ApprovalAdmin, AddOnlyAdmin):
    form = PlanForm
    list_display = ["__str__", "record_date", "pool_display", "dividend_display", "assembly", "status",
                    "recorded_by", "approved_by"]
    list_filter = ["status", "year"]
    list_select_related = ["cooperative__village", "recorded_by", "approved_by"]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    readonly_fields = ["outputs", "figures", "assembly_record"]
    pool_display = _money(gettext_lazy("可分配收益"), "pool")
    dividend_display = _money(gettext_lazy("社员分红"), "dividend_pool")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["cooperative", "year", "record_date", "dividend_ratio", "development_ratio", "accumulation_ratio"]
        return ["cooperative", "year", "record_date", "charter", "figures", "assembly_record", "status", "outputs"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def perform(self, request, form, change):
        data = form.cleaned_data
        return operations.prepare_plan(cooperative=data["cooperative"], year=data["year"],
                                       record_date=data["record_date"], ratios=form.stated_ratios(), by=request.user)

    @admin.display(description=gettext_lazy("社员大会"))
    def assembly(self, obj):
        if not obj.assembly_recorded:
            return _("未登记")
        return _("%(d)s 通过") % {"d": obj.assembly_on} if obj.assembly_passed else _("%(d)s 未通过") % {
            "d": obj.assembly_on}

    @admin.display(description=gettext_lazy("分配"))
    def figures(self, obj):
        rows = [(_("年初未分配收益"), yuan(obj.opening_undistributed)), (_("本年收益"), yuan(obj.year_profit)),
                (_("本年已分配"), yuan(obj.distributed_before)), (_("本次可分配收益"), yuan(obj.pool)),
                (_("社员分红 %(r)s%%") % {"r": obj.dividend_ratio}, yuan(obj.dividend_pool)),
                (_("合作社发展 %(r)s%%") % {"r": obj.development_ratio}, yuan(obj.development_amount)),
                (_("集体积累 %(r)s%%") % {"r": obj.accumulation_ratio}, yuan(obj.accumulation_amount)),
                (_("登记日总股数"), obj.shares_total)]
        return format_html('<table class="distribution-figures">{}</table>',
                           format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

    @admin.display(description=gettext_lazy("社员大会决议"))
    def assembly_record(self, obj):
        if not obj.assembly_recorded:
            return _("尚未登记")
        return format_html('{}:{} {} 人,{} {} 票,{} {} 票 — {} · <a href="{}">{}</a>', obj.assembly_on, _("出席"),
                           obj.attendance, _("赞成"), obj.votes_for, _("反对"), obj.votes_against,
                           _("通过") if obj.assembly_passed else _("未通过"),
                           reverse("distribution:minutes", args=[obj.pk]), _("会议记录"))

    @admin.display(description=gettext_lazy("分红表与办理"))
    def outputs(self, obj):
        sheet = reverse("distribution:sheet", args=[obj.pk])
        links = [(sheet, _("分红表")), (sheet + "?format=pdf", _("分红表 PDF")),
                 (sheet + "?format=xlsx", _("分红表 Excel")),
                 (reverse("admin:distribution_dividend_changelist") + f"?plan__id__exact={obj.pk}", _("社员分红明细"))]
        if obj.is_pending:
            links.append((reverse("admin:distribution_distributionplan_assembly", args=[obj.pk]),
                          _("登记社员大会决议")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_urls(self):
        return [path("<int:pk>/assembly/", self.admin_site.admin_view(self.assembly_view),
                     name="distribution_distributionplan_assembly")] + super().get_urls()

    def assembly_view(self, request, pk):
        """社员大会决议: the operation judges the form and the upload; its refusal shows on the form."""
        plan = get_object_or_404(self.get_queryset(request), pk=pk)
        if not access.allows(request.user, access.ADD, DistributionPlan):
            raise PermissionDenied
        form = AssemblyForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    operations.record_assembly(plan=plan, on=data["on"], attendance=data["attendance"],
                                               votes_for=data["votes_for"], votes_against=data["votes_against"],
                                               minutes=data["minutes"], by=request.user)
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("已登记社员大会决议:%(p)s") % {"p": plan})
                return HttpResponseRedirect(reverse("admin:distribution_distributionplan_change", args=[pk]))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "plan": plan, "form": form,
                   "title": _("登记社员大会决议:%(p)s") % {"p": plan}}
        return TemplateResponse(request, "admin/distribution/assembly.html", context)

    def approve_one(self, request, obj):
        return operations.approve_plan(plan=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return operations.reject_plan(plan=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批入账(所选分配方案)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status=Status.PENDING).order_by("pk"),
                 lambda row: self.approve_one(request, row), _("已审批入账 %(n)s 个分配方案"))


class PaidFilter(admin.SimpleListFilter):
    title = gettext_lazy("发放情况")
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("unpaid", _("未发放")), ("pending", _("发放待审批")), ("paid", _("已发放"))]

    def queryset(self, request, queryset):
        unpaid = Q(payment__isnull=True) | Q(payment__status=Status.REJECTED)
        return {"unpaid": queryset.filter(unpaid), "pending": queryset.filter(payment__status=Status.PENDING),
                "paid": queryset.filter(payment__status=Status.APPROVED)}.get(self.value(), queryset)


@admin.register(Dividend)
class DividendAdmin(OperationAdmin):
    """社员分红: read, give the member's bank account (the only thing changed here), pay the selected ones."""

    list_display = ["plan", "member", "shares", "amount_display", "payee_bank", "payee_account", "paid"]
    list_filter = [PaidFilter, "plan"]
    search_fields = ["member__enterprise_name", "member__household__persons__name"]
    list_select_related = ["plan__cooperative__village", "member__household", "payment"]
    fields = ["plan", "member", "shares", "amount", "payee_bank", "payee_account", "payment"]
    readonly_fields = ["plan", "member", "shares", "amount", "payment"]
    actions = ["pay_selected"]
    action_rights = {"pay_selected": "pay"}
    amount_display = _money(gettext_lazy("分红金额"), "amount")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("member__household__persons")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return access.allows(request.user, "pay", Dividend)

    # Whoever pays reads the account whole; the county's and the auditors' reading shows its last four digits,
    # as the printed 分红表 does.
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if self.has_change_permission(request) else [
            "payee_account_masked" if name == "payee_account" else name for name in shown]

    def get_fields(self, request, obj=None):
        shown = super().get_fields(request, obj)
        return shown if self.has_change_permission(request, obj) else [
            "payee_account_masked" if name == "payee_account" else name for name in shown]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "payee_account_masked"]

    @admin.display(description=gettext_lazy("收款账号"))
    def payee_account_masked(self, obj):
        return mask_account(obj.payee_account) or "—"

    @admin.display(description=gettext_lazy("发放情况"))
    def paid(self, obj):
        from distribution.reports import payment_status

        return payment_status(obj)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return operations.set_payee_account(dividend=form.instance, bank=data.get("payee_bank", ""),
                                            account=data.get("payee_account", ""), by=request.user)

    @admin.action(description=gettext_lazy("登记发放(所选分红,今天转入社员银行账户)"))
    def pay_selected(self, request, queryset):
        """One payment per plan among the selected, dated today; the township approves it (分红发放)."""
        rows = list(queryset.select_related("plan").order_by("plan_id", "member__number"))
        by_plan = {}
        for row in rows:
            by_plan.setdefault(row.plan, []).append(row)
        run_each(request, list(by_plan.items()),
                 lambda item: operations.record_payment(plan=item[0], dividends=item[1], on=timezone.localdate(),
                                                        by=request.user),
                 _("已登记 %(n)s 笔分红发放,待镇财政所审批"), label=lambda item: str(item[0]))


class DividendInline(ReadOnlyInline):
    """The plan's dividends; the account as the printed 分红表 shows it (its last four digits)."""

    model = Dividend
    fields = ["member", "shares", "amount", "payee_bank", "account"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return access.allows(request.user, access.VIEW, DividendPayment)

    @admin.display(description=gettext_lazy("收款账号"))
    def account(self, obj):
        return mask_account(obj.payee_account) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__household").prefetch_related(
            "member__household__persons")


@admin.register(DividendPayment)
class DividendPaymentAdmin(ApprovalAdmin, ReadOnlyAdmin):
    list_display = ["plan", "on", "amount_display", "status", "recorded_by", "approved_by"]
    list_filter = ["status"]
    list_select_related = ["plan__cooperative__village", "recorded_by", "approved_by"]
    fields = ["plan", "on", "amount", "status"]
    inlines = [DividendInline]
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}
    amount_display = _money(gettext_lazy("发放金额"), "amount")

    def approve_one(self, request, obj):
        return operations.approve_payment(payment=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return operations.reject_payment(payment=obj, by=request.user, reason=reason)

    @admin.action(description=gettext_lazy("审批入账(所选分红发放)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status=Status.PENDING).order_by("pk"),
                 lambda row: self.approve_one(request, row), _("已审批入账 %(n)s 笔分红发放"))
