"""The disclosures in the admin: drafted (periodic or per project) through disclosure.operations, signed off and
published by actions, corrected by a button that drafts the correction; a signed or published one is read-only
here. Villagers' questions are answered here (the reply is the one thing a clerk writes); the committee members,
the village's choices and the county's reply deadline save through their operations, which check scope."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access, masking
from coop.admin_base import OperationAdmin, run_each
from coop.errors import DOMAIN_ERRORS, explain_text
from disclosure import operations
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings, Question, ReplyDeadline

K = Disclosure.Kind


class DraftForm(forms.ModelForm):
    """A new disclosure: a village's period, or one project (专项公开; its village is the project's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("village", "year"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("kind") == K.PROJECT:
            if not data.get("project"):
                self.add_error("project", _("项目专项公开请选择项目"))
        else:
            for name in ("village", "period", "year"):
                if not data.get(name):
                    self.add_error(name, _("财务收支公开请填写此项"))
        return data

    def _post_clean(self):
        """The operation builds the row (title, village of the project, year); the model is not validated here
        from half the fields."""


@admin.register(Disclosure)
class DisclosureAdmin(OperationAdmin):
    list_display = ["title", "village", "status", "signed_on", "posted_on", "sheet"]
    list_filter = ["status", "kind", "period", "village"]
    list_select_related = ["village"]
    actions = ["sign_off_selected", "publish_selected"]
    action_rights = {"sign_off_selected": "sign_off", "publish_selected": "publish"}
    readonly_fields = ["sheet"]
    change_form_template = "admin/disclosure/disclosure/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DraftForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "village", "period", "year", "number", "project"]
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

    def save_related(self, request, form, formsets, change):
        """The reviewers were set by the operation (perform); the form's own many-to-many save would write them a
        second time, past its checks."""
        if not change:
            super().save_related(request, form, formsets, change)

    def perform(self, request, form, change):
        data = form.cleaned_data
        if change:
            return operations.choose_reviewers(disclosure=form.instance, members=data["reviewers"], by=request.user)
        if data["kind"] == K.PROJECT:
            return operations.draft_project(project=data["project"], by=request.user)
        return operations.draft(village=data["village"], period=data["period"], year=data["year"],
                                number=data.get("number") or 0, by=request.user)

    @admin.display(description=gettext_lazy("公开表"))
    def sheet(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("disclosure:sheet", args=[obj.pk]), _("查看/打印"))

    @admin.action(description=gettext_lazy("登记村务监督委员会审核签字(冻结数字)"))
    def sign_off_selected(self, request, queryset):
        run_each(request, queryset, lambda d: operations.sign_off(disclosure=d, members=d.reviewers.all(),
                                                                  by=request.user), _("已签字 %(n)s 份"))

    @admin.action(description=gettext_lazy("公布(张贴日期为今天)"))
    def publish_selected(self, request, queryset):
        run_each(request, queryset, lambda d: operations.publish(disclosure=d, by=request.user),
                 _("已公布 %(n)s 份"))

    def get_urls(self):
        return [path("<int:pk>/correct/", self.admin_site.admin_view(self.correct_view),
                     name="disclosure_disclosure_correct"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        may_correct = (obj is not None and obj.is_published and access.allows(request.user, access.ADD, Disclosure))
        return super().change_view(request, object_id, form_url, {**(extra_context or {}),
                                                                  "may_correct": may_correct})

    def correct_view(self, request, pk):
        """编制更正公开: a new draft of the same period or project naming this published one, with the reason."""
        if not access.allows(request.user, access.ADD, Disclosure):
            raise PermissionDenied
        disclosure = get_object_or_404(self.get_queryset(request), pk=pk)
        form = CorrectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                correction = operations.correct(disclosure=disclosure, by=request.user,
                                                reason=form.cleaned_data["reason"])
            except DOMAIN_ERRORS as exc:
                messages.error(request, explain_text(exc, model=Disclosure))
            else:
                messages.success(request, _("已编制更正公开草稿:%(t)s。请核对后送村务监督委员会审核签字")
                                 % {"t": correction.title})
                return HttpResponseRedirect(reverse("admin:disclosure_disclosure_change", args=[correction.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "original": disclosure, "title": _("更正财务公开:%(t)s") % {"t": disclosure.title}}
        return TemplateResponse(request, "admin/disclosure/disclosure/correct.html", context)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("更正原因"), max_length=200,
                             help_text=gettext_lazy("将印在更正公开上,例如“漏记一笔补助收入”"))


class AnsweredFilter(admin.SimpleListFilter):
    title = gettext_lazy("答复情况")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("待答复")), ("overdue", _("逾期未答复")), ("answered", _("已答复"))]

    def queryset(self, request, queryset):
        from disclosure import queries
        if self.value() == "open":
            return queries.unanswered(queryset)
        if self.value() == "overdue":
            return queries.overdue(queryset, timezone.localdate())
        if self.value() == "answered":
            return queryset.filter(replied_at__isnull=False)
        return queryset


@admin.register(Question)
class QuestionAdmin(OperationAdmin):
    """Questions arrive from the public page only; the chairman or the township officer writes the reply once."""

    list_display = ["excerpt", "village", "asked_at", "deadline", "state", "replied_at"]
    list_filter = [AnsweredFilter]
    list_select_related = ["disclosure__village"]
    search_fields = ["text"]
    ordering = ["replied_at", "deadline", "pk"]

    def _contact(self, request) -> str:
        """The phone whole for those who call back (the ones who may reply), masked for readers."""
        return "phone" if access.allows(request.user, "reply", Question) else "masked_phone"

    def get_fields(self, request, obj=None):
        return ["disclosure_link", "name", self._contact(request), "text", "asked_at", "deadline", "reply",
                "replied_at", "replied_by"]

    def get_readonly_fields(self, request, obj=None):
        shown = ["disclosure_link", "name", self._contact(request), "text", "asked_at", "deadline", "replied_at",
                 "replied_by"]
        return shown if self._may_reply(request, obj) else [*shown, "reply"]

    def _may_reply(self, request, obj) -> bool:
        return obj is not None and not obj.answered and access.allows(request.user, "reply", Question)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and access.allows(request.user, "reply", Question) or self._may_reply(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        """The reviewers were set by the operation (perform); the form's own many-to-many save would write them a
        second time, past its checks."""
        if not change:
            super().save_related(request, form, formsets, change)

    def perform(self, request, form, change):
        return operations.reply(question=form.instance, text=form.cleaned_data.get("reply", ""), by=request.user)

    @admin.display(description=gettext_lazy("质询内容"))
    def excerpt(self, obj):
        return obj.text[:40]

    @admin.display(description=gettext_lazy("村"))
    def village(self, obj):
        return obj.disclosure.village

    @admin.display(description=gettext_lazy("状态"))
    def state(self, obj):
        if obj.answered:
            return _("已答复")
        if obj.deadline < timezone.localdate():
            return format_html('<strong class="errornote">{}</strong>', _("逾期未答复"))
        return _("待答复")

    @admin.display(description=gettext_lazy("财务公开"))
    def disclosure_link(self, obj):
        url = reverse("disclosure_public:sheet", args=[obj.disclosure.village.code, obj.disclosure_id])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, obj.disclosure)

    @admin.display(description=gettext_lazy("联系电话(不公开)"))
    def masked_phone(self, obj):
        return masking.mask_phone(obj.phone) if obj.phone else "—"


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(OperationAdmin):
    list_display = ["name", "post", "village", "start", "end"]
    list_select_related = ["village"]
    list_filter = ["village", "post"]
    fields = ["village", "name", "post", "start", "end"]

    def perform(self, request, form, change):
        data = form.cleaned_data
        return operations.save_committee_member(
            by=request.user, member=form.instance if change else None, village=data["village"], name=data["name"],
            post=data["post"], start=data["start"], end=data.get("end"))


@admin.register(DisclosureSettings)
class DisclosureSettingsAdmin(OperationAdmin):
    list_display = ["village", "monthly", "names_in_public"]
    list_select_related = ["village"]
    fields = ["village", "monthly", "names_in_public"]

    def get_readonly_fields(self, request, obj=None):
        return ["village"] if obj is not None else []

    def perform(self, request, form, change):
        data = form.cleaned_data
        return operations.save_settings(by=request.user, village=form.instance.village if change else data["village"],
                                        monthly=data["monthly"], names_in_public=data["names_in_public"])


@admin.register(ReplyDeadline)
class ReplyDeadlineAdmin(OperationAdmin):
    list_display = ["county", "days", "effective_from"]
    list_select_related = ["county"]
    fields = ["county", "days", "effective_from"]

    def perform(self, request, form, change):
        data = form.cleaned_data
        return operations.set_reply_deadline(by=request.user, county=data["county"], days=data["days"],
                                             effective_from=data["effective_from"],
                                             deadline=form.instance if change else None)
