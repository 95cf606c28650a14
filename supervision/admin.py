"""Admin pages of supervision: inspections, findings (with the rectification they require), rectifications and
their evidence, and the attempted-breach log. Every save goes through supervision.operations."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_base import OperationAdmin, ReadOnlyAdmin, run_each
from supervision import operations as sup
from supervision.models import Attempt, Evidence, Finding, Inspection, Rectification


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "door", "rule", "village", "object_label", "message"]
    list_filter = ["rule", "door", "village", "at"]
    list_select_related = ["village"]
    search_fields = ["username", "object_label", "message"]
    date_hierarchy = "at"


@admin.register(Inspection)
class InspectionAdmin(OperationAdmin):
    list_display = ["inspected_on", "title", "line", "inspector", "period_from", "period_to"]
    list_filter = ["line", "inspected_on"]
    list_select_related = ["inspector"]
    fields = ["line", "title", "inspected_on", "villages", "period_from", "period_to", "scope"]
    filter_horizontal = ["villages"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def perform(self, request, form, change):
        data = form.cleaned_data
        return sup.record_inspection(line=data["line"], title=data["title"], on=data["inspected_on"],
                                     villages=data["villages"], period_from=data["period_from"],
                                     period_to=data["period_to"], scope=data.get("scope", ""), by=request.user)


class FindingForm(forms.ModelForm):
    requirement = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), required=False,
                               help_text=_("填写后即生成整改事项,责任人为该村理事长"))

    class Meta:
        model = Finding
        fields = ["inspection", "village", "rule", "amount", "description"]


@admin.register(Finding)
class FindingAdmin(OperationAdmin):
    form = FindingForm
    list_display = ["recorded_at", "village", "rule", "amount", "inspection", "rectification_state"]
    list_filter = ["rule", "village"]
    list_select_related = ["village", "inspection", "rectification"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        base = ["inspection", "village", "rule", "amount", "description"]
        return base if obj is not None else [*base, "requirement", "deadline"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    @admin.display(description=_("整改"))
    def rectification_state(self, obj):
        rect = getattr(obj, "rectification", None)
        return state_of(rect) if rect else "—"

    def perform(self, request, form, change):
        data = form.cleaned_data
        return sup.record_finding(inspection=data["inspection"], village=data["village"], rule=data["rule"],
                                  amount=data["amount"], description=data["description"],
                                  requirement=data.get("requirement") or "", deadline=data.get("deadline"),
                                  by=request.user)


def state_of(rect) -> str:
    if rect.verified_by_id:
        return str(_("已验收"))
    if rect.done_on:
        return str(_("已整改,待验收"))
    if rect.deadline < timezone.localdate():
        return str(_("逾期未整改"))
    return str(_("整改中"))


class OverdueFilter(admin.SimpleListFilter):
    title = _("整改状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("overdue", _("逾期未整改")), ("open", _("未验收")), ("verified", _("已验收"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(Rectification.overdue_q(timezone.localdate()))
        if self.value() == "open":
            return queryset.filter(Rectification.open_q())
        if self.value() == "verified":
            return queryset.filter(~Rectification.open_q())
        return queryset


@admin.register(Rectification)
class RectificationAdmin(OperationAdmin):
    list_display = ["finding", "deadline", "responsible", "done_on", "verified_by", "state"]
    list_filter = [OverdueFilter, "deadline"]
    list_select_related = ["finding__village", "responsible", "verified_by"]
    fields = ["finding", "requirement", "deadline", "responsible", "done_on", "done_note", "verified_by",
              "verified_at"]
    actions = ["verify_selected"]
    action_rights = {"verify_selected": "verify"}

    def has_add_permission(self, request, obj=None):
        return False  # a rectification comes with its finding

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return access.allows(request.user, "rectify", Rectification)

    def get_readonly_fields(self, request, obj=None):
        editable = {"done_on", "done_note"} if obj is not None and not obj.verified_by_id else set()
        return [f for f in self.fields if f not in editable]

    @admin.display(description=_("状态"))
    def state(self, obj):
        text = state_of(obj)
        return format_html('<strong class="overdue">{}</strong>', text) if obj.done_on is None and \
            obj.deadline < timezone.localdate() else text

    def perform(self, request, form, change):
        data = form.cleaned_data
        return sup.mark_done(rectification=form.instance, on=data.get("done_on") or timezone.localdate(),
                             note=data.get("done_note") or "", by=request.user)

    @admin.action(description=_("验收所选整改"))
    def verify_selected(self, request, queryset):
        run_each(request, queryset, lambda rect: sup.verify(rectification=rect, by=request.user),
                 _("已验收 %(n)s 项整改"))


@admin.register(Evidence)
class EvidenceAdmin(OperationAdmin):
    list_display = ["finding", "stage", "original_name", "uploaded_by", "uploaded_at", "download"]
    list_select_related = ["finding__village", "uploaded_by"]
    fields = ["finding", "stage", "file"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        # a stored file is read through download_view only: a plain file field would link its storage path
        return ["finding", "stage", "original_name", "uploaded_by", "uploaded_at", "download"] if obj else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    @admin.display(description=_("下载"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:supervision_evidence_download", args=[obj.pk]),
                           _("下载"))

    def get_urls(self):
        return [path("<int:pk>/download/", self.admin_site.admin_view(self.download_view),
                     name="supervision_evidence_download"), *super().get_urls()]

    def download_view(self, request, pk):
        """Served as an attachment of the type its content proved, under a generated name: never shown inline."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        evidence = access.visible(request.user, Evidence.objects.filter(pk=pk)).first()
        if evidence is None:
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True, content_type=evidence.content_type,
                            filename=f"evidence-{evidence.pk}.{evidence.extension}")

    def perform(self, request, form, change):
        data = form.cleaned_data
        return sup.upload_evidence(finding=data["finding"], upload=data["file"], stage=data["stage"],
                                   by=request.user)


