"""联保小组: formed with their first members through the operation; memberships are read here. A group's
collection day (集中还款) has a page of its own: one amount per running loan, recorded all or nothing
(finance.fund.operations.collect_group), then the printed collection sheet."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.errors import DOMAIN_ERRORS, show_on_form
from coop.money import yuan
from finance.fund import operations as fund_ops
from finance.fund.admin.base import OneFundAdmin
from finance.fund.models import GuaranteeGroup, GuaranteeMembership, Repayment
from finance.fund.operations import collection
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

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [f for f in fields if f != "first_members"] + ["collection"]

    def get_readonly_fields(self, request, obj=None):
        return ["fund", "name", "formed_on", "collection"] if obj is not None else []

    @admin.display(description=_("集中还款"))
    def collection(self, obj):
        return format_html('<a class="button" href="{}">{}</a>', reverse("admin:fund_guaranteegroup_collect",
                                                                         args=[obj.pk]), _("登记本组集中还款"))

    def get_urls(self):
        return [path("<int:pk>/collect/", self.admin_site.admin_view(self.collect_view),
                     name="fund_guaranteegroup_collect")] + super().get_urls()

    def collect_view(self, request, pk):
        """集中还款: the day (changing it reloads what is due), one amount per running loan; saved all or nothing,
        a refused line shown beside its amount with the member named; then the collection sheet."""
        if not access.allows(request.user, access.ADD, Repayment):
            raise PermissionDenied
        group = get_object_or_404(self.get_queryset(request).select_related("fund__cooperative__village"), pk=pk)
        on = _day(request.POST.get("on") or request.GET.get("on")) or timezone.localdate()
        lines = fund_ops.due_for_collection(group=group, on=on)
        form = CollectionForm(request.POST if request.POST.get("save") else None, lines=lines, initial={"on": on})
        if form.is_bound and form.is_valid():
            try:
                with transaction.atomic():
                    done = fund_ops.collect_group(group=group, on=form.cleaned_data["on"], amounts=form.amounts(),
                                                  by=request.user)
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("已登记%(g)s %(d)s 集中还款 %(n)s 笔,共 %(total)s") % {
                    "g": group, "d": form.cleaned_data["on"], "n": len(done),
                    "total": yuan(sum(r.amount for r in done))})
                return HttpResponseRedirect(reverse("admin:fund_guaranteegroup_collect", args=[group.pk])
                                            + f"?on={form.cleaned_data['on'].isoformat()}")
        context = {**self.admin_site.each_context(request), "opts": GuaranteeGroup._meta, "original": group,
                   "group": group, "form": form, "on": on, "title": _("联保小组集中还款"),
                   "total_due": sum(line.due for line in lines),
                   "collected": list(collection.collected(group=group, on=on)),
                   "sheet_url": reverse("fundprint:collection", args=[group.pk, on.isoformat()])}
        return TemplateResponse(request, "admin/fund/group_collection.html", context)


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


def _day(text):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class CollectionForm(forms.Form):
    """The day, and one amount per running loan of the group (defaulting to what has fallen due)."""

    on = forms.DateField(label=_("还款日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[line.field] = forms.DecimalField(
                label=line.loan.member.display_name, required=False, min_value=0, max_digits=14, decimal_places=2,
                initial=line.due or None, widget=forms.NumberInput(attrs={"step": "0.01"}))

    def amounts(self) -> dict:
        return {line.loan.pk: self.cleaned_data.get(line.field) for line in self.lines}

    def rows(self):
        return [(line, self[line.field]) for line in self.lines]
