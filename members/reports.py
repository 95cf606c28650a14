"""股金台账 (the share register with running balances), the membership roster, and a member's share
certificate — on screen, as PDF and as xlsx, through the shared coop.reports module."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coop import access
from coop.models import Cooperative
from coop.money import daxie
from coop.queries import current_charter
from coop.reports import (
    Column,
    Report,
    pdf_response,
    render_pdf,
    render_pdf_template,
    render_screen,
    render_xlsx,
    xlsx_response,
)
from members import queries
from members.identity import id_number_for
from members.models import Member, ShareTransaction

ZERO = Decimal("0.00")
K = ShareTransaction.Kind


def share_register(cooperative) -> Report:
    """Every approved movement in date order, with the cooperative's share capital after each."""
    rows, balance, shares = [], ZERO, 0
    movements = (ShareTransaction.objects.filter(cooperative=cooperative, status=ShareTransaction.Status.APPROVED)
                 .select_related("member__household", "to_member__household", "voucher")
                 .prefetch_related("member__household__persons", "to_member__household__persons")
                 .order_by("on", "number"))
    for tx in movements:
        sign = {K.OPENING: 1, K.PAY_IN: 1, K.WITHDRAW: -1, K.TRANSFER: 0}[tx.kind]
        balance += sign * tx.amount
        shares += sign * tx.shares
        who = tx.member.display_name + (f" → {tx.to_member.display_name}" if tx.to_member_id else "")
        rows.append({"on": tx.on, "number": f"{tx.number:05d}", "kind": tx.get_kind_display(), "who": who,
                     "shares": tx.shares, "in": tx.amount if tx.kind in queries.INFLOWS else None,
                     "out": tx.amount if tx.kind == K.WITHDRAW else None,
                     "moved": tx.amount if tx.kind == K.TRANSFER else None, "total_shares": shares,
                     "balance": balance, "voucher": str(tx.voucher.number_label) if tx.voucher_id else ""})
    rows.append({"who": "合计", "total_shares": shares, "balance": balance, "_style": "total"})
    return Report(
        title="股金台账", org=cooperative.name, period=f"截至 {timezone.localdate():%Y年%m月%d日}", landscape=True,
        columns=[Column("on", "日期", "date", width=0.8), Column("number", "流水号", width=0.6),
                 Column("kind", "类型", width=0.5), Column("who", "社员", width=2.2),
                 Column("shares", "股数", "int", width=0.5), Column("in", "入股", "money", group="金额"),
                 Column("out", "退股", "money", group="金额"), Column("moved", "转让", "money", group="金额"),
                 Column("total_shares", "累计股数", "int", width=0.6), Column("balance", "股金余额", "money"),
                 Column("voucher", "凭证", width=0.8)],
        rows=rows, signatures=["理事长", "镇财政所审核", "制表"], filename=f"股金台账-{cooperative.village.name}")


def roster(cooperative, *, user=None) -> Report:
    """社员名册 with each member's shares and amount, from the register; ID numbers as `user` may read them."""
    rows, total_shares, total_amount = [], 0, ZERO
    for row in queries.register(cooperative):
        member = row["member"]
        head = member.head
        rows.append({"number": f"{member.number:04d}", "name": member.display_name, "kind": member.get_kind_display(),
                     "id": id_number_for(user, head) if head else member.credit_code,
                     "group": member.household.group if member.household_id else "",
                     "joined": member.joined_on, "status": member.get_status_display(),
                     "shares": row["shares"], "amount": row["amount"]})
        total_shares += row["shares"]
        total_amount += row["amount"]
    rows.append({"name": f"合计 {len(rows)} 名社员", "shares": total_shares, "amount": total_amount, "_style": "total"})
    return Report(
        title="社员名册", org=cooperative.name, period=f"截至 {timezone.localdate():%Y年%m月%d日}", landscape=True,
        columns=[Column("number", "编号", width=0.5), Column("name", "社员", width=1.8),
                 Column("kind", "类型", width=0.7), Column("id", "身份证号/信用代码", width=1.5),
                 Column("group", "村民小组", width=0.7), Column("joined", "入社日期", "date", width=0.8),
                 Column("status", "状态", width=0.5), Column("shares", "股数", "int", width=0.5),
                 Column("amount", "股金", "money")],
        rows=rows, signatures=["理事长", "制表"], filename=f"社员名册-{cooperative.village.name}")


def _cooperative(request, village_code) -> Cooperative:
    if not access.allows(request.user, access.VIEW, Member):
        raise PermissionDenied
    return get_object_or_404(access.visible(request.user, Cooperative.objects.select_related("village")),
                             village__code=village_code)


def report_view(request, village_code: str, key: str):
    cooperative = _cooperative(request, village_code)
    builders = {"register": share_register, "roster": lambda coop: roster(coop, user=request.user)}
    if key not in builders:
        raise Http404
    built = builders[key](cooperative)
    if request.GET.get("format") == "pdf":
        return pdf_response(render_pdf(built), built.filename)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(render_xlsx(built), built.filename)
    return render_screen(request, built, pdf_url="?format=pdf", xlsx_url="?format=xlsx")


def certificate_view(request, village_code: str, member_pk: int):
    """股权证: one member's holding on the day of printing, the amount also in capital numerals."""
    cooperative = _cooperative(request, village_code)
    members = queries.with_holdings(Member.objects.select_related("household").prefetch_related("household__persons"))
    member = get_object_or_404(members, pk=member_pk, cooperative=cooperative)
    head = member.head
    context = {"coop": cooperative, "member": member, "shares": member.shares, "amount": member.amount,
               "amount_daxie": daxie(member.amount), "price": current_charter(cooperative).share_price,
               "id_number": id_number_for(request.user, head) if head else member.credit_code,
               "today": timezone.localdate()}
    data = render_pdf_template("members/certificate.html", context)
    return pdf_response(data, f"股权证-{cooperative.village.name}-{member.number:04d}")
