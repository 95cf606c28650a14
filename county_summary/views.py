"""县级汇总表 — the field report's paragraph (DOMAIN.md §1), computed: one line per figure the apps declared, the
scope's total, one column per township when more than one shows, and the report's own figures beside them as a
reference (never used in the sums). On screen each total links to the list behind it; PDF and xlsx through the
report framework. The county's roles see the county, a township officer his township, nobody below."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coop import access
from coop.models import Village
from coop.money import yuan
from coop.reports import Column, Report, respond
from coop.roles import Level, level_of
from county_summary.compute import compute
from county_summary.registry import MONEY
from finance.reports.summary import SummaryFilter, may_see, month_end, org_of

NOT_AVAILABLE = "—"


def summary_view(request):
    if not may_see(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("start", "2016-01")
    params.setdefault("end", f"{today.year}-{today.month:02d}")
    form = SummaryFilter(params, user=request.user)
    villages = access.visible(request.user, Village.objects.filter(cooperative__isnull=False))
    if form.is_valid():
        since, until = form.cleaned_data["start"], month_end(form.cleaned_data["end"])
        township = form.cleaned_data["township"]
        if township:
            villages = villages.filter(township=township)
    else:
        since, until, township, villages = date(2016, 1, 1), month_end(today), None, villages.none()
    user = request.user
    county_wide = township is None and (level_of(user.role) == Level.COUNTY or (user.is_superuser and not user.role))
    report = build(compute(villages, since, until), since, until, org=org_of(request.user, form),
                   county_wide=county_wide, params=params)
    return respond(request, report, params=params, template_name="county_summary/summary.html",
                   extra_context={"filter_form": form})


def build(summary, since: date, until: date, *, org: str, county_wide: bool, params) -> Report:
    """The Report: rows are the figures; columns the total, each township (when more than one) and, for the whole
    county, the field report's figure."""
    several = len(summary.townships) > 1
    columns = [Column("label", _("指标"), width=2.6), Column("unit", _("单位"), width=0.5),
               Column("total", _("合计"), "text", width=1.3)]
    if several:
        columns += [Column(f"t{pk}", name, "text", group=_("其中"), width=1.1) for pk, name in summary.townships]
    if county_wide:
        columns.append(Column("reference", _("调研报告(2017年中)"), width=1.1))
    rows, differences = [], []
    for line in summary.lines:
        figure = line.line
        row = {"label": str(figure.label), "unit": str(figure.unit), "reference": str(figure.reference or "")}
        if not line.available:
            row["total"] = _("未接入(%(app)s)") % {"app": figure.app}
            row["_style"] = "muted"
        else:
            row["total"] = _text(figure, line.total)
            row.update({f"t{pk}": _text(figure, value) for pk, value in line.by_township.items()})
            if figure.link:
                row["_links"] = {"total": figure.link(since, until)}
            if several:
                row["_links"] = {**row.get("_links", {}), **{
                    f"t{pk}": "?" + urlencode({**params.dict(), "township": pk}) for pk, _n in summary.townships}}
            if county_wide and figure.reference and _text(figure, line.total) != figure.reference:
                differences.append(_("%(label)s:本表 %(ours)s,调研报告 %(theirs)s") % {
                    "label": figure.label, "ours": _text(figure, line.total), "theirs": figure.reference})
        rows.append(row)
    notes = [_("各数由系统中的登记和记账数据计算;调研报告一栏仅作对照,不参与计算。"
               "“未接入”表示该项所属模块尚未启用,不是零。"),
             *[str(figure.line.note) for figure in summary.lines if figure.available and figure.line.note]]
    if differences:
        notes.append(_("与调研报告不同之处:") + ";".join(differences) + "。" + _(
            "本表只算系统中已登记、已审批的数据,不照录报告数:数据不全(如早年借款未补录)时偏小;"
            "调研报告所称代建总额1500万元与15个项目每个低于30万元(R5)的上限不符,按规则登记的项目不会达到。"))
    period = _("%(y1)s年%(m1)s月—%(y2)s年%(m2)s月") % {"y1": since.year, "m1": since.month, "y2": until.year,
                                                     "m2": until.month}
    return Report(title=_("扶贫互助合作社县级汇总表"), org=org, period=period, columns=columns, rows=rows,
                  notes=notes, unit=_("见各行"), landscape=several, signatures=[_("审核"), _("制表")],
                  filename=_("县级汇总表-%(org)s-%(y)s年%(m)s月") % {"org": org, "y": until.year, "m": until.month})


def _text(figure, value) -> str:
    return yuan(value, symbol=False) if figure.kind == MONEY else f"{value:,}"


def summary_url() -> str:
    return reverse("county_summary:summary")
