"""The import pages: service records, and a payroll, of one organisation — template, upload, preview with every row
error in Chinese, confirmation that writes the whole file or nothing (services.imports through coop.import_flow)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access, import_flow, spreadsheets
from coop.reports import xlsx_response
from services import imports
from services.models import ServiceOrganisation

SHOWN_ERRORS = 200


class ServiceUploadForm(spreadsheets.UploadForm):
    organisation = forms.ModelChoiceField(label=gettext_lazy("服务组织"), queryset=ServiceOrganisation.objects.none())
    field_order = ["organisation", "file"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = access.visible(user, ServiceOrganisation.objects.all())


class PayrollUploadForm(ServiceUploadForm):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("月份"), min_value=1, max_value=12)
    on = forms.DateField(label=gettext_lazy("发放日期"), widget=forms.DateInput(attrs={"type": "date"}),
                         initial=timezone.localdate)
    field_order = ["organisation", "year", "month", "on", "file"]


def _import_view(model_admin, request, *, form_class, kind, template, template_name, parse, apply, done, title):
    if not access.allows(request.user, "import", model_admin.model):
        raise PermissionDenied
    if request.GET.get("template"):
        return xlsx_response(template(), template_name)
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "title": title,
               "form": form_class(user=request.user), "shown_errors": SHOWN_ERRORS, "kind": kind}
    if request.method == "POST" and "token" in request.POST:
        form = form_class(request.POST, user=request.user)
        del form.fields["file"]  # the file is the stash the token names
        if not form.is_valid():
            messages.error(request, _("请重新上传"))
            return HttpResponseRedirect(request.path)
        confirmed = import_flow.confirm(request.user, request.POST["token"], lambda data: parse(data, form),
                                        lambda parsed: apply(parsed, request.user))
        if confirmed.expired:
            messages.error(request, _("上传的文件已过期,请重新上传"))
            return HttpResponseRedirect(request.path)
        if confirmed.error:
            context.update(parsed=confirmed.parsed, apply_error=confirmed.error, form=form)
            return TemplateResponse(request, "admin/services/import.html", context)
        messages.success(request, done(confirmed.written))
        return HttpResponseRedirect(reverse(f"admin:services_{model_admin.opts.model_name}_changelist"))
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=request.user)
        context["form"] = form
        if form.is_valid():
            context.update(import_flow.preview(request.user, form.cleaned_data["file"].read(),
                                               lambda data: parse(data, form)))
    return TemplateResponse(request, "admin/services/import.html", context)


def service_import_view(model_admin, request):
    return _import_view(
        model_admin, request, form_class=ServiceUploadForm, kind="services", template=imports.service_template,
        template_name=imports.SERVICE_TEMPLATE, title=_("导入服务记录"),
        parse=lambda data, form: imports.parse_services(data, form.cleaned_data["organisation"]),
        apply=imports.apply_services, done=lambda written: _("已导入 %(n)s 条服务记录") % {"n": len(written)})


def payroll_import_view(model_admin, request):
    def parse(data, form):
        clean = form.cleaned_data
        return imports.parse_payroll(data, clean["organisation"], clean["year"], clean["month"], clean["on"])

    return _import_view(
        model_admin, request, form_class=PayrollUploadForm, kind="payroll", template=imports.pay_template,
        template_name=imports.PAY_TEMPLATE, title=_("导入工资表"), parse=parse, apply=imports.apply_payroll,
        done=lambda payroll: _("已导入工资表 %(p)s,合计 %(a)s 元,待镇财政所审批") % {"p": payroll,
                                                                          "a": payroll.amount})
