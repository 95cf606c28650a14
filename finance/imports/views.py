"""Excel import of a village's opening balances or vouchers: upload, preview with row-level errors,
then confirm. Nothing is written until the confirmation, and then all or nothing."""

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coop import access, spreadsheets
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.reports import xlsx_response
from finance.imports import parse
from finance.models import Ledger, OpeningBalance, Voucher


class UploadForm(spreadsheets.UploadForm):
    kind = forms.ChoiceField(label=_("导入内容"), choices=[("vouchers", _("记账凭证")), ("openings", _("期初余额"))])
    field_order = ["kind", "file"]


def _may_import(user, kind) -> bool:
    if kind == "openings":
        return access.allows(user, "import", OpeningBalance)
    return access.allows(user, access.ADD, Voucher)


def import_view(request, village_code: str):
    ledger = get_object_or_404(access.visible(request.user, Ledger.objects.select_related("village")),
                               village__code=village_code)
    if not (_may_import(request.user, "vouchers") or _may_import(request.user, "openings")):
        raise PermissionDenied
    if request.GET.get("template") in parse.KINDS:
        kind = request.GET["template"]
        return xlsx_response(parse.template(kind), "期初余额导入模板" if kind == "openings" else "凭证导入模板")
    context = {**site.each_context(request), "title": _("导入:%(v)s") % {"v": ledger.village}, "ledger": ledger,
               "form": UploadForm()}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, ledger, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            if not _may_import(request.user, kind):
                raise PermissionDenied
            data = form.cleaned_data["file"].read()
            parsed = parse.parse(data, kind, ledger)
            context["parsed"] = parsed
            if parsed.ok:
                context.update(token=spreadsheets.stash(request.user, data), kind=kind)
    return TemplateResponse(request, "finance/import.html", context)


def _confirm(request, ledger, context):
    token, kind = request.POST.get("token", ""), request.POST.get("kind", "")
    if kind not in parse.KINDS or not _may_import(request.user, kind):
        raise PermissionDenied
    data = spreadsheets.take(request.user, token)
    if data is None:
        messages.error(request, _("上传的文件已过期,请重新上传"))
        return HttpResponseRedirect(request.path)
    parsed = parse.parse(data, kind, ledger)
    try:
        written = parse.apply(parsed, ledger, request.user)
    except DOMAIN_ERRORS as exc:
        context["parsed"] = parsed
        context["apply_error"] = explain_text(exc)
        return TemplateResponse(request, "finance/import.html", context)
    if kind == "openings":
        messages.success(request, _("已导入 %(n)s 个科目的期初余额") % {"n": len(written)})
        return HttpResponseRedirect(reverse("admin:finance_ledger_change", args=[ledger.pk]))
    messages.success(request, _("已导入 %(n)s 张凭证并提交,等待镇财政所(另一人)审核记账") % {"n": len(written)})
    return HttpResponseRedirect(reverse("admin:finance_voucher_changelist") + "?status__exact=submitted")
