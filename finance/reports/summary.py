"""村级账务汇总表: every village's books on one page for the township finance office and the county (auditor,
administrator), on screen with links into each ledger and its reports, as PDF and as xlsx. A chairman is not
offered it: his village's own reports say everything it would.

Under the ledger's table, a second one (业务台账) holds the figures the registers declared (the mutual-aid fund,
agency-built projects; finance.summary.declare_figures), the same villages in the same order: below it on the page
and in the PDF, on a second sheet of the xlsx."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import groupby

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.models import Township
from coop.reports import (
    Column,
    Report,
    pdf_response,
    render_pdf_template,
    render_xlsx,
    report_context,
    respond,
    xlsx_response,
)
from coop.reports.heading import compiled_by
from coop.roles import Level, level_of
from finance.models import Ledger, Period, Voucher
from finance.queries import month_bounds
from finance.summary import WAITING, books_summary, declared_figures

MONEY_KEYS = ("cash", "bank", "shares", "income", "expenses", "surplus")
LINKED_REPORTS = {"cash": "cash-journal", "bank": "bank-journal", "shares": "trial-balance",
                  "income": "income-statement", "expenses": "income-statement", "surplus": "income-statement"}


def may_see(user) -> bool:
    """The township officer (his township), the county's roles (the county); nobody scoped to a village."""
    if not access.allows(user, access.VIEW, Voucher):
        return False
    if user.is_superuser and not user.role:
        return True
    return level_of(user.role) in (Level.COUNTY, Level.TOWNSHIP)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class SummaryFilter(forms.Form):
    start = forms.DateField(label=gettext_lazy("自"), input_formats=["%Y-%m"], widget=MonthInput())
    end = forms.DateField(label=gettext_lazy("至"), input_formats=["%Y-%m"], widget=MonthInput())
    township = forms.ModelChoiceField(Township.objects.none(), label=gettext_lazy("镇(街道)"), required=False,
                                      empty_label=gettext_lazy("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.townships_of(user).order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("起始月份不能晚于截止月份"))
        return data


def summary_view(request):
    if not may_see(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("start", f"{today.year}-01")
    params.setdefault("end", f"{today.year}-{today.month:02d}")
    form = SummaryFilter(params, user=request.user)
    ledgers = access.visible(request.user, Ledger.objects.all())
    if form.is_valid():
        start, end = form.cleaned_data["start"], month_end(form.cleaned_data["end"])
        if form.cleaned_data["township"]:
            ledgers = ledgers.filter(village__township=form.cleaned_data["township"])
    else:
        start, end, ledgers = date(today.year, 1, 1), month_end(today), ledgers.none()
    books, registers = build(books_summary(ledgers, start, end), start, end, org=org_of(request.user, form))
    output = request.GET.get("format")
    if output == "pdf":
        context = {**report_context(books), "registers": report_context(registers) if registers else None}
        return pdf_response(render_pdf_template("finance/books_summary_pdf.html", context), books.filename)
    if output == "xlsx":
        return xlsx_response(render_xlsx(books, *[registers] if registers else []), books.filename)
    return respond(request, books, params=params, template_name="finance/books_summary.html", extra_context={
        "filter_form": form, "registers": report_context(registers) if registers else None})


def build(books, start: date, end: date, *, org: str) -> tuple[Report, Report | None]:
    """Two tables with the same rows — the villages of each township, its 小计 when more than one township shows,
    the 合计 —: the ledger's own figures, and the figures the registers declared (finance.summary.declare_figures),
    each register's columns under its heading; None for the second when no register declared any. Two tables, not
    one wide one, so that a village's row stays on one line of a 1280 px screen however many registers declare."""
    ledger_rows, register_rows, total, everyone = [], [], _zero(), []
    by_township = [(t, list(items)) for t, items in groupby(books, key=lambda b: b.village.township)]
    for township, items in by_township:
        subtotal = _zero()
        for book in items:
            row = _village_row(book, end)
            ledger_rows.append(row)
            register_rows.append({"township": row["township"], "village": row["village"],
                                  "_links": {"village": row["_links"]["village"]}, **book.extra})
            _add(subtotal, book)
            _add(total, book)
        everyone += items
        if len(by_township) > 1:
            names = {"township": township.name, "village": _("小计"), "_style": "subtotal"}
            ledger_rows.append({**names, **subtotal})
            register_rows.append({**names, **_combined(items)})
    names = {"township": _("合计"), "_style": "total"}
    ledger_rows.append({**names, **total})
    register_rows.append({**names, **_combined(everyone)})
    period = _("%(y1)s年%(m1)s月—%(y2)s年%(m2)s月") % {"y1": start.year, "m1": start.month, "y2": end.year,
                                                     "m2": end.month}
    signatures = [_("审核"), _("制表")]
    ledger = Report(
        title=_("村级账务汇总表"), org=org, period=period,
        columns=[
            *_name_columns(),
            Column("cash", _("库存现金"), "money"), Column("bank", _("银行存款"), "money"),
            Column("shares", _("股金"), "money"), Column("income", _("收入"), "money", group=_("本期")),
            Column("expenses", _("支出"), "money", group=_("本期")),
            Column("surplus", _("收益"), "money", group=_("本期")),
            Column("waiting", _("待审批凭证"), "int", width=0.7),
            Column("last_posted", _("最近记账"), "date", width=0.8),
            Column("last_closed", _("已结账至"), width=0.9),
            Column("end_month", _("%(m)s月结账") % {"m": end.month}, width=0.7)],
        rows=ledger_rows, landscape=True, signatures=signatures,
        notes=[_("库存现金、银行存款、股金为期末余额(含期初余额);收入、支出、收益不含年末结转凭证;"
                 "待审批凭证为已提交或已审核、尚未记账的凭证")],
        filename=_("村级账务汇总表-%(org)s-%(y)s年%(m)s月") % {"org": org, "y": end.year, "m": end.month})
    declared = declared_figures()
    if not declared:
        return ledger, None
    registers = Report(
        title=_("业务台账"), org=org, period=_("截至%(y)s年%(m)s月%(d)s日") % {"y": end.year, "m": end.month,
                                                                         "d": end.day},
        columns=[*_name_columns(), *[replace(column, group=str(figures.heading or column.group))
                                     for figures in declared for column in figures.columns()]],
        rows=register_rows, landscape=True, signatures=signatures,
        notes=[_("业务台账各栏为截至期末的累计数或余额,不受起始月份影响")],
        filename=ledger.filename)
    return ledger, registers


def _name_columns() -> list[Column]:
    return [Column("township", _("镇(街道)"), width=1.3), Column("village", _("村"), width=1.3)]


def _village_row(book, end: date) -> dict:
    village = book.village
    query = "?" + urlencode({"year": end.year, "month": end.month})
    links = {key: reverse("finance:report", args=[village.code, report]) + query
             for key, report in LINKED_REPORTS.items()}
    links["village"] = reverse("admin:finance_ledger_change", args=[book.ledger.pk])
    if book.waiting:
        links["waiting"] = reverse("admin:finance_voucher_changelist") + "?" + urlencode(
            {"ledger__id__exact": book.ledger.pk, "status__in": ",".join(WAITING)})
    status = Period.Status(book.end_month).label if book.end_month else _("未开启")
    return {
        "township": village.township.name, "village": village.name,
        **{key: getattr(book, key) for key in MONEY_KEYS}, "waiting": book.waiting,
        "last_posted": timezone.localdate(book.last_posted) if book.last_posted else "—",
        "last_closed": _("%(y)s年%(m)s月") % dict(zip("ym", book.last_closed, strict=True))
        if book.last_closed else "—",
        "end_month": status, "_links": links, **book.extra,
    }


def _combined(books) -> dict:
    out = {}
    for figures in declared_figures():
        out.update(figures.combine([book.extra for book in books]))
    return out


def _zero() -> dict:
    return {**dict.fromkeys(MONEY_KEYS, Decimal("0.00")), "waiting": 0}


def _add(sums: dict, book) -> None:
    for key in MONEY_KEYS:
        sums[key] += getattr(book, key)
    sums["waiting"] += book.waiting


def month_end(day: date) -> date:
    return month_bounds(day.year, day.month)[1]


def org_of(user, form) -> str:
    """The heading's 编制单位 for the summary filter's township, else the reader's own scope."""
    return compiled_by(user, township=form.cleaned_data.get("township") if form.is_valid() else None)
