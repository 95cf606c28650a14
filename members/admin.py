"""Admin pages for households, persons, members, share movements and cadre terms. Every save goes through
members.operations; share movements are approved or rejected with buttons and bulk actions."""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import Exportable, OperationAdmin, run_each
from coop.models import Cooperative
from coop.money import yuan
from members import operations as mem
from members import queries
from members.models import CadreTerm, Household, Kinship, Member, Person, ShareTransaction
from members.resources import HouseholdResource, MemberResource, PersonResource, ShareTransactionResource


class AddOnlyAdmin(OperationAdmin):
    """Rows are added through an operation; corrections are new rows, so nothing is edited or deleted here."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Household)
class HouseholdAdmin(Exportable, AddOnlyAdmin):
    resource_classes = [HouseholdResource]
    change_list_template = "admin/members/household/change_list.html"
    list_display = ["number", "head", "village", "group", "is_registered_poor", "poverty_exit_year"]
    list_filter = ["is_registered_poor", "village__township", "village"]
    search_fields = ["number", "persons__name", "persons__id_number"]
    list_select_related = ["village"]
    fields = ["village", "number", "group", "address", "is_registered_poor", "poverty_exit_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("persons")

    def changelist_view(self, request, extra_context=None):
        may_import = access.allows(request.user, "import", Household)
        return super().changelist_view(request, {**(extra_context or {}), "may_import": may_import})

    @admin.display(description=_("户主"))
    def head(self, obj):
        return obj.head.name if obj.head else "—"

    def perform(self, request, form, change):
        return mem.register_household(by=request.user, **form.cleaned_data)


@admin.register(Person)
class PersonAdmin(Exportable, AddOnlyAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "household", "relation", "masked_id", "sex_display", "birth"]
    search_fields = ["name", "id_number"]
    list_select_related = ["household__village"]
    autocomplete_fields = ["household"]
    fields = ["household", "name", "id_number", "relation", "phone"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("household__persons")  # the household's name

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj):
        return obj.masked_id

    @admin.display(description=_("性别"))
    def sex_display(self, obj):
        return _("男") if obj.sex == "male" else _("女")

    @admin.display(description=_("出生日期"))
    def birth(self, obj):
        return obj.birth_date

    def perform(self, request, form, change):
        return mem.register_person(by=request.user, **form.cleaned_data)


@admin.register(Member)
class MemberAdmin(Exportable, AddOnlyAdmin):
    resource_classes = [MemberResource]
    actions = ["leave_selected"]
    list_display = ["number", "display_name", "kind", "cooperative", "joined_on", "status", "certificate"]
    change_list_template = "admin/members/member/change_list.html"
    list_filter = ["kind", "status"]
    search_fields = ["enterprise_name", "household__persons__name", "household__number"]
    list_select_related = ["cooperative__village", "household"]
    autocomplete_fields = ["household"]
    fields = ["cooperative", "kind", "household", "enterprise_name", "credit_code", "joined_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("household__persons")

    def get_export_queryset(self, request):
        return queries.with_holdings(super().get_export_queryset(request))

    @admin.action(description=_("办理退社(所选社员,以今天为退社日期)"))
    def leave_selected(self, request, queryset):
        run_each(request, queryset.filter(status=Member.Status.ACTIVE).order_by("number"),
                 lambda member: mem.leave_cooperative(member=member, on=timezone.localdate(), by=request.user),
                 _("已为 %(n)s 名社员办理退社"))

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not access.allows(request.user, access.ADD, Member):
            actions.pop("leave_selected", None)
        return actions

    @admin.display(description=_("社员"))
    def display_name(self, obj):
        return obj.display_name

    @admin.display(description=_("股权证"))
    def certificate(self, obj):
        url = reverse("members:certificate", args=[obj.cooperative.village.code, obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("打印"))

    def changelist_view(self, request, extra_context=None):
        coops = access.visible(request.user, Cooperative.objects.select_related("village")).order_by("village__code")
        links = [(c.name, reverse("members:report", args=[c.village.code, "register"]),
                  reverse("members:report", args=[c.village.code, "roster"])) for c in coops[:50]]
        return super().changelist_view(request, {**(extra_context or {}), "report_links": links})

    def perform(self, request, form, change):
        return mem.admit_member(by=request.user, **form.cleaned_data)


@admin.register(ShareTransaction)
class ShareTransactionAdmin(ApprovalAdmin, Exportable, AddOnlyAdmin):
    resource_classes = [ShareTransactionResource]
    list_display = ["number", "on", "kind", "member", "to_member", "shares", "amount_display", "status",
                    "recorded_by", "approved_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["member__household", "to_member__household", "recorded_by", "approved_by", "cooperative",
                           "voucher"]
    search_fields = ["member__household__persons__name", "member__enterprise_name"]
    autocomplete_fields = ["member", "to_member"]
    fields = ["cooperative", "kind", "member", "to_member", "shares", "on", "note"]
    actions = ["approve_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("member__household__persons",
                                                              "to_member__household__persons")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":  # carried-over holdings are entered as a whole, not one movement at a time
            kwargs["choices"] = [(v, label) for v, label in ShareTransaction.Kind.choices
                                 if v != ShareTransaction.Kind.OPENING]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("金额"), ordering="amount")
    def amount_display(self, obj):
        return yuan(obj.amount)

    def perform(self, request, form, change):
        data = form.cleaned_data
        return mem.record_share_transaction(cooperative=data["cooperative"], kind=data["kind"],
                                            member=data["member"], to_member=data.get("to_member"),
                                            shares=data["shares"], on=data["on"], note=data.get("note", ""),
                                            by=request.user)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not access.allows(request.user, "approve", ShareTransaction):
            actions.pop("approve_selected", None)
        return actions

    def approve_one(self, request, obj):
        return mem.approve_share_transaction(tx=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return mem.reject_share_transaction(tx=obj, by=request.user, reason=reason)

    @admin.action(description=_("审批入账(所选股金变动)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status=ShareTransaction.Status.PENDING).order_by("number"),
                 lambda tx: mem.approve_share_transaction(tx=tx, by=request.user), _("已审批入账 %(n)s 笔股金变动"))


@admin.register(CadreTerm)
class CadreTermAdmin(AddOnlyAdmin):
    list_display = ["person", "post", "village", "start", "end"]
    list_filter = ["post"]
    list_select_related = ["person", "village"]
    autocomplete_fields = ["person"]
    fields = ["village", "person", "post", "start", "end"]

    def perform(self, request, form, change):
        return mem.record_cadre_term(by=request.user, **form.cleaned_data)


@admin.register(Kinship)
class KinshipAdmin(AddOnlyAdmin):
    list_display = ["person", "relation", "relative"]
    list_select_related = ["person", "relative"]
    autocomplete_fields = ["person", "relative"]
    fields = ["person", "relative", "relation"]

    def perform(self, request, form, change):
        return mem.record_kinship(by=request.user, **form.cleaned_data)
