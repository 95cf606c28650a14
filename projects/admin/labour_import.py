"""The project's labour import page: the template, the upload, the preview with every row error in Chinese, and
the confirmation, which records the whole file or nothing (projects.labour_import through coop.import_flow)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coop import access, import_flow, spreadsheets
from coop.reports import xlsx_response
from projects import labour_import
from projects.models import LabourRecord

SHOWN_ERRORS = 200


def may_import(user) -> bool:
    return access.allows(user, access.ADD, LabourRecord)


def labour_import_view(model_admin, request, pk):
    if not may_import(request.user):
        raise PermissionDenied
    project = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    if request.GET.get("template"):
        return xlsx_response(labour_import.template(), labour_import.TEMPLATE_NAME)
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "project": project,
               "title": _("导入用工记录:%(p)s") % {"p": project}, "form": spreadsheets.UploadForm(),
               "shown_errors": SHOWN_ERRORS, "kind": "labour"}

    def parse(data):
        return labour_import.parse(data, project)

    if request.method == "POST" and "token" in request.POST:
        done = import_flow.confirm(request.user, request.POST["token"], parse,
                                   lambda parsed: labour_import.apply(parsed, request.user))
        if done.expired:
            messages.error(request, _("上传的文件已过期,请重新上传"))
            return HttpResponseRedirect(request.path)
        if done.error:
            context.update(parsed=done.parsed, apply_error=done.error)
            return TemplateResponse(request, "admin/projects/project/labour_import.html", context)
        messages.success(request, _("已导入 %(n)s 条用工记录:%(p)s") % {"n": len(done.written), "p": project})
        return HttpResponseRedirect(reverse("admin:projects_labourrecord_changelist") + "?" + urlencode(
            {"project__id__exact": project.pk}))
    if request.method == "POST":
        form = spreadsheets.UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            context.update(import_flow.preview(request.user, form.cleaned_data["file"].read(), parse))
    return TemplateResponse(request, "admin/projects/project/labour_import.html", context)
