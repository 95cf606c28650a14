"""The organisations, their leaders, workers and equipment: every save calls services.operations."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_base import AddOnlyAdmin, OperationAdmin, ReadOnlyInline, run_each
from coop.money import yuan
from members.face import post_label
from members.models import Person
from services import operations as ops
from services import queries
from services.models import Equipment, Leadership, ServiceOrganisation, Worker

ORG_FIELDS = ["cooperative", "name", "form", "nature", "category", "founded_on", "fee_mode", "fee_rate", "fee_fixed"]
REVISABLE = ["name", "form", "nature", "category", "fee_mode", "fee_rate", "fee_fixed"]


class OrganisationForm(forms.ModelForm):
    leader = forms.ModelChoiceField(label=gettext_lazy("领办人"), required=False, queryset=None,
                                    help_text=gettext_lazy("经营性服务组织的领办人不得是村组干部(R4a)"))

    class Meta:
        model = ServiceOrganisation
        fields = ORG_FIELDS


class LeadershipInline(ReadOnlyInline):
    model = Leadership
    fields = ["person", "start", "end"]
    related = ("person",)
    readonly_fields = fields


class WorkerInline(ReadOnlyInline):
    model = Worker
    fields = ["person", "duty", "start", "end"]
    related = ("person",)
    readonly_fields = fields


class EquipmentInline(ReadOnlyInline):
    model = Equipment
    fields = ["name", "kind", "quantity", "value", "source", "condition", "location", "acquired_on"]
    readonly_fields = fields


class ServiceOrganisationAdmin(OperationAdmin):
    form = OrganisationForm
    list_display = ["name", "village", "form", "nature", "category", "leader", "r4a_flag", "fee_terms"]
    list_filter = ["form", "nature", "category", "cooperative__village__township"]
    list_select_related = ["cooperative__village"]
    search_fields = ["name"]
    inlines = [LeadershipInline, WorkerInline, EquipmentInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return [*ORG_FIELDS, "leader"] if obj is None else ORG_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ["cooperative", "founded_on"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "leader" in form.base_fields:
            form.base_fields["leader"].queryset = access.visible(request.user, Person.objects.all())
        return form

    def get_queryset(self, request):
        return queries.with_leader(super().get_queryset(request))

    @admin.display(description=gettext_lazy("村"), ordering="cooperative__village__code")
    def village(self, obj):
        return obj.cooperative.village

    @admin.display(description=gettext_lazy("现任领办人"), ordering="leader_name")
    def leader(self, obj):
        return obj.leader_name or "—"

    @admin.display(description=gettext_lazy("R4a 提示"))
    def r4a_flag(self, obj):
        if not obj.cadre_since:
            return "—"
        return format_html('<strong style="color:#b00">{}</strong>', _("%(p)s 自 %(d)s 起任%(post)s") % {
            "p": obj.leader_name, "d": obj.cadre_since, "post": post_label(obj.cadre_post)})

    @admin.display(description=gettext_lazy("管理费"))
    def fee_terms(self, obj):
        if obj.fee_mode == ServiceOrganisation.FeeMode.RATE:
            return f"{obj.fee_rate}%"
        if obj.fee_mode == ServiceOrganisation.FeeMode.FIXED:
            return _("%(a)s/月") % {"a": yuan(obj.fee_fixed)}
        return obj.get_fee_mode_display()

    def perform(self, request, form, change):
        data = form.cleaned_data
        if change:
            return ops.revise_organisation(organisation=form.instance, by=request.user,
                                           **{name: data[name] for name in REVISABLE if name in form.changed_data})
        return ops.found_organisation(by=request.user, leader=data.get("leader"),
                                      **{name: data.get(name) for name in ORG_FIELDS})


class LeadershipAdmin(AddOnlyAdmin):
    list_display = ["organisation", "person", "start", "end"]
    list_select_related = ["organisation", "person"]
    list_filter = ["organisation__cooperative__village__township"]
    fields = ["organisation", "person", "start"]
    raw_id_fields = ["person"]
    actions = ["end_today"]
    action_rights = {"end_today": "end"}

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.appoint_leader(organisation=data["organisation"], person=data["person"], start=data["start"],
                                  by=request.user)

    @admin.action(description=gettext_lazy("所选领办人今天离任"))
    def end_today(self, request, queryset):
        run_each(request, queryset.filter(end__isnull=True),
                 lambda row: ops.end_leadership(leadership=row, end=timezone.localdate(), by=request.user),
                 _("已办理 %(n)s 位领办人离任"))


class WorkerAdmin(AddOnlyAdmin):
    list_display = ["organisation", "person", "duty", "start", "end"]
    list_select_related = ["organisation", "person"]
    list_filter = ["organisation__cooperative__village__township"]
    fields = ["organisation", "person", "duty", "start"]
    raw_id_fields = ["person"]
    actions = ["end_today"]
    action_rights = {"end_today": "end"}

    def perform(self, request, form, change):
        data = form.cleaned_data
        return ops.add_worker(organisation=data["organisation"], person=data["person"], start=data["start"],
                              duty=data.get("duty") or "", by=request.user)

    @admin.action(description=gettext_lazy("所选人员今天退出"))
    def end_today(self, request, queryset):
        run_each(request, queryset.filter(end__isnull=True),
                 lambda row: ops.end_worker(worker=row, end=timezone.localdate(), by=request.user),
                 _("已办理 %(n)s 位人员退出"))


class EquipmentAdmin(OperationAdmin):
    list_display = ["name", "organisation", "kind", "quantity", "value_display", "source", "condition", "location",
                    "acquired_on"]
    list_select_related = ["organisation"]
    list_filter = ["kind", "source", "condition", "organisation__cooperative__village__township"]
    fields = ["organisation", "name", "kind", "quantity", "value", "source", "condition", "location", "acquired_on"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "name", "kind", "quantity", "value", "source", "acquired_on"] if obj else []

    @admin.display(description=gettext_lazy("价值"), ordering="value")
    def value_display(self, obj):
        return yuan(obj.value)

    def perform(self, request, form, change):
        data = form.cleaned_data
        if change:
            return ops.update_equipment(equipment=form.instance, condition=data.get("condition"),
                                        location=data.get("location"), by=request.user)
        return ops.register_equipment(by=request.user, **{name: data.get(name) for name in self.fields})
