"""Admin pages for households, persons, members, share movements and cadre terms. Every save goes through
members.operations; share movements are approved or rejected with buttons and bulk actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_approvals import ApprovalAdmin
from coop.admin_base import AddOnlyAdmin, Exportable, ScopedAdmin, run_each
from coop.errors import DOMAIN_ERRORS, show_on_form
from coop.models import Cooperative
from coop.money import yuan
from coop.queries import current_charter
from members import operations as mem
from members import queries, sections
from members.identity import masked as identity_masked
from members.identity import reads_whole_id_numbers
from members.models import CadreTerm, Household, Kinship, Member, Person, ShareTransaction
from members.operations.cadres import CORRECTION_DAYS, may_correct, with_recorder
from members.resources import HouseholdResource, MemberResource, PersonResource, ShareTransactionResource


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

    def has_change_permission(self, request, obj=None):
        """Only its 建档立卡 status is corrected here (set_poverty_status); the rest is registered once."""
        return ScopedAdmin.has_change_permission(self, request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["village", "number", "group", "address"] if obj is not None else []

    def perform(self, request, form, change):
        data = form.cleaned_data
        if change:
            return mem.set_poverty_status(household=form.instance, is_registered_poor=data["is_registered_poor"],
                                          poverty_exit_year=data["poverty_exit_year"], by=request.user)
        return mem.register_household(by=request.user, **data)


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

    def get_fields(self, request, obj=None):
        """A reader who may not read ID numbers whole sees the masked one on the person's page too."""
        fields = super().get_fields(request, obj)
        if obj is None or reads_whole_id_numbers(request.user):
            return fields
        return ["masked_id" if name == "id_number" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "masked_id"]

    def history_masks(self, request):
        """The history shows the ID number no more whole than the person's page does."""
        return {} if reads_whole_id_numbers(request.user) else {"id_number": identity_masked}

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
    action_rights = {"leave_selected": access.ADD}
    list_display = ["member_number", "household_name", "kind", "cooperative", "joined_on", "status", "shares",
                    "amount", "certificate"]
    list_display_links = ["member_number", "household_name"]
    change_list_template = "admin/members/member/change_list.html"
    list_filter = ["kind", "status"]
    search_fields = ["enterprise_name", "household__persons__name", "household__number"]
    list_select_related = ["cooperative__village", "household"]
    autocomplete_fields = ["household"]
    fields = ["cooperative", "kind", "household", "enterprise_name", "credit_code", "joined_on"]
    page_fields = ["status", "left_on", "holding", "movements", "other_registers"]

    def get_queryset(self, request):
        return queries.with_holdings(super().get_queryset(request).prefetch_related("household__persons"))

    def get_export_queryset(self, request):
        return queries.with_holdings(super().get_export_queryset(request))

    def get_list_display(self, request):
        """A chairman's one cooperative needs no column of its own."""
        shown = super().get_list_display(request)
        if access.visible(request.user, Cooperative.objects.all()).count() <= 1:
            return [name for name in shown if name != "cooperative"]
        return shown

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, *self.page_fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.page_fields if obj else [])]

    @admin.action(description=_("办理退社(所选社员,以今天为退社日期)"))
    def leave_selected(self, request, queryset):
        run_each(request, queryset.filter(status=Member.Status.ACTIVE).order_by("number"),
                 lambda member: mem.leave_cooperative(member=member, on=timezone.localdate(), by=request.user),
                 _("已为 %(n)s 名社员办理退社"))

    @admin.display(description=_("编号"), ordering="number")
    def member_number(self, obj):
        return f"{obj.number:04d}"

    @admin.display(description=_("社员"))
    def household_name(self, obj):
        """The household by its head (户编号 is the village's number, not the member's: one number a row)."""
        head = obj.head
        return f"{head.name}户" if head else obj.display_name

    @admin.display(description=_("股数"), ordering="shares")
    def shares(self, obj):
        return obj.shares

    @admin.display(description=_("股金"), ordering="amount")
    def amount(self, obj):
        return yuan(obj.amount)

    @admin.display(description=_("持股"))
    def holding(self, obj):
        return format_html("{} 股 · {}", obj.shares, yuan(obj.amount))

    @admin.display(description=_("股金变动"))
    def movements(self, obj):
        rows = (ShareTransaction.objects.filter(Q(member=obj) | Q(to_member=obj)).order_by("-on", "-number")
                .select_related("member__household", "cooperative").prefetch_related("member__household__persons"))
        lines = format_html_join(
            "", '<li><a href="{}">{} {} {}</a> {} 股 · {} · {}</li>',
            ((reverse("admin:members_sharetransaction_change", args=[tx.pk]), tx.on, tx.get_kind_display(),
              f"{tx.number:05d}", tx.shares, yuan(tx.amount), tx.get_status_display()) for tx in rows))
        return format_html('<ul class="member-movements">{}</ul>', lines) if lines else "—"

    @admin.display(description=_("其他台账"))
    def other_registers(self, obj):
        return sections.render(obj) or "—"

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
    actions = ["approve_selected", "reject_selected"]
    action_rights = {"approve_selected": "approve", "reject_selected": "approve"}

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

    def only_cooperative(self, request) -> Cooperative | None:
        """The user's cooperative when there is just one in scope (a chairman's): chosen, not asked."""
        if not hasattr(request, "_only_cooperative"):
            coops = list(access.visible(request.user, Cooperative.objects.all())[:2])
            request._only_cooperative = coops[0] if len(coops) == 1 else None
        return request._only_cooperative

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None and self.only_cooperative(request) is not None:
            return [name for name in fields if name != "cooperative"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        coop = self.only_cooperative(request)
        charter = current_charter(coop) if obj is None and coop is not None else None
        if charter is not None and "shares" in form_class.base_fields:
            form_class.base_fields["shares"].help_text = _(
                "金额 = 股数 × 章程股价(现行每股 %(price)s,按变动日期适用的章程计算);保存后显示金额,待镇审批") % {
                "price": yuan(charter.share_price)}
        return form_class

    def response_add(self, request, obj, post_url_continue=None):
        """After recording: the movement's own page, saying what it costs and that the township decides."""
        messages.success(request, _("已登记:%(tx)s,金额 %(amount)s,待镇审批(镇财政所审批后入账)") % {
            "tx": obj, "amount": yuan(obj.amount)})
        return HttpResponseRedirect(reverse("admin:members_sharetransaction_change", args=[obj.pk]))

    def perform(self, request, form, change):
        data = form.cleaned_data
        return mem.record_share_transaction(cooperative=data.get("cooperative") or self.only_cooperative(request),
                                            kind=data["kind"],
                                            member=data["member"], to_member=data.get("to_member"),
                                            shares=data["shares"], on=data["on"], note=data.get("note", ""),
                                            by=request.user)

    def approve_one(self, request, obj):
        return mem.approve_share_transaction(tx=obj, by=request.user)

    def reject_one(self, request, obj, reason):
        return mem.reject_share_transaction(tx=obj, by=request.user, reason=reason)

    @admin.action(description=_("审批入账(所选股金变动)"))
    def approve_selected(self, request, queryset):
        run_each(request, queryset.filter(status=ShareTransaction.Status.PENDING).order_by("number"),
                 lambda tx: mem.approve_share_transaction(tx=tx, by=request.user), _("已审批入账 %(n)s 笔股金变动"))


class InOfficeFilter(admin.SimpleListFilter):
    title = _("任职状态")
    parameter_name = "in_office"

    def lookups(self, request, model_admin):
        return [("yes", _("在任")), ("no", _("已离任"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(Q(end__isnull=True) | Q(end__gte=today))
        if self.value() == "no":
            return queryset.filter(end__lt=today)
        return queryset


# A browser's date picker takes the value as YYYY-MM-DD whatever the interface language.
CALENDAR_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EndTermForm(forms.Form):
    on = forms.DateField(label=_("离任日期(在任最后一天)"), widget=CALENDAR_DATE)
    reason = forms.CharField(label=_("离任原因"), max_length=200, help_text=_("如换届、辞职、免职"))


class CorrectTermForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    post = forms.ChoiceField(label=_("职务"), choices=CadreTerm.Post.choices)
    start = forms.DateField(label=_("任职开始"), widget=CALENDAR_DATE)
    end = forms.DateField(label=_("任职结束"), required=False, widget=CALENDAR_DATE)
    reason = forms.CharField(label=_("更正原因"), max_length=200)

    def __init__(self, *args, request, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].widget = AutocompleteSelect(CadreTerm._meta.get_field("person"), admin_site)
        self.fields["person"].queryset = access.visible(request.user, Person.objects.all())  # sets the choices


@admin.register(CadreTerm)
class CadreTermAdmin(AddOnlyAdmin):
    list_display = ["person", "post", "village", "start", "end", "in_office", "end_reason"]
    list_filter = [InOfficeFilter, "post"]
    list_select_related = ["person", "village"]
    autocomplete_fields = ["person"]
    fields = ["village", "person", "post", "start", "end", "end_reason"]

    def perform(self, request, form, change):
        return mem.record_cadre_term(by=request.user, **form.cleaned_data)

    def get_queryset(self, request):
        return with_recorder(super().get_queryset(request))

    @admin.display(description=_("状态"))
    def in_office(self, obj):
        return _("在任") if obj.end is None or obj.end >= timezone.localdate() else _("已离任")

    def get_list_display(self, request):
        """The last column links what this user may do with each term: end it, correct it."""
        may_end = access.allows(request.user, "end", CadreTerm)
        may_fix = access.allows(request.user, "correct", CadreTerm)

        @admin.display(description=_("办理"))
        def steps(term):
            links = []
            if may_end and (term.end is None or term.end > timezone.localdate()):
                links.append((reverse("admin:members_cadreterm_end", args=[term.pk]), _("办理离任")))
            if may_fix and may_correct(request.user, term):
                links.append((reverse("admin:members_cadreterm_correct", args=[term.pk]), _("更正")))
            return format_html_join(" · ", '<a href="{}">{}</a>', links) or "—"

        return [*super().get_list_display(request), steps]

    def get_urls(self):
        return [path("<int:pk>/end/", self.admin_site.admin_view(self.end_view), name="members_cadreterm_end"),
                path("<int:pk>/correct/", self.admin_site.admin_view(self.correct_view),
                     name="members_cadreterm_correct"),
                *super().get_urls()]

    def end_view(self, request, pk):
        """离任: the last day in office and the reason, through members.operations.end_cadre_term."""
        return self._term_step(
            request, pk, "end", lambda data, term: EndTermForm(data, initial={"on": timezone.localdate()}),
            lambda term, data: mem.end_cadre_term(term=term, by=request.user, **data),
            title=_("办理离任"), done=_("%(term)s 已办理离任"),
            help_text=_("离任日期是在任的最后一天:此后该任期不再限制本人及其直系亲属领取报酬(R4)。"
                        "离任日期不能早于任职开始,也不能晚于今天。"))

    def correct_view(self, request, pk):
        """更正: a term recorded wrongly, through members.operations.correct_cadre_term."""
        def form(data, term):
            return CorrectTermForm(data, request=request, admin_site=self.admin_site, initial={
                "person": term.person_id, "post": term.post, "start": term.start, "end": term.end})

        return self._term_step(
            request, pk, "correct", form,
            lambda term, data: mem.correct_cadre_term(term=term, by=request.user, **data),
            title=_("更正任期"), done=_("%(term)s 已更正"),
            help_text=_("只有登记人可在登记后 %(days)s 天内更正,县级管理员可随时更正;原来的记录保留在历史中。"
                        "已经卸任的,请办理离任,不要更正。") % {"days": CORRECTION_DAYS})

    def _term_step(self, request, pk, right, make_form, run, *, title, done, help_text):
        """A form page for one term: refused without the right, the operation's refusal shown on the form."""
        if not access.allows(request.user, right, CadreTerm):
            raise PermissionDenied
        term = get_object_or_404(self.get_queryset(request), pk=pk)
        form = make_form(request.POST or None, term)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    run(term, form.cleaned_data)
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, done % {"term": term})
                return HttpResponseRedirect(reverse("admin:members_cadreterm_changelist"))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "term": term, "form": form,
                   "title": f"{title}:{term}", "step": title, "help_text": help_text}
        return TemplateResponse(request, "admin/members/cadreterm/step.html", context)


@admin.register(Kinship)
class KinshipAdmin(AddOnlyAdmin):
    list_display = ["person", "relation", "relative"]
    list_select_related = ["person", "relative"]
    autocomplete_fields = ["person", "relative"]
    fields = ["person", "relative", "relation"]

    def perform(self, request, form, change):
        return mem.record_kinship(by=request.user, **form.cleaned_data)
