"""The compliance report (合规情况报告): for a period, per village, the refused attempts to break R1–R8 (the breach
log) and the breaches found by the three lines of supervision (findings), with the village's open rectifications —
how many, how many overdue, the nearest deadline and the longest overdue; and the list of those open rectifications.
On screen with a filter, as PDF and as xlsx (coop.reports.respond), inside the user's scope, in a fixed number of
queries whatever the number of villages."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.error_pages import BadParameter
from coop.errors import DOMAIN_ERRORS, Rule, explain_text
from coop.jobs.operations import enqueue_report
from coop.jobs.tables import FORMATS
from coop.models import Township, Village
from coop.reports import Column, Report, render_screen, respond
from coop.reports.heading import compiled_by
from supervision.admin import state_of
from supervision.models import Attempt, Finding, Rectification
from supervision.report_jobs import COMPLIANCE_JOB

SCREEN = "supervision/report_screen.html"
KEYS = {"villages", "rectifications"}
# The rules of the Liuba model, the report's columns: R1 … R8, R4 in its two parts.
RULES = [rule for rule in Rule if rule.is_domain_rule]


def may_read(user) -> bool:
    """Whoever reads the breach log (supervision/rights.py: the township, the auditors, the county) reads the
    report, inside his scope."""
    return access.allows(user, access.VIEW, Attempt)


class ComplianceFilter(forms.Form):
    start = forms.DateField(label=gettext_lazy("期间自"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    township = forms.ModelChoiceField(Township.objects.none(), label=gettext_lazy("镇(街道)"), required=False,
                                      empty_label=gettext_lazy("全部"))
    village = forms.ModelChoiceField(Village.objects.none(), label=gettext_lazy("村"), required=False,
                                     empty_label=gettext_lazy("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.townships_of(user).order_by("code")
        self.fields["village"].queryset = access.villages_of(user).order_by("code")


def _scope(user, query):
    """The villages the user may see, narrowed by the filter (`query`: the page's GET parameters); the period (this
    year to today by default); the heading's organisation."""
    if not may_read(user):
        raise PermissionDenied
    form = ComplianceFilter(query or None, user=user)
    chosen = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    end = chosen.get("end") or today
    start = chosen.get("start") or date(end.year, 1, 1)
    villages = access.villages_of(user)
    if chosen.get("township"):
        villages = villages.filter(township=chosen["township"])
    if chosen.get("village"):
        villages = villages.filter(pk=chosen["village"].pk)
    org = compiled_by(user, township=chosen.get("township"), village=chosen.get("village"))
    whole_scope = not (chosen.get("township") or chosen.get("village"))
    return form, villages, start, end, org, whole_scope


def build(user, query, key: str):
    """The report `key` as `user` asked for it with the filter `query`: (filter form, report, villages read)."""
    if key not in KEYS:
        raise Http404
    form, villages, start, end, org, whole_scope = _scope(user, query)
    if key == "villages":
        return form, village_report(user, villages, start, end, org, whole_scope=whole_scope), villages
    return form, rectification_report(user, villages, org), villages


def report_view(request, key: str):
    """On screen, and as PDF/xlsx (`?format=`) at once; a page across several townships (county-wide) offers its
    PDF and xlsx as background jobs (job_view) instead of those links, since laying them out takes long."""
    form, built, villages = build(request.user, request.GET, key)
    params = dict(request.GET.lists())
    if "format" not in request.GET and villages.values("township").distinct().count() > 1:
        return render_screen(request, built, template_name=SCREEN, extra_context={
            "filter_form": form, "job_url": reverse("supervision:report_job", args=[key]) + "?" + urlencode(
                {k: v for k, v in params.items() if k != "format"}, doseq=True)})
    return respond(request, built, params=params, template_name=SCREEN, extra_context={"filter_form": form})


def job_view(request, key: str):
    """POST: the report as a background job in the chosen format (pdf/xlsx); answers with the job's page."""
    if request.method != "POST":
        raise PermissionDenied
    output = request.POST.get("format")
    if output not in FORMATS:
        raise BadParameter(_("请选择 PDF 或 Excel"))
    _form, built, villages = build(request.user, request.GET, key)
    query = {k: v for k, v in request.GET.lists() if k != "format"}
    try:
        job = enqueue_report(kind=COMPLIANCE_JOB, by=request.user, title=f"{built.title}-{built.org}({built.period})",
                             params={"key": key, "query": query, "format": output},
                             villages=set(villages.values_list("pk", flat=True)), unit=_("步"))
    except DOMAIN_ERRORS as exc:
        messages.error(request, explain_text(exc))
        return HttpResponseRedirect(reverse("supervision:report", args=[key]) + "?" + urlencode(query, doseq=True))
    return HttpResponseRedirect(reverse("admin:jobs_reportjob_change", args=[job.pk]))


def _period(start, end) -> str:
    return _("%(start)s 至 %(end)s") % {"start": f"{start:%Y年%m月%d日}", "end": f"{end:%Y年%m月%d日}"}


def _counts_by_village(queryset, village_key: str) -> dict[tuple, int]:
    rows = queryset.order_by().values(village_key, "rule").annotate(n=Count("pk"))
    return {(row[village_key], row["rule"]): row["n"] for row in rows}


def village_report(user, villages, start, end, org, *, whole_scope: bool = True) -> Report:
    """One row per village (by township, with 小计 when there are several townships), the county's 合计; refusals
    tied to no village (a command run by the county, say) in a row of their own for whoever may read them. Four
    queries: the villages, the attempts, the findings, the open rectifications."""
    today = timezone.localdate()
    attempts = access.visible(user, Attempt.objects.filter(at__date__gte=start, at__date__lte=end))
    if not whole_scope:
        attempts = attempts.filter(village__in=villages)
    tried = _counts_by_village(attempts, "village_id")
    found = _counts_by_village(
        access.visible(user, Finding.objects.filter(village__in=villages, inspection__inspected_on__gte=start,
                                                    inspection__inspected_on__lte=end)), "village_id")
    open_rects = {row["finding__village_id"]: row for row in access.visible(user, Rectification.objects.filter(
        Rectification.open_q(), finding__village__in=villages)).order_by().values("finding__village_id").annotate(
        n=Count("pk"), overdue=Count("pk", filter=Rectification.overdue_q(today)), nearest=Min("deadline"),
        oldest_overdue=Min("deadline", filter=Rectification.overdue_q(today)))}
    rows, everything, groups = [], [], {}
    for village in villages.select_related("township").order_by("township__code", "code"):
        groups.setdefault(village.township, []).append(village)
    for township, members in groups.items():
        block = [_village_row(township.name, v.name, v.pk, tried, found, open_rects.get(v.pk), today)
                 for v in members]
        rows += block
        if len(groups) > 1:
            rows.append({**_sum(block, township.name, _("小计")), "_style": "subtotal"})
        everything += block
    if any(village_id is None for village_id, _rule in tried):
        unplaced = _village_row(_("未关联到村"), "", None, tried, {}, None, today)
        rows.append({**unplaced, "_style": "muted"})
        everything.append(unplaced)
    rows.append({**_sum(everything, _("合计"), ""), "_style": "total"})
    for row in rows:
        for rule in RULES:
            tried, found = row[f"tried_{rule.value}"], row[f"found_{rule.value}"]
            row[f"rule_{rule.value}"] = f"{tried}/{found}" if tried or found or row.get("_style") else ""
    columns = [Column("township", _("镇(街道)"), width=1.2), Column("village", _("村"), width=1.2)]
    # one column a rule, "拦截/查实" in each cell: two columns a rule did not fit a 1280 px window nor A4
    columns += [Column(f"rule_{rule.value}", rule.value, group=_("拦截/查实"), width=0.55) for rule in RULES]
    columns += [Column("open", _("未验收"), "int", group=_("整改"), width=0.6),
                Column("overdue", _("逾期"), "int", group=_("整改"), width=0.5),
                Column("nearest", _("最近期限"), "date", group=_("整改"), width=1.0),
                Column("overdue_days", _("最长逾期天数"), "int", group=_("整改"), width=0.7)]
    return Report(
        title=_("村级合规情况报告"), org=org, period=_period(start, end), landscape=True, rows=rows, columns=columns,
        unit=_("次"),
        notes=[_("每格“拦截/查实”:拦截为系统拒绝的违规操作(违规操作尝试记录,按操作时间),查实为监督检查发现的问题"
                 "(按检查日期),空白为两者皆无;"
                 "整改:截至今天尚未验收的整改,逾期指过了整改期限仍未完成。"),
               "; ".join(f"{rule.label}" for rule in RULES)],
        signatures=[_("审核"), _("制表")], filename=_("合规情况报告-%(org)s") % {"org": org})


def _village_row(township, village, village_id, tried, found, rects, today) -> dict:
    row = {"township": township, "village": village}
    for rule in RULES:
        row[f"tried_{rule.value}"] = tried.get((village_id, rule.value), 0)
        row[f"found_{rule.value}"] = found.get((village_id, rule.value), 0)
    rects = rects or {}
    row.update(open=rects.get("n", 0), overdue=rects.get("overdue", 0), nearest=rects.get("nearest"),
               overdue_days=(today - rects["oldest_overdue"]).days if rects.get("oldest_overdue") else "")
    return row


def _sum(block, township, village) -> dict:
    keys = [f"{kind}_{rule.value}" for rule in RULES for kind in ("tried", "found")] + ["open", "overdue"]
    total = {key: sum(row[key] for row in block) for key in keys}
    days = [row["overdue_days"] for row in block if row["overdue_days"] != ""]
    return {"township": township, "village": village, **total, "overdue_days": max(days) if days else ""}


def rectification_report(user, villages, org) -> Report:
    """Every rectification not yet verified in the villages, the most overdue first: one query."""
    today = timezone.localdate()
    rects = (access.visible(user, Rectification.objects.filter(Rectification.open_q(), finding__village__in=villages))
             .select_related("finding__village__township", "finding__inspection", "responsible")
             .order_by("deadline", "pk"))
    rows = []
    for rect in rects:
        finding = rect.finding
        late = (today - rect.deadline).days if rect.done_on is None and rect.deadline < today else ""
        rows.append({"village": f"{finding.village.township.name} {finding.village.name}", "rule": finding.rule,
                     "inspection": str(finding.inspection), "requirement": rect.requirement,
                     "responsible": rect.responsible.get_full_name() or rect.responsible.get_username(),
                     "deadline": rect.deadline, "overdue_days": late, "state": state_of(rect)})
    rows.append({"village": _("合计 %(n)s 项") % {"n": len(rows)}, "_style": "total"})
    return Report(
        title=_("未验收整改清单"), org=org, period=_("截至 %(d)s") % {"d": f"{today:%Y年%m月%d日}"}, landscape=True,
        rows=rows, unit="",
        columns=[Column("village", _("村"), width=1.4), Column("rule", _("规则"), width=0.5),
                 Column("inspection", _("监督检查"), width=1.6), Column("requirement", _("整改要求"), width=2.6),
                 Column("responsible", _("责任人"), width=0.8), Column("deadline", _("整改期限"), "date", width=0.9),
                 Column("overdue_days", _("逾期天数"), "int", width=0.6), Column("state", _("状态"), width=1.0)],
        signatures=[_("审核"), _("制表")], filename=_("未验收整改清单-%(org)s") % {"org": org})
