"""联保小组: formed with their first members through the operation; memberships are read here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coop import access
from finance.fund import operations as fund_ops
from finance.fund.admin.base import OneFundAdmin
from finance.fund.models import GuaranteeGroup, GuaranteeMembership
from members.models import Member


class MembershipInline(admin.TabularInline):
    model = GuaranteeMembership
    fields = ["member", "joined_on", "left_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuaranteeGroup)
class GuaranteeGroupAdmin(OneFundAdmin):
    list_display = ["name", "fund", "formed_on", "dissolved_on"]
    list_select_related = ["fund"]
    search_fields = ["name"]
    fields = ["fund", "name", "formed_on", "first_members"]
    inlines = [MembershipInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = [name for name in self.get_fields(request, obj) if name != "first_members"]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        members = access.visible(request.user, Member.objects.filter(status=Member.Status.ACTIVE)).select_related(
            "household").prefetch_related("household__persons")
        form_class.base_fields["first_members"] = forms.ModelMultipleChoiceField(
            label=_("小组成员"), queryset=members, widget=forms.CheckboxSelectMultiple, required=False)
        return form_class

    def perform(self, request, form, change):
        data = form.cleaned_data
        return fund_ops.form_group(fund=self.fund_of(request, form), name=data["name"], formed_on=data["formed_on"],
                                   members=data.get("first_members") or [], by=request.user)
