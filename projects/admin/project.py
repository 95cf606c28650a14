"""The project's admin: the list, the application (the add form), and the project page, which shows the steps in
order with who signed each and when, and offers only the next step the user's role may take."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.admin_base import OperationAdmin
from coop.errors import DOMAIN_ERRORS, show_on_form
from coop.money import yuan
from projects import operations as ops
from projects import queries
from projects.admin.labour_import import labour_import_view, may_import
from projects.admin.steps import STEPS, offered
from projects.models import Payment, Project
from projects.scans import download_name

APPLICATION_FIELDS = [
    "cooperative", "name", "kind", "body_kind", "body_name", "body_person", "body_phone", "funding",
    "total_investment", "simple_engineering", "simple_engineering_confirmed_by", "simple_engineering_confirmed_on",
    "local_labour", "local_labour_confirmed_by", "local_labour_confirmed_on", "planned_start", "planned_end",
    "location", "latitude", "longitude", "number",
]


class ApplicationForm(forms.ModelForm):
    statement = forms.CharField(label=gettext_lazy("申报理由与建设内容"), widget=forms.Textarea(attrs={"rows": 3}))
    applied_on = forms.DateField(label=gettext_lazy("申报日期"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Project
        fields = APPLICATION_FIELDS


class ProjectAdmin(OperationAdmin):
    form = ApplicationForm
    change_form_template = "admin/projects/project/change_form.html"
    change_list_template = "admin/projects/project/change_list.html"
    list_display = ["name", "village", "kind", "total_display", "funding", "status", "planned_start", "file_link"]
    list_filter = ["status", "kind", "funding", "cooperative__village__township"]
    list_select_related = ["cooperative__village"]
    search_fields = ["name", "number", "location"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return [*APPLICATION_FIELDS, "statement", "applied_on"] if obj is None else [
            *APPLICATION_FIELDS, "status", "created_by"]

    @admin.display(description=gettext_lazy("村"), ordering="cooperative__village__name")
    def village(self, obj):
        return obj.cooperative.village

    @admin.display(description=gettext_lazy("总投资"), ordering="total_investment")
    def total_display(self, obj):
        return yuan(obj.total_investment)

    @admin.display(description=gettext_lazy("项目档案"))
    def file_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("projects:file", args=[obj.pk]), _("PDF"))

    def perform(self, request, form, change):
        data = form.cleaned_data
        project = Project(**{name: data.get(name) for name in APPLICATION_FIELDS if name in data})
        project.number = project.number or ""
        project.body_phone = project.body_phone or ""
        return ops.apply_for_project(project=project, statement=data["statement"], on=data["applied_on"],
                                     by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, _("已申报:%(p)s,待委托方批复") % {"p": obj})
        return HttpResponseRedirect(reverse("admin:projects_project_change", args=[obj.pk]))

    def get_urls(self):
        return [
            path("<int:pk>/step/<str:key>/", self.admin_site.admin_view(self.step_view), name="projects_project_step"),
            path("<int:pk>/agreement/", self.admin_site.admin_view(self.agreement_view),
                 name="projects_project_agreement"),
            path("<int:pk>/labour-import/", self.admin_site.admin_view(
                lambda request, pk: labour_import_view(self, request, pk)), name="projects_project_labour_import"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, object_id)
        extra = {}
        if project is not None:
            extra = {"steps": file_of(project), "offered": [
                (reverse("admin:projects_project_step", args=[project.pk, step.key]), step.title)
                for step in offered(project, request.user)], "outputs": outputs_of(project),
                "may_import_labour": may_import(request.user) and project.status == Project.Status.UNDER_WAY}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def step_view(self, request, pk, key):
        """One step's page: only a step the project waits for and the user's role takes; the operation's refusal
        shows on the form, in Chinese, and nothing is written."""
        project = get_object_or_404(self.get_queryset(request), pk=pk)
        step = STEPS.get(key)
        if step is None or step not in offered(project, request.user):
            raise PermissionDenied
        form = step.form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    step.run(project, form.cleaned_data, request.user)
            except DOMAIN_ERRORS as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("%(p)s:%(s)s 已办理") % {"p": project, "s": step.title})
                return HttpResponseRedirect(reverse("admin:projects_project_change", args=[project.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "project": project, "form": form,
                   "title": f"{step.title}:{project}", "step": step.title}
        return TemplateResponse(request, "admin/projects/project/step.html", context)

    def agreement_view(self, request, pk):
        """The entrustment agreement's scan, as an attachment of the type its content proved."""
        project = get_object_or_404(self.get_queryset(request), pk=pk)
        agreement = getattr(project, "entrustment", None)
        if agreement is None:
            raise Http404
        return FileResponse(agreement.file.open("rb"), as_attachment=True, content_type=agreement.content_type,
                            filename=download_name(agreement.original_name, agreement.content_type))


def outputs_of(project: Project) -> list[tuple[str, str]]:
    """What the project's page links to: its file as one PDF and the payroll sheet of each wage payment."""
    links = [(reverse("projects:file", args=[project.pk]), _("项目档案(PDF)"))]
    for payment in project.payments.filter(kind=Payment.Kind.WAGES).order_by("on", "pk"):
        links.append((reverse("projects:payroll", args=[payment.pk]), _("工资发放表 %(d)s %(a)s") % {
            "d": payment.on, "a": yuan(payment.amount)}))
    return links


def _who(step) -> str:
    user = step.recorded_by
    return user.get_full_name() or user.username


def file_of(project: Project) -> list[tuple[str, str]]:
    """The project's steps in order, each as (title, what was recorded: date, signer, substance) or "—"."""
    rows = []
    application = getattr(project, "application", None)
    rows.append((_("申报"), application and f"{application.on} {_who(application)}:{application.statement}"))
    approval = getattr(project, "approval", None)
    rows.append((_("批复"), approval and f"{approval.on} {approval.decided_by}({_('登记')}:{_who(approval)})"
                 f"{approval.get_decision_display()} {approval.document_number} {approval.reason}"))
    entrustment = getattr(project, "entrustment", None)
    rows.append((_("委托代建协议"), entrustment and f"{entrustment.on} {entrustment.body_signatory}/"
                 f"{entrustment.cooperative_signatory} {yuan(entrustment.amount)}"))
    competition = getattr(project, "competition", None)
    if competition is not None:
        quotes = ";".join(f"{q.bidder} {yuan(q.price)}{'(中选)' if q.selected else ''}"
                          for q in competition.quotes.all())
        rows.append((_("比选"), f"{competition.on} {quotes}。{_('理由')}:{competition.selection_reason}"))
    else:
        rows.append((_("比选"), None))
    contract = getattr(project, "contract", None)
    rows.append((_("施工合同"), contract and f"{contract.on} {contract.team} {yuan(contract.amount)}"))
    receipts = [f"{r.on} {yuan(r.amount)} {r.get_status_display()}" for r in project.receipts.all()]
    rows.append((_("资金到账"), ";".join(receipts) or None))
    rows.append((_("支付"), _("已入账 %(p)s,上限(合同+已批准变更)%(c)s") % {
        "p": yuan(queries.paid(project, pending=False)), "c": yuan(queries.ceiling(project))} if contract else None))
    acceptance = getattr(project, "acceptance", None)
    rows.append((_("竣工验收"), acceptance and f"{acceptance.on} {acceptance.findings} {yuan(acceptance.value)}"
                 f"{_('(待镇审核)') if not acceptance.is_confirmed else ''}"))
    settlement = getattr(project, "settlement", None)
    rows.append((_("决算"), settlement and f"{settlement.on} {_('决算')} {yuan(settlement.final_cost)},"
                 f"{_('到账')} {yuan(settlement.received)}{_('(待镇审核)') if not settlement.is_confirmed else ''}"))
    audit = getattr(project, "audit", None)
    rows.append((_("审计"), audit and f"{audit.on} {audit.auditor}:{audit.get_conclusion_display()} {audit.findings}"))
    return [(title, text or "—") for title, text in rows]
