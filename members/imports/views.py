"""Upload, preview, confirm: a village's roster or the poverty register from Excel. Nothing is written
until the confirmation, and then all or nothing, through the same parse and apply as the command."""

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coop import access, import_flow, spreadsheets
from coop.models import Village
from coop.reports import xlsx_response
from coop.roles import Role
from members.identity import id_number_for
from members.imports import opening, poverty, roster
from members.models import Household, Person

KINDS = {"roster": roster, "poverty": poverty, "opening": opening}
TEMPLATE_NAMES = {"roster": "花名册导入模板", "poverty": "建档立卡名册导入模板", "opening": "期初股金导入模板"}
SHOWN_ERRORS = 200


class UploadForm(spreadsheets.UploadForm):
    village = forms.ModelChoiceField(label=_("村"), queryset=Village.objects.none())
    kind = forms.ChoiceField(label=_("导入内容"), choices=[
        ("roster", _("花名册(新农户、家庭成员、入社)")), ("poverty", _("建档立卡名册(更新贫困户状态和脱贫年度)")),
        ("opening", _("期初股金(纸质股金台账的结存股数,镇财政所录入)"))])
    field_order = ["village", "kind", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = access.villages_of(user).select_related("township").order_by("code")
        self.fields["village"].queryset = villages
        if user.village_id:
            self.fields["village"].initial = user.village_id
        if user.role != Role.TOWNSHIP_OFFICER:  # the township keeps the books' opening figures
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != "opening"]


def import_view(request):
    if not access.allows(request.user, "import", Household):
        raise PermissionDenied
    if request.GET.get("template") in KINDS:
        kind = request.GET["template"]
        return xlsx_response(KINDS[kind].template(), TEMPLATE_NAMES[kind])
    context = {**site.each_context(request), "title": _("从 Excel 导入花名册、建档立卡名册或期初股金"),
               "form": UploadForm(user=request.user), "shown_errors": SHOWN_ERRORS}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        context["form"] = form
        if form.is_valid():
            kind, village = form.cleaned_data["kind"], form.cleaned_data["village"]
            context.update(import_flow.preview(request.user, form.cleaned_data["file"].read(),
                                               lambda data: KINDS[kind].parse(data, village)), kind=kind,
                           village=village)
            if kind == "roster":
                context["households"] = _roster_preview(context["parsed"], request.user)
    return TemplateResponse(request, "members/import.html", context)


def _confirm(request, context):
    kind = request.POST.get("kind", "")
    village = access.villages_of(request.user).filter(pk=request.POST.get("village") or 0).first()
    if kind not in KINDS or village is None:
        raise PermissionDenied
    done = import_flow.confirm(request.user, request.POST.get("token", ""),
                               lambda data: KINDS[kind].parse(data, village),
                               lambda parsed: KINDS[kind].apply(parsed, request.user))
    if done.expired:
        messages.error(request, _("上传的文件已过期,请重新上传"))
        return HttpResponseRedirect(request.path)
    parsed, written = done.parsed, done.written
    if done.error:
        context.update(parsed=parsed, kind=kind, village=village, apply_error=done.error)
        return TemplateResponse(request, "members/import.html", context)
    messages.success(request, KINDS[kind].written_message(village, written, parsed))
    if kind == "opening":
        return HttpResponseRedirect(reverse("admin:members_sharetransaction_changelist") + "?kind__exact=opening")
    return HttpResponseRedirect(imported_households_url(kind, village, parsed))


def imported_households_url(kind, village, parsed) -> str:
    """The household list showing this import's households only (a roster registers new numbers only)."""
    query = {"village__id__exact": village.pk}
    if kind == "roster":
        query["number__in"] = ",".join(parsed.households)
    return reverse("admin:members_household_changelist") + "?" + urlencode(query)


def _roster_preview(parsed, user, limit=50) -> list:
    """The first households of the file, each person with the relation's label and the ID number as `user`
    may read it."""
    labels = dict(Person.Relation.choices)
    return [(number, household, [(person, labels.get(person.relation, person.relation), id_number_for(user, person))
                                 for person in household.persons])
            for number, household in list(parsed.households.items())[:limit]]
