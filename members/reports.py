"""股金台账 (the share register with running balances), the membership roster, and a member's share
certificate — on screen, as PDF and as xlsx, through the shared coop.reports module."""

from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop import access
from coop.models import Cooperative
from coop.money import daxie
from coop.queries import current_charter
from coop.reports import (
    Column,
    Report,
    pdf_response,
    render_pdf_template,
    respond,
)
from members import queries
from members.identity import id_number_for
from members.models import Member, ShareTransaction

ZERO = Decimal("0.00")
K = ShareTransaction.Kind


class RegisterFilter(forms.Form):
    """股金台账's screen filter: a date range and one member; the PDF and xlsx links carry the same query."""

    start = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.ModelChoiceField(label=_("社员"), required=False, queryset=Member.objects.none())

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (Member.objects.filter(cooperative=cooperative).select_related("household")
                                          .prefetch_related("household__persons").order_by("number"))


def share_register(cooperative, *, start=None, end=None, member=None) -> Report:
    """Every approved movement in date order, with the share capital after each: the cooperative's, or with
    `member` the member's own holding. Movements before `start` are not listed but count in the balances, which
    the first row carries (承前); 合计 sums the listed movements."""
    rows, balance, shares = [], ZERO, 0
    listed = {"shares": 0, "in": ZERO, "out": ZERO, "moved": ZERO}
    movements = (ShareTransaction.objects.filter(cooperative=cooperative, status=ShareTransaction.Status.APPROVED)
                 .select_related("member__household", "to_member__household", "voucher")
                 .prefetch_related("member__household__persons", "to_member__household__persons")
                 .order_by("on", "number"))
    if member is not None:
        movements = movements.filter(Q(member=member) | Q(to_member=member))
    if end is not None:
        movements = movements.filter(on__lte=end)
    for tx in movements:
        sign = {K.OPENING: 1, K.PAY_IN: 1, K.WITHDRAW: -1, K.TRANSFER: 0}[tx.kind]
        if member is not None and tx.kind == K.TRANSFER:
            sign = 1 if tx.to_member_id == member.pk else -1
        if start is not None and tx.on < start:
            balance += sign * tx.amount
            shares += sign * tx.shares
            continue
        if start is not None and not rows and (balance or shares):
            rows.append({"who": "承前", "total_shares": shares, "balance": balance})
        balance += sign * tx.amount
        shares += sign * tx.shares
        who = tx.member.display_name + (f" → {tx.to_member.display_name}" if tx.to_member_id else "")
        row = {"on": tx.on, "number": f"{tx.number:05d}", "kind": tx.get_kind_display(), "who": who,
               "shares": tx.shares, "in": tx.amount if tx.kind in queries.INFLOWS else None,
               "out": tx.amount if tx.kind == K.WITHDRAW else None,
               "moved": tx.amount if tx.kind == K.TRANSFER else None, "total_shares": shares,
               "balance": balance, "voucher": str(tx.voucher.number_label) if tx.voucher_id else ""}
        listed["shares"] += sign * tx.shares
        for key in ("in", "out", "moved"):
            listed[key] += row[key] or ZERO
        rows.append(row)
    rows.append({"who": "合计", **listed, "total_shares": shares, "balance": balance, "_style": "total"})
    scope = [f"自 {start:%Y年%m月%d日}"] if start else []
    scope.append(f"截至 {(end or timezone.localdate()):%Y年%m月%d日}")
    return Report(
        title="股金台账", org=cooperative.name, period=" ".join(scope), landscape=True,
        meta=[("社员", str(member))] if member is not None else [],
        columns=[Column("on", "日期", "date", width=0.8), Column("number", "流水号", width=0.6),
                 Column("kind", "类型", width=0.5), Column("who", "社员", width=1.9),
                 Column("shares", "股数", "int", width=0.5), Column("in", "入股", "money", group="金额"),
                 Column("out", "退股", "money", group="金额"), Column("moved", "转让", "money", group="金额"),
                 Column("total_shares", "累计股数", "int", width=0.6), Column("balance", "股金余额", "money"),
                 Column("voucher", "凭证", width=1.1)],
        notes=["合计行的股数为所列变动的净增减股数;转让在社员之间,不改变合作社股金总额。"],
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
    screen = {}
    if key == "register":
        form = RegisterFilter(request.GET or None, cooperative=cooperative)
        chosen = form.cleaned_data if form.is_valid() else {}
        built = share_register(cooperative, start=chosen.get("start"), end=chosen.get("end"),
                               member=chosen.get("member"))
        screen = {"extra_context": {"filter_form": form}, "template_name": "members/register_screen.html"}
    elif key == "roster":
        built = roster(cooperative, user=request.user)
    else:
        raise Http404
    return respond(request, built, params=dict(request.GET.lists()), **screen)


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
