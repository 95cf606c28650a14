"""What the projects print: the project file (every step dated and signed, one PDF), the payroll sheet (工资表, with
a column to sign), the register of all projects (xlsx) and the overview by village, type and status — through the
shared coop.reports module, scoped to the reader's villages."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.payroll_sheet import SheetLine, payroll_sheet
from coop.reports import (
    Column,
    Report,
    pdf_response,
    render_pdf,
    render_pdf_template,
    render_xlsx,
    respond,
    xlsx_response,
)
from coop.reports.heading import compiled_by
from members.face import cadre_relations
from projects import queries
from projects.models import Payment, Project, Variation

ZERO = Decimal("0.00")
APPROVED = Payment.Status.APPROVED


def _approved_sum(model):
    rows = (model.objects.filter(project=OuterRef("pk"), status=APPROVED).values("project")
            .annotate(s=Sum("amount")).values("s"))
    return Coalesce(Subquery(rows), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))


def with_money(projects):
    """The projects with `paid` (approved payments) and `varied` (approved variations), in the same query."""
    return projects.annotate(paid=_approved_sum(Payment), varied=_approved_sum(Variation))


def _today() -> str:
    return _("截至 %(d)s") % {"d": f"{timezone.localdate():%Y年%m月%d日}"}


def register(projects, *, org: str) -> Report:
    """项目台账: one row per project, the money as it stands (budget with its variations, contract, paid)."""
    rows, totals = [], defaultdict(lambda: ZERO)
    for project in with_money(projects.select_related("cooperative__village__township", "contract")
                              .order_by("cooperative__village__code", "planned_start", "pk")):
        contract = getattr(project, "contract", None)
        row = {"village": project.village.name, "number": project.number, "name": project.name,
               "kind": project.get_kind_display(), "body": project.body_name,
               "funding": project.get_funding_display(), "start": project.planned_start,
               "end": project.planned_end, "investment": project.total_investment + project.varied,
               "contract": contract.amount if contract else None, "paid": project.paid,
               "status": project.get_status_display()}
        for key in ("investment", "contract", "paid"):
            totals[key] += row[key] or ZERO
        rows.append(row)
    rows.append({"village": _("合计 %(n)s 个项目") % {"n": len(rows)}, **totals, "_style": "total"})
    return Report(
        title=_("代建项目台账"), org=org, period=_today(), landscape=True,
        columns=[Column("village", _("村"), width=0.8), Column("number", _("编号"), width=0.6),
                 Column("name", _("项目名称"), width=2), Column("kind", _("类型"), width=0.7),
                 Column("body", _("委托方"), width=1.4), Column("funding", _("资金性质"), width=1),
                 Column("start", _("计划开工"), "date", width=0.8), Column("end", _("计划竣工"), "date", width=0.8),
                 Column("investment", _("总投资"), "money"), Column("contract", _("合同金额"), "money"),
                 Column("paid", _("已支付"), "money"), Column("status", _("状态"), width=0.8)],
        notes=[_("总投资含已批准的工程变更;已支付只计镇审核通过的支付。")],
        rows=rows, signatures=[_("审核"), _("制表")], filename=_("代建项目台账"))


def overview(projects, *, org: str) -> Report:
    """代建项目汇总: per village, one row per type and status (count, investment, paid), a 小计 per village and the
    合计 — the county's or a township's view of its projects."""
    groups: dict = defaultdict(lambda: {"count": 0, "investment": ZERO, "paid": ZERO})
    for project in with_money(projects.select_related("cooperative__village__township")):
        village = project.village
        key = (village.township.code, village.code, village.township.name, village.name,
               project.get_kind_display(), project.get_status_display())
        figures = groups[key]
        figures["count"] += 1
        figures["investment"] += project.total_investment + project.varied
        figures["paid"] += project.paid
    rows, total, current, subtotal = [], _figures(), None, None
    for key in sorted(groups):
        if key[:4] != current:
            if subtotal:
                rows.append(subtotal)
            current = key[:4]
            subtotal = {"village": _("%(v)s 小计") % {"v": key[3]}, **_figures(), "_style": "subtotal"}
        figures = groups[key]
        rows.append({"township": key[2], "village": key[3], "kind": key[4], "status": key[5], **figures})
        for bucket in (subtotal, total):
            for name, value in figures.items():
                bucket[name] += value
    if subtotal:
        rows.append(subtotal)
    rows.append({"township": _("合计"), **total, "_style": "total"})
    return Report(
        title=_("代建项目汇总表"), org=org, period=_today(),
        columns=[Column("township", _("镇(街道)"), width=0.9), Column("village", _("村"), width=1.1),
                 Column("kind", _("项目类型"), width=0.9), Column("status", _("状态"), width=0.9),
                 Column("count", _("项目数"), "int", width=0.5), Column("investment", _("总投资"), "money"),
                 Column("paid", _("已支付"), "money")],
        notes=[_("R5:每个代建项目总投资(含变更)低于 300,000 元。")],
        rows=rows, signatures=[_("审核"), _("制表")], filename=_("代建项目汇总表"))


def _figures() -> dict:
    return {"count": 0, "investment": ZERO, "paid": ZERO}


def payroll(payment: Payment) -> Report:
    """工资表 of one wage payment (coop.payroll_sheet): each labour record (person, group, days, wage, amount), the R4
    check of the payee on the payment date, and a blank column the worker signs on receipt."""
    project = payment.project
    records = list(payment.labour.select_related("person__household").order_by("person__household__number",
                                                                                 "on", "pk"))
    relations = cadre_relations([record.person for record in records], payment.on) if records else {}
    lines = [SheetLine(name=record.person.name, group=record.person.household.group, amount=record.amount,
                       check=relations.get(record.person.pk, ""),
                       cells={"on": record.on, "days": f"{record.days}", "wage": record.daily_wage})
             for record in records]
    days = sum((record.days for record in records), Decimal("0"))
    return payroll_sheet(
        title=_("劳务工资发放表"), org=project.cooperative.name, period=f"{payment.on:%Y年%m月%d日}",
        meta=[(_("项目"), project.name), (_("支付"), payment.get_status_display())], lines=lines,
        columns=[Column("on", _("用工日期"), "date", width=0.8), Column("days", _("工日"), width=0.5),
                 Column("wage", _("日工资"), "money", width=0.7)], totals={"days": f"{days}"},
        notes=[_("R4:村干部及其近亲属不得领取代建项目劳务工资,核查日期为支付日期。")],
        signatures=[_("施工队负责人"), _("理事长"), _("镇财政所审核"), _("制表")],
        filename=_("工资表-%(p)s-%(d)s") % {"p": project.name, "d": f"{payment.on:%Y%m%d}"})


def project_file(project: Project) -> bytes:
    """项目档案: one PDF with every step, dated and signed, in order."""
    payments = list(project.payments.prefetch_related("lines__person").order_by("on", "pk"))
    checks = {}
    for payment in payments:
        people = [line.person for line in payment.lines.all() if line.person]
        found = cadre_relations(people, payment.on) if people else {}
        checks.update({(payment.pk, person.pk): found.get(person.pk) for person in people})
    rows = [{"payment": payment, "lines": [{"line": line, "checked": line.person_id is not None,
                                            "relation": checks.get((payment.pk, line.person_id))}
                                           for line in payment.lines.all()]} for payment in payments]
    labour = list(project.labour.select_related("person__household", "payment").order_by("on", "pk"))
    competition = getattr(project, "competition", None)
    acceptance = getattr(project, "acceptance", None)
    context = {
        "project": project, "village": project.village, "application": getattr(project, "application", None),
        "approval": getattr(project, "approval", None), "entrustment": getattr(project, "entrustment", None),
        "competition": competition,
        "quotes": list(competition.quotes.order_by("price")) if competition else [],
        "statements": list(competition.statements.all()) if competition else [],
        "contract": getattr(project, "contract", None), "receipts": list(project.receipts.order_by("on", "pk")),
        "variations": list(project.variations.order_by("on", "pk")), "payments": rows, "labour": labour,
        "rentals": list(project.rentals.select_related("owner").order_by("on", "pk")),
        "acceptance": acceptance, "committee": list(acceptance.members.all()) if acceptance else [],
        "settlement": getattr(project, "settlement", None), "audit": getattr(project, "audit", None),
        "asset": getattr(project, "asset", None),
        "total": queries.current_total(project), "paid": queries.paid(project, pending=False),
        "today": timezone.localdate(),
    }
    return render_pdf_template("projects/project_file.html", context)


def _projects(request):
    if not access.allows(request.user, access.VIEW, Project):
        raise PermissionDenied
    return queries.visible_projects(request.user)


def overview_view(request):
    return respond(request, overview(_projects(request), org=compiled_by(request.user)),
                   params=dict(request.GET.lists()))


def register_view(request):
    built = register(_projects(request), org=compiled_by(request.user))
    if request.GET.get("format") == "pdf":
        return pdf_response(render_pdf(built), built.filename)
    return xlsx_response(render_xlsx(built), built.filename)


def project_file_view(request, pk: int):
    project = get_object_or_404(_projects(request), pk=pk)
    return pdf_response(project_file(project), _("项目档案-%(p)s") % {"p": project.name})


def payroll_view(request, payment_pk: int):
    visible = _projects(request)
    payment = get_object_or_404(Payment.objects.select_related("project__cooperative__village"),
                                pk=payment_pk, project__in=visible)
    if payment.kind != Payment.Kind.WAGES:
        raise Http404
    return respond(request, payroll(payment), params=dict(request.GET.lists()))
