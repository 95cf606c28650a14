"""The fund's reports — portfolio quality (PAR30/PAR90, repayment rate) by village, township and county, the loan
register, the overdue list, the instalments due in the next 30 days, the fund statement by source, and one
loan's schedule — on screen with a filter, as PDF and as xlsx (coop.reports.respond), inside the user's scope.
Loan numbers link to the loan's schedule. The figures come from finance.fund.portfolio."""

from datetime import timedelta
from itertools import groupby

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.models import Township, Village
from coop.money import yuan
from coop.reports import Column, Report, respond
from finance.fund import portfolio
from finance.fund.models import Fund, Instalment, Loan, Repayment

SCREEN = "fund/report_screen.html"
KEYS = {"portfolio", "register", "overdue", "due-soon", "statement"}


def may_read(user) -> bool:
    """Whoever may see the fund's loans (finance/fund/rights.py) reads its portfolio, inside his scope."""
    return access.allows(user, access.VIEW, Loan)


class PortfolioFilter(forms.Form):
    on = forms.DateField(label=gettext_lazy("统计日期"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))
    township = forms.ModelChoiceField(Township.objects.none(), label=gettext_lazy("镇(街道)"), required=False,
                                      empty_label=gettext_lazy("全部"))
    village = forms.ModelChoiceField(Village.objects.none(), label=gettext_lazy("村"), required=False,
                                     empty_label=gettext_lazy("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.townships_of(user).order_by("code")
        self.fields["village"].queryset = access.villages_of(user).filter(cooperative__fund__isnull=False).order_by(
            "code")


def _scope(request):
    """The funds and loans the user may see, narrowed by the filter; the day; the heading's organisation."""
    if not may_read(request.user):
        raise PermissionDenied
    form = PortfolioFilter(request.GET or None, user=request.user)
    chosen = form.cleaned_data if form.is_valid() else {}
    funds = access.visible(request.user, Fund.objects.all())
    org = _("全县")
    if chosen.get("township"):
        funds = funds.filter(cooperative__village__township=chosen["township"])
        org = chosen["township"].name
    if chosen.get("village"):
        funds = funds.filter(cooperative__village=chosen["village"])
        org = chosen["village"].name
    if len(names := list(funds.values_list("name", flat=True)[:2])) == 1:
        org = names[0]
    on = chosen.get("on") or timezone.localdate()
    return form, funds, Loan.objects.filter(fund__in=funds), on, org


def report_view(request, key: str):
    if key not in KEYS:
        raise Http404
    form, funds, loans, on, org = _scope(request)
    built = {"portfolio": quality_report, "register": register_report, "overdue": overdue_report,
             "due-soon": due_soon_report, "statement": statement_report}[key](funds, loans, on, org)
    return respond(request, built, params=dict(request.GET.lists()), template_name=SCREEN,
                   extra_context={"filter_form": form})


def schedule_view(request, loan_pk: int):
    if not may_read(request.user):
        raise PermissionDenied
    loans = access.visible(request.user, Loan.objects.select_related(
        "member__household", "fund__cooperative__village").prefetch_related("member__household__persons"))
    loan = get_object_or_404(loans, pk=loan_pk)
    return respond(request, schedule_report(loan), params=dict(request.GET.lists()), template_name=SCREEN)


def _loan_link(loan) -> str:
    return reverse("fund:schedule", args=[loan.pk])


def _period(on) -> str:
    return _("截至 %(d)s") % {"d": f"{on:%Y年%m月%d日}"}


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


# ---------------------------------------------------------------- portfolio quality


def quality_report(funds, loans, on, org) -> Report:
    """Villages grouped by township, each township's 小计, the county's 合计."""
    by_village = portfolio.quality_by_village(loans, on=on)
    villages = (Village.objects.filter(cooperative__fund__in=funds).select_related("township")
                .order_by("township__code", "code"))
    rows, everything = [], []
    groups = [(t, list(items)) for t, items in groupby(villages, key=lambda v: v.township)]
    for township, items in groups:
        figures = [by_village.get(v.pk, portfolio.Quality()) for v in items]
        rows += [_quality_row(v.township.name, v.name, q) for v, q in zip(items, figures, strict=True)]
        if len(groups) > 1:
            rows.append({**_quality_row(township.name, _("小计"), portfolio.total(figures)), "_style": "subtotal"})
        everything += figures
    rows.append({**_quality_row(_("合计"), "", portfolio.total(everything)), "_style": "total"})
    return Report(
        title=_("互助资金借款质量统计表"), org=org, period=_period(on), landscape=True, rows=rows,
        columns=[Column("township", _("镇(街道)"), width=1.1), Column("village", _("村"), width=1.1),
                 Column("loans_out", _("在贷笔数"), "int", width=0.6), Column("lent", _("累计放款"), "money"),
                 Column("outstanding", _("贷款余额"), "money"),
                 Column("par30_amount", _("逾期30天以上余额"), "money", group="PAR30"),
                 Column("par30", _("比率"), width=0.75, group="PAR30"),
                 Column("par90_amount", _("逾期90天以上余额"), "money", group="PAR90"),
                 Column("par90", _("比率"), width=0.75, group="PAR90"),
                 Column("fallen_due", _("到期应还本息"), "money", group=_("到期还款率")),
                 Column("on_time", _("按期归还"), "money", group=_("到期还款率")),
                 Column("rate", _("比率"), width=0.75, group=_("到期还款率")),
                 Column("written_off", _("累计核销"), "money")],
        notes=[_("PAR30/PAR90:有一期逾期超过30/90天的借款的全部未还本金 ÷ 贷款余额;"
                 "到期还款率:到期日前(含)归还的本息 ÷ 到期应还本息(现行还款计划)。")],
        signatures=[_("审核"), _("制表")], filename=_("互助资金借款质量-%(org)s") % {"org": org})


def _quality_row(township, village, q: portfolio.Quality) -> dict:
    return {"township": township, "village": village, "loans_out": q.loans_out, "lent": q.lent,
            "outstanding": q.outstanding, "par30_amount": q.at_risk[30], "par30": _pct(q.par(30)),
            "par90_amount": q.at_risk[90], "par90": _pct(q.par(90)), "fallen_due": q.fallen_due,
            "on_time": q.on_time, "rate": _pct(q.repayment_rate), "written_off": q.written_off}


# ---------------------------------------------------------------- registers and lists


def register_report(funds, loans, on, org) -> Report:
    rows, totals = [], {"amount": portfolio.ZERO, "outstanding": portfolio.ZERO}
    for state in portfolio.loan_states(loans, on):
        loan = state.loan
        rows.append({"village": loan.fund.cooperative.village.name, "number": f"{loan.number:05d}",
                     "member": loan.member.display_name, "disbursed_on": loan.disbursed_on, "amount": loan.amount,
                     "term": _("%(n)s个月") % {"n": loan.term_months}, "method": loan.get_method_display(),
                     "rate": f"{loan.fee_rate_monthly.normalize()}‰", "outstanding": state.outstanding,
                     "late": state.days_late or "", "stage": loan.get_stage_display(),
                     "_links": {"number": _loan_link(loan)}})
        totals["amount"] += loan.amount
        totals["outstanding"] += state.outstanding
    rows.append({"village": _("合计 %(n)s 笔") % {"n": len(rows)}, **totals, "_style": "total"})
    return Report(
        title=_("互助资金借款台账"), org=org, period=_period(on), landscape=True, rows=rows,
        columns=[Column("village", _("村"), width=0.9), Column("number", _("借款编号"), width=0.6),
                 Column("member", _("借款户"), width=1.3), Column("disbursed_on", _("放款日期"), "date", width=0.8),
                 Column("amount", _("借款金额"), "money"), Column("term", _("期限"), width=0.5),
                 Column("method", _("还款方式"), width=1.1), Column("rate", _("月费率"), width=0.5),
                 Column("outstanding", _("本金余额"), "money"), Column("late", _("逾期天数"), "int", width=0.5),
                 Column("stage", _("状态"), width=0.6)],
        signatures=[_("理事长"), _("会计"), _("制表")], filename=_("互助资金借款台账-%(org)s") % {"org": org})


def overdue_report(funds, loans, on, org) -> Report:
    rows, sums = [], dict.fromkeys(("late_principal", "late_fee", "penalty", "outstanding"), portfolio.ZERO)
    for state in portfolio.overdue(portfolio.loan_states(loans, on)):
        loan = state.loan
        row = {"village": loan.fund.cooperative.village.name, "number": f"{loan.number:05d}",
               "member": loan.member.display_name, "phone": portfolio.phone_of(loan.member),
               "since": state.oldest_late, "days": state.days_late, "late_principal": state.late_principal,
               "late_fee": state.late_fee, "penalty": state.penalty_due, "outstanding": state.outstanding,
               "_links": {"number": _loan_link(loan)}}
        rows.append(row)
        for key in sums:
            sums[key] += row[key]
    rows.append({"village": _("合计 %(n)s 户") % {"n": len(rows)}, **sums, "_style": "total"})
    return Report(
        title=_("互助资金逾期借款清单"), org=org, period=_period(on), landscape=True, rows=rows,
        columns=[Column("village", _("村"), width=0.9), Column("number", _("借款编号"), width=0.6),
                 Column("member", _("借款户"), width=1.3), Column("phone", _("联系电话"), width=0.9),
                 Column("since", _("最早逾期期次应还日"), "date", width=0.9),
                 Column("days", _("逾期天数"), "int", width=0.5), Column("late_principal", _("逾期本金"), "money"),
                 Column("late_fee", _("逾期占用费"), "money"), Column("penalty", _("未付罚息"), "money"),
                 Column("outstanding", _("本金余额"), "money")],
        signatures=[_("理事长"), _("制表")], filename=_("互助资金逾期清单-%(org)s") % {"org": org})


def due_soon_report(funds, loans, on, org) -> Report:
    rows, sums = [], {"principal": portfolio.ZERO, "fee": portfolio.ZERO}
    for inst in portfolio.due_soon(loans, on):
        loan = inst.loan
        row = {"due_on": inst.due_on, "village": loan.fund.cooperative.village.name,
               "number": f"{loan.number:05d}", "member": loan.member.display_name,
               "phone": portfolio.phone_of(loan.member), "seq": inst.seq, "principal": inst.principal_due,
               "fee": inst.fee_due, "_links": {"number": _loan_link(loan)}}
        rows.append(row)
        sums["principal"] += row["principal"]
        sums["fee"] += row["fee"]
    rows.append({"due_on": None, "village": _("合计 %(n)s 期") % {"n": len(rows)}, **sums, "_style": "total"})
    return Report(
        title=_("互助资金30天内到期还款提醒"), org=org, landscape=False, rows=rows,
        period=_("%(a)s 至 %(b)s") % {"a": f"{on:%Y年%m月%d日}", "b": f"{on + timedelta(days=30):%Y年%m月%d日}"},
        columns=[Column("due_on", _("应还日期"), "date", width=0.8), Column("village", _("村"), width=0.8),
                 Column("number", _("借款编号"), width=0.6), Column("member", _("借款户"), width=1.2),
                 Column("phone", _("联系电话"), width=0.9), Column("seq", _("期次"), "int", width=0.4),
                 Column("principal", _("应还本金"), "money"), Column("fee", _("应付占用费"), "money")],
        signatures=[_("制表")], filename=_("互助资金到期提醒-%(org)s") % {"org": org})


# ---------------------------------------------------------------- the statement by source


def statement_report(funds, loans, on, org) -> Report:
    statement = portfolio.statement_by_source(funds, on=on)
    rows = [_source_row(line.label, line) for line in statement.lines]
    rows.append({**_source_row(_("合计"), statement.total), "_style": "total"})
    rows.append({"source": _("另:累计收取占用费、逾期占用费和罚息"), "received": statement.fee_income,
                 "_style": "muted"})
    return Report(
        title=_("互助资金分来源收支表"), org=org, period=_period(on), landscape=True, rows=rows,
        columns=[Column("source", _("资金来源"), width=1.8), Column("received", _("到位资金"), "money"),
                 Column("lent", _("累计借出"), "money"), Column("repaid", _("累计收回"), "money"),
                 Column("outstanding", _("借出余额"), "money"), Column("overdue", _("其中逾期"), "money"),
                 Column("written_off", _("累计核销"), "money"), Column("in_hand", _("结存"), "money")],
        notes=[_("每笔借款放款时按各来源可用资金比例拆分本金;收回、核销和余额按同一比例拆分(最大余数法,到分)。"
                 "结存 = 到位资金 − 借出余额 − 累计核销。")],
        signatures=[_("理事长"), _("会计"), _("镇财政所审核")],
        filename=_("互助资金分来源收支表-%(org)s") % {"org": org})


def _source_row(label, line) -> dict:
    return {"source": label, "received": line.received, "lent": line.lent, "repaid": line.repaid,
            "outstanding": line.outstanding, "overdue": line.overdue, "written_off": line.written_off,
            "in_hand": line.in_hand}


# ---------------------------------------------------------------- one loan's schedule


def schedule_report(loan) -> Report:
    """The loan's instalments (a rescheduled loan's superseded rows greyed), the paid columns and the status of
    each; the repayments in the notes."""
    today = timezone.localdate()
    rows = []
    for inst in Instalment.objects.filter(loan=loan).order_by("version", "seq"):
        if inst.superseded:
            status = _("已展期")
        elif inst.settled_on or (not inst.principal_due and not inst.fee_due):
            status = _("已结清")
        elif inst.due_on < today:
            status = _("逾期%(n)s天") % {"n": (today - inst.due_on).days}
        else:
            status = _("未到期")
        rows.append({"version": inst.version, "seq": inst.seq, "due_on": inst.due_on, "principal": inst.principal,
                     "fee": inst.fee, "paid_principal": inst.paid_principal, "paid_fee": inst.paid_fee,
                     "penalty": inst.paid_penalty, "status": status,
                     "_style": "muted" if inst.superseded else ""})
    notes = [_("%(d)s 还款 %(a)s 元(本金 %(p)s,占用费 %(f)s,罚息 %(x)s)%(r)s") % {
        "d": r.paid_on, "a": r.amount, "p": r.to_principal, "f": r.to_fee + r.to_overdue_fee, "x": r.to_penalty,
        "r": _(",收据 %(n)s") % {"n": r.receipt_no} if r.receipt_no else ""}
        for r in Repayment.objects.filter(loan=loan).order_by("paid_on", "pk")]
    return Report(
        title=_("互助资金借款还款计划"), org=loan.fund.name, period=_period(today), rows=rows, landscape=True,
        meta=[(_("借款编号"), f"{loan.number:05d}"), (_("借款户"), loan.member.display_name),
              (_("借款金额"), yuan(loan.amount)), (_("还款方式"), loan.get_method_display()),
              (_("放款日期"), str(loan.disbursed_on or "—")), (_("状态"), loan.get_stage_display())],
        columns=[Column("version", _("版本"), "int", width=0.4), Column("seq", _("期次"), "int", width=0.4),
                 Column("due_on", _("应还日期"), "date", width=0.8), Column("principal", _("应还本金"), "money"),
                 Column("fee", _("应付占用费"), "money"), Column("paid_principal", _("已还本金"), "money"),
                 Column("paid_fee", _("已付占用费"), "money"), Column("penalty", _("已付罚息"), "money"),
                 Column("status", _("状态"), width=0.7)],
        notes=notes or [_("尚无还款")], signatures=[_("借款人"), _("理事长"), _("会计")],
        filename=_("还款计划-%(fund)s-%(n)s") % {"fund": loan.fund.name, "n": f"{loan.number:05d}"})
