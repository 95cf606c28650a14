"""贴息贷款利息及贴息明细表 (per loan, per period: principal, interest due and paid, penalty, subsidisable, claimed,
received) through the shared report module (screen, PDF, xlsx), and the 贴息申请表 as a PDF of its own with the
amount in capital numerals and the lines for signatures and seals."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coop import access
from coop.models import Cooperative
from coop.money import daxie, split, yuan
from coop.reports import Column, Report, pdf_response, render_pdf_template, respond
from finance.bankloan.models import BankLoan, InterestPayment, InterestPeriod, SubsidyClaim, SubsidyClaimLine

ZERO = Decimal("0.00")
SUMMED = ("interest_due", "interest_paid", "penalty_due", "penalty_paid", "subsidisable", "claimed", "received")


def received_by_line(claim: SubsidyClaim, lines: list[SubsidyClaimLine]) -> dict[int, Decimal]:
    """The subsidy received, shared over the claim's lines in proportion to their amounts (largest remainder), so
    the lines add up to what arrived."""
    if not claim.is_received or not lines:
        return {}
    return dict(zip((ln.pk for ln in lines), split(claim.received_amount, [ln.amount for ln in lines]), strict=True))


def percent(rate: Decimal) -> str:
    """4.3500 → 4.35%, 100.0000 → 100%."""
    return f"{rate:f}".rstrip("0").rstrip(".") + "%"


def claim_state(claim: SubsidyClaim) -> str:
    if claim.is_received:
        return "已到账"
    return {"pending": "待镇审核", "approved": "镇已审核"}.get(claim.status, claim.get_status_display())


def statement(cooperative) -> Report:
    """Every computed interest period of the cooperative's loans, loan by loan, with a subtotal per loan and a
    total: a fixed number of queries whatever the number of loans and periods."""
    lines = SubsidyClaimLine.objects.filter(claimed=True).select_related("claim")
    periods = InterestPeriod.objects.order_by("start").prefetch_related(
        Prefetch("payments", queryset=InterestPayment.objects.filter(status="approved")),
        Prefetch("claim_lines", queryset=lines, to_attr="live_lines"))
    loans = (BankLoan.objects.filter(cooperative=cooperative).order_by("signed_on", "pk")
             .prefetch_related(Prefetch("periods", queryset=periods)))
    claims = {c.pk: c for c in SubsidyClaim.objects.filter(cooperative=cooperative).prefetch_related(
        Prefetch("lines", queryset=SubsidyClaimLine.objects.filter(claimed=True).order_by("pk"), to_attr="live"))}
    received = {pk: amount for claim in claims.values() for pk, amount in received_by_line(claim, claim.live).items()}
    rows, total = [], dict.fromkeys(SUMMED, ZERO)
    for loan in loans:
        heading = f"{loan.bank} {loan.contract_number} {yuan(loan.principal)} 年利率{percent(loan.annual_rate)}"
        rows.append({"period": f"{heading} 至{loan.maturity:%Y-%m-%d}", "_style": "heading"})
        sub = dict.fromkeys(SUMMED, ZERO)
        for period in loan.periods.all():
            payments = list(period.payments.all())
            line = period.live_lines[0] if period.live_lines else None
            row = {"period": f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}", "days": period.days,
                   "principal": period.closing_principal, "interest_due": period.interest_due,
                   "interest_paid": sum((p.interest for p in payments), ZERO), "penalty_due": period.penalty_due,
                   "penalty_paid": sum((p.penalty for p in payments), ZERO),
                   "subsidisable": period.subsidisable_interest, "claimed": line.amount if line else ZERO,
                   "received": received.get(line.pk, ZERO) if line else ZERO,
                   "claim": claim_state(claims[line.claim_id]) if line else ""}
            for key in SUMMED:
                sub[key] += row[key]
            rows.append(row)
        rows.append({"period": "小计", **sub, "_style": "subtotal"})
        for key in SUMMED:
            total[key] += sub[key]
    rows.append({"period": "合计", **total, "_style": "total"})
    return Report(
        title="贴息贷款利息及贴息明细表", org=cooperative.name, period=f"截至 {timezone.localdate():%Y年%m月%d日}",
        landscape=True,
        columns=[Column("period", "计息期", width=2.8), Column("days", "天数", "int", width=0.4),
                 Column("principal", "期末本金", "money"),
                 Column("interest_due", "应付", "money", group="利息"), Column("interest_paid", "已付", "money",
                                                                             group="利息"),
                 Column("penalty_due", "应付", "money", group="罚息"), Column("penalty_paid", "已付", "money",
                                                                            group="罚息"),
                 Column("subsidisable", "可贴息", "money", group="贴息"), Column("claimed", "已申请", "money",
                                                                              group="贴息"),
                 Column("received", "已到账", "money", group="贴息"), Column("claim", "申请状态", width=0.8)],
        rows=rows, notes=["利息 = Σ 本金 × 年利率 / 360 × 天数,按期四舍五入到分;逾期本金按合同利率上浮计收罚息。",
                          "罚息及到期后(逾期)天数不予贴息;可贴息利息受县贴息政策的本金上限和期限上限约束。"],
        signatures=["理事长", "镇财政所审核", "制表"], filename=f"贴息贷款利息及贴息明细表-{cooperative.village.name}")


def statement_view(request, village_code: str):
    if not access.allows(request.user, access.VIEW, BankLoan):
        raise PermissionDenied
    cooperative = get_object_or_404(access.visible(request.user, Cooperative.objects.select_related("village")),
                                    village__code=village_code)
    return respond(request, statement(cooperative), params=dict(request.GET.lists()))


def claim_form_view(request, pk: int):
    """贴息申请表: the claim's lines, the total in figures and in capital numerals, and the signatures and seals of
    the cooperative, the township's check and the county's approval."""
    if not access.allows(request.user, access.VIEW, SubsidyClaim):
        raise PermissionDenied
    claim = get_object_or_404(access.visible(request.user, SubsidyClaim.objects.select_related(
        "cooperative__village__township__county", "policy", "recorded_by", "approved_by")), pk=pk)
    lines = list(claim.lines.filter(claimed=True).select_related("period__loan")
                 .order_by("period__loan", "period__start"))
    policy = claim.policy
    context = {"claim": claim, "coop": claim.cooperative, "lines": lines, "policy": policy,
               "standard": percent(policy.points) if policy.method == "points" else percent(policy.subsidy_rate),
               "state": claim_state(claim),
               "amount_daxie": daxie(claim.amount), "today": timezone.localdate()}
    data = render_pdf_template("bankloan/claim_form.html", context)
    return pdf_response(data, f"贴息申请表-{claim.cooperative.village.name}-{claim.period_start:%Y%m}")
