"""What the services print, through coop.reports (screen, A4 PDF, xlsx), scoped to the reader's villages:

* 服务组织收支表 — per organisation (a village's, or one): service records, households served, fee income, 代购代销
  commissions, management fees, wages, rents, equipment value, in the year;
* 报酬发放及R4核查表 — every payroll line of the year with the R4 result for the payee on the payroll's date;
* 设备台账 — the equipment of the organisations;
* 服务组织统计表 — the county's (or a township's) count of stations, teams and points by category, with service
  records and households served;
* 工资表 of one payroll (coop.payroll_sheet), and the 收据 of one fee receipt (services.printing).

Each report reads a constant number of queries, whatever the number of organisations."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.models import Village
from coop.money import yuan
from coop.payroll_sheet import CLEAR, SheetLine, payroll_sheet
from coop.reports import Column, Report, pdf_response, respond
from coop.reports.heading import compiled_by
from members.face import cadre_relations
from services import printing, queries
from services.models import (
    AgencyTrade,
    Equipment,
    FeeReceipt,
    ManagementFee,
    Payroll,
    PayrollLine,
    ServiceOrganisation,
    ServiceRecord,
)

ZERO = Decimal("0.00")
APPROVED = "approved"
Org = ServiceOrganisation


def _sums(model, organisations, year, field, *, by="organisation"):
    rows = (model.objects.filter(**{f"{by}__in": organisations}, status=APPROVED, on__year=year)
            .values_list(by).annotate(s=Sum(field)))
    return dict(rows)


def income_and_pay(organisations, year: int, *, org: str) -> Report:
    """服务组织收支表: one row per organisation, a 合计 line; approved money only."""
    organisations = list(organisations.select_related("cooperative__village").order_by(
        "cooperative__village__code", "name"))
    fees = _sums(FeeReceipt, organisations, year, "amount")
    commissions = _sums(AgencyTrade, organisations, year, "commission")
    management = _sums(ManagementFee, organisations, year, "amount")
    lines = (PayrollLine.objects.filter(payroll__organisation__in=organisations, payroll__status=APPROVED,
                                        payroll__on__year=year)
             .values_list("payroll__organisation", "kind").annotate(s=Sum("amount")))
    pay = {(org, kind): amount for org, kind, amount in lines}
    served = dict(ServiceRecord.objects.filter(organisation__in=organisations, on__year=year)
                  .values_list("organisation").annotate(n=Count("pk")))
    households = dict(ServiceRecord.objects.filter(organisation__in=organisations, on__year=year)
                      .values_list("organisation").annotate(h=Count("household", distinct=True)))
    equipment = dict(Equipment.objects.filter(organisation__in=organisations).exclude(condition="scrapped")
                     .values_list("organisation").annotate(s=Sum("value")))
    rows, totals = [], defaultdict(lambda: ZERO)
    for org in organisations:
        row = {"village": org.cooperative.village.name, "name": org.name,
               "kind": f"{org.get_form_display()}·{org.get_nature_display()[:2]}",
               "category": org.get_category_display(),
               "records": served.get(org.pk, 0), "households": households.get(org.pk, 0),
               "fees": fees.get(org.pk, ZERO), "commissions": commissions.get(org.pk, ZERO),
               "management": management.get(org.pk, ZERO), "wages": pay.get((org.pk, "wage"), ZERO),
               "rents": pay.get((org.pk, "rent"), ZERO), "equipment": equipment.get(org.pk, ZERO)}
        for key in ("records", "households", "fees", "commissions", "management", "wages", "rents", "equipment"):
            totals[key] += row[key]
        rows.append(row)
    rows.append({"village": _("合计 %(n)s 个") % {"n": len(organisations)}, **totals, "_style": "total"})
    return Report(
        title=_("专业服务组织收支表"), org=org, period=_("%(y)s年度") % {"y": year}, landscape=True,
        columns=[Column("village", _("村"), width=0.8), Column("name", _("服务组织"), width=1.5),
                 Column("kind", _("形式·性质"), width=0.8), Column("category", _("类别"), width=1.1),
                 Column("records", _("服务次数"), "int", width=0.6),
                 Column("households", _("服务户数"), "int", width=0.6),
                 Column("fees", _("服务费收入"), "money"), Column("commissions", _("代购代销佣金"), "money"),
                 Column("management", _("上交管理费"), "money"), Column("wages", _("劳务报酬"), "money"),
                 Column("rents", _("机械工具租金"), "money"), Column("equipment", _("设备价值"), "money")],
        notes=[_("收入、管理费和报酬只计镇财政所审核入账的;全部收入存入村集体银行账户(R1)。"),
               _("设备价值不含已报废的设备。")],
        rows=rows, signatures=[_("理事长"), _("镇财政所审核"), _("制表")], filename=_("专业服务组织收支表"))


def payees(organisations, year: int, *, org: str) -> Report:
    """报酬发放及R4核查表: every payroll line, with the R4 result for its payee on its payroll's date — the check kept
    at approval, or, for a pending payroll, judged now (one members.face call per distinct date)."""
    lines = list(PayrollLine.objects.filter(payroll__organisation__in=organisations, payroll__on__year=year)
                 .exclude(payroll__status="rejected")
                 .select_related("payroll__organisation__cooperative__village", "person__household")
                 .order_by("payroll__organisation__cooperative__village__code", "payroll__organisation__name",
                           "payroll__on", "pk"))
    pending = defaultdict(list)
    for line in lines:
        if not line.cadre_check:
            pending[line.payroll.on].append(line.person)
    judged = {on: cadre_relations(persons, on) for on, persons in pending.items()}
    rows, total = [], ZERO
    for line in lines:
        payroll = line.payroll
        check = line.cadre_check or judged[payroll.on].get(line.person_id) or CLEAR
        check = _(check) if check == CLEAR else check
        rows.append({"village": payroll.organisation.cooperative.village.name, "org": payroll.organisation.name,
                     "month": f"{payroll.year}-{payroll.month:02d}", "on": payroll.on, "name": line.person.name,
                     "kind": line.get_kind_display(), "item": line.item, "amount": line.amount,
                     "status": payroll.get_status_display(), "check": check})
        total += line.amount
    rows.append({"village": _("合计 %(n)s 行") % {"n": len(lines)}, "amount": total, "_style": "total"})
    return Report(
        title=_("服务组织报酬发放及R4核查表"), org=org, period=_("%(y)s年度") % {"y": year}, landscape=True,
        columns=[Column("village", _("村"), width=0.7), Column("org", _("服务组织"), width=1.3),
                 Column("month", _("所属月份"), width=0.6), Column("on", _("发放日期"), "date", width=0.8),
                 Column("name", _("收款人"), width=0.7), Column("kind", _("类型"), width=0.8),
                 Column("item", _("机械或工具"), width=0.7), Column("amount", _("金额"), "money", width=0.8),
                 Column("status", _("状态"), width=0.7), Column("check", _("R4 核查(发放日)"), width=2.2)],
        notes=[_("R4b:村干部及其直系亲属(配偶、父母、子女、祖父母、孙子女,以及同户人员)不得领取服务组织的劳务报酬或租金。")],
        rows=rows, signatures=[_("理事长"), _("镇财政所审核"), _("制表")], filename=_("服务组织报酬R4核查表"))


def equipment(organisations, *, org: str) -> Report:
    """设备台账 of the organisations."""
    items = list(Equipment.objects.filter(organisation__in=organisations)
                 .select_related("organisation__cooperative__village")
                 .order_by("organisation__cooperative__village__code", "organisation__name", "acquired_on", "pk"))
    rows = [{"village": e.organisation.cooperative.village.name, "org": e.organisation.name, "name": e.name,
             "kind": e.get_kind_display(), "quantity": e.quantity, "value": e.value, "source": e.get_source_display(),
             "condition": e.get_condition_display(), "location": e.location, "acquired": e.acquired_on}
            for e in items]
    rows.append({"village": _("合计"), "quantity": sum(e.quantity for e in items),
                 "value": sum((e.value for e in items), ZERO), "_style": "total"})
    return Report(
        title=_("服务组织设备台账"), org=org, period=_("截至 %(d)s") % {"d": f"{timezone.localdate():%Y年%m月%d日}"},
        landscape=True,
        columns=[Column("village", _("村"), width=0.7), Column("org", _("服务组织"), width=1.3),
                 Column("name", _("设备名称"), width=1.1), Column("kind", _("类别"), width=0.8),
                 Column("quantity", _("数量"), "int", width=0.5), Column("value", _("价值"), "money", width=0.8),
                 Column("source", _("来源"), width=0.7), Column("condition", _("状况"), width=0.6),
                 Column("location", _("存放地点"), width=1.1), Column("acquired", _("购置日期"), "date", width=0.8)],
        rows=rows, signatures=[_("理事长"), _("保管人"), _("制表")], filename=_("服务组织设备台账"))


def county_counts(organisations, year: int, *, org: str) -> Report:
    """服务组织统计表: per category the stations, teams and points, with the year's service records and households
    served — the county's line of DOMAIN.md §1 (57 stations, teams and points), computed."""
    counts = defaultdict(lambda: {"station": 0, "team": 0, "point": 0, "operating": 0})
    for category, form, nature, n in (organisations.values_list("category", "form", "nature")
                                      .annotate(n=Count("pk")).values_list("category", "form", "nature", "n")):
        counts[category][form] += n
        if nature == Org.Nature.OPERATING:
            counts[category]["operating"] += n
    records = dict(ServiceRecord.objects.filter(organisation__in=organisations, on__year=year)
                   .values_list("organisation__category").annotate(n=Count("pk")))
    households = dict(ServiceRecord.objects.filter(organisation__in=organisations, on__year=year)
                      .values_list("organisation__category").annotate(h=Count("household", distinct=True)))
    rows, totals = [], defaultdict(int)
    for category, label in Org.Category.choices:
        figures = counts.get(category, {"station": 0, "team": 0, "point": 0, "operating": 0})
        row = {"category": label, **figures, "total": sum(figures[k] for k in ("station", "team", "point")),
               "records": records.get(category, 0), "households": households.get(category, 0)}
        if not row["total"]:
            continue
        for key in ("station", "team", "point", "operating", "total", "records", "households"):
            totals[key] += row[key]
        rows.append(row)
    rows.append({"category": _("合计"), **totals, "_style": "total"})
    return Report(
        title=_("专业服务组织统计表"), org=org, period=_("%(y)s年度") % {"y": year},
        columns=[Column("category", _("服务类别"), width=1.4), Column("station", _("站"), "int", width=0.5),
                 Column("team", _("队"), "int", width=0.5), Column("point", _("点"), "int", width=0.5),
                 Column("total", _("合计"), "int", width=0.6), Column("operating", _("其中经营性"), "int", width=0.7),
                 Column("records", _("服务记录"), "int", width=0.7),
                 Column("households", _("服务户数"), "int", width=0.7)],
        notes=[_("服务户数按本村农户计,同一农户在同一类别内只计一次。")],
        rows=rows, signatures=[_("审核"), _("制表")], filename=_("专业服务组织统计表"))


def payroll(sheet: Payroll) -> Report:
    """工资表 of one payroll (coop.payroll_sheet): each line with its R4 check on the payroll's date and a column to
    sign."""
    lines = list(sheet.lines.select_related("person__household").order_by("person__household__number", "pk"))
    relations = cadre_relations([line.person for line in lines], sheet.on) if lines else {}
    organisation = sheet.organisation
    return payroll_sheet(
        title=_("%(o)s工资表") % {"o": organisation.name}, org=organisation.cooperative.name,
        period=_("%(y)s年%(m)s月(发放日期 %(d)s)") % {"y": sheet.year, "m": sheet.month, "d": f"{sheet.on:%Y-%m-%d}"},
        meta=[(_("服务组织"), organisation.name), (_("状态"), sheet.get_status_display())],
        columns=[Column("kind", _("类型"), width=0.8), Column("item", _("机械或工具"), width=0.8),
                 Column("quantity", _("天数(数量)"), width=0.6), Column("rate", _("单价"), "money", width=0.7)],
        lines=[SheetLine(name=line.person.name, group=line.person.household.group, amount=line.amount,
                         check=line.cadre_check or relations.get(line.person_id, ""),
                         cells={"kind": line.get_kind_display(), "item": line.item, "quantity": f"{line.quantity}",
                                "rate": line.rate}) for line in lines],
        notes=[_("R4b:村干部及其直系亲属不得领取服务组织的劳务报酬或租金,核查日期为发放日期。")],
        signatures=[_("服务组织负责人"), _("理事长"), _("镇财政所审核"), _("制表")],
        filename=_("工资表-%(o)s-%(y)s%(m)02d") % {"o": organisation.name, "y": sheet.year, "m": sheet.month})


def sanitation(organisations, year: int, *, org: str) -> Report:
    """环境卫生经费:each village's standard (the county's, by size), its three sources and the gap."""
    villages = Village.objects.filter(cooperative__service_organisations__in=organisations).distinct().order_by("code")
    rows, totals = [], defaultdict(lambda: ZERO)
    for found in queries.sanitation(villages, year):
        row = {"village": found.village.name, "size": found.village.get_size_display(), "standard": found.standard,
               "fiscal": found.fiscal, "collective": found.collective, "fees": found.fees, "total": found.total,
               "gap": found.gap,
               "state": _("达标") if found.met else _("差 %(g)s 元") % {"g": yuan(found.gap, symbol=False)}}
        for key in ("standard", "fiscal", "collective", "fees", "total", "gap"):
            totals[key] += row[key] or ZERO
        rows.append(row)
    short = sum(1 for row in rows if row["gap"])
    rows.append({"village": _("合计 %(n)s 个村") % {"n": len(rows)}, **totals,
                 "state": _("%(n)s 个村未达标") % {"n": short}, "_style": "total"})
    return Report(
        title=_("村级环境卫生经费保障情况表"), org=org, period=_("%(y)s年度") % {"y": year},
        columns=[Column("village", _("村"), width=0.9), Column("size", _("规模"), width=0.5),
                 Column("standard", _("年度标准"), "money"), Column("fiscal", _("财政拨款"), "money"),
                 Column("collective", _("集体积累补贴"), "money"), Column("fees", _("农户保洁费"), "money"),
                 Column("total", _("合计"), "money"), Column("gap", _("缺口"), "money"),
                 Column("state", _("是否达标"), width=0.9)],
        notes=[_("标准由县设定(大村 4,000 元、小村 3,000 元/年);财政拨款和集体积累补贴以镇财政所审核的为准,"
                 "农户保洁费为环境卫生服务组织当年经审核入账的收费。")],
        rows=rows, signatures=[_("理事长"), _("镇财政所审核"), _("制表")], filename=_("环境卫生经费保障情况表"))


REPORTS = {"income": income_and_pay, "payees": payees, "counts": county_counts, "sanitation": sanitation}
TABS = [("income", gettext_lazy("收支表")), ("payees", gettext_lazy("报酬及R4核查")),
        ("equipment", gettext_lazy("设备台账")), ("sanitation", gettext_lazy("环境卫生经费")),
        ("counts", gettext_lazy("统计表"))]


class Filter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)
    village = forms.ModelChoiceField(label=gettext_lazy("村"), queryset=Village.objects.none(), required=False)
    organisation = forms.ModelChoiceField(label=gettext_lazy("服务组织"), queryset=Org.objects.none(), required=False)

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["village"].queryset = access.visible(user, Village.objects.filter(cooperative__isnull=False))
        self.fields["organisation"].queryset = queries.visible_organisations(user)


def report_view(request, name: str = "income"):
    if not access.allows(request.user, access.VIEW, Org) or name not in {*REPORTS, "equipment"}:
        raise PermissionDenied
    form = Filter(request.GET or None, request.user)
    organisations = queries.visible_organisations(request.user)
    year = timezone.localdate().year
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        if form.cleaned_data["village"]:
            organisations = organisations.filter(cooperative__village=form.cleaned_data["village"])
        if form.cleaned_data["organisation"]:
            organisations = organisations.filter(pk=form.cleaned_data["organisation"].pk)
    org = compiled_by(request.user, village=form.cleaned_data["village"] if form.is_bound and form.is_valid() else None)
    built = equipment(organisations, org=org) if name == "equipment" else REPORTS[name](organisations, year, org=org)
    return respond(request, built, params=dict(request.GET.lists()), template_name="services/report_screen.html",
                   extra_context={"filter_form": form, "tabs": TABS, "current": name})


def payroll_view(request, pk: int):
    if not access.allows(request.user, access.VIEW, Payroll):
        raise PermissionDenied
    sheet = get_object_or_404(access.visible(request.user, Payroll.objects.select_related(
        "organisation__cooperative__village")), pk=pk)
    return respond(request, payroll(sheet), params=dict(request.GET.lists()))


def receipt_view(request, pk: int):
    if not access.allows(request.user, access.VIEW, FeeReceipt):
        raise PermissionDenied
    receipt = get_object_or_404(access.visible(request.user, FeeReceipt.objects.select_related(
        "organisation__cooperative", "record__schedule", "recorded_by", "voucher")), pk=pk)
    return pdf_response(printing.receipt_pdf(receipt), _("收据-%(n)s") % {"n": receipt.number})
