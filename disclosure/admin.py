"""The disclosures in the admin: drafted through disclosure.operations, signed off and published by actions; a
signed or published one is read-only here (a correction is a new disclosure)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coop.admin_base import OperationAdmin, ScopedAdmin, run_each
from disclosure import operations
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings


@admin.register(Disclosure)
class DisclosureAdmin(OperationAdmin):
    list_display = ["title", "village", "status", "signed_on", "posted_on", "sheet"]
    list_filter = ["status", "kind", "period", "village"]
    actions = ["sign_off_selected", "publish_selected"]
    action_rights = {"sign_off_selected": "sign_off", "publish_selected": "publish"}
    readonly_fields = ["sheet"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["village", "period", "year", "number"]
        return ["title", "status", "reviewers", "correction_reason", "sheet"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["title", "status", "correction_reason", "sheet"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Disclosure.Status.DRAFT:
            return False  # signed or published: frozen
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def perform(self, request, form, change):
        data = form.cleaned_data
        if not change:
            return operations.draft(village=data["village"], period=data["period"], year=data["year"],
                                    number=data.get("number") or 0, by=request.user)
        return operations.change(disclosure=Disclosure.objects.get(pk=form.instance.pk))

    @admin.display(description=_("公开表"))
    def sheet(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("disclosure:sheet", args=[obj.pk]), _("查看/打印"))

    @admin.action(description=_("登记村务监督委员会审核签字(冻结数字)"))
    def sign_off_selected(self, request, queryset):
        run_each(request, queryset, lambda d: operations.sign_off(disclosure=d, members=d.reviewers.all(),
                                                                  by=request.user), _("已签字 %(n)s 份"))

    @admin.action(description=_("公布(张贴日期为今天)"))
    def publish_selected(self, request, queryset):
        run_each(request, queryset, lambda d: operations.publish(disclosure=d, by=request.user),
                 _("已公布 %(n)s 份"))


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ScopedAdmin):
    list_display = ["name", "post", "village", "start", "end"]
    list_filter = ["village", "post"]


@admin.register(DisclosureSettings)
class DisclosureSettingsAdmin(ScopedAdmin):
    list_display = ["village", "monthly", "names_in_public"]
