"""分红表 (the dividend sheet a member signs on receiving the dividend) on screen, as PDF and as xlsx through the
shared report module (coop.reports), and the assembly's minutes as an attachment; both inside the user's scope."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coop import access
from coop.masking import mask_account
from coop.money import yuan
from coop.reports import Column, Report, respond
from distribution import queries
from distribution.minutes import download_name
from distribution.models import DistributionPlan, Dividend


def payment_status(dividend: Dividend) -> str:
    if dividend.payment_id is None or dividend.payment.status == DistributionPlan.Status.REJECTED:
        return _("未发放")
    if dividend.payment.status == DistributionPlan.Status.PENDING:
        return _("发放待审批")
    return _("已发放 %(d)s") % {"d": dividend.payment.on}


def dividend_sheet(plan: DistributionPlan) -> Report:
    """One row per member holding shares on the record date, the total equal to the plan's dividend pool."""
    rows, shares, total = [], 0, 0
    for no, dividend in enumerate(queries.sheet_rows(plan), start=1):
        member = dividend.member
        rows.append({"no": no, "number": f"{member.number:04d}", "name": member.display_name,
                     "kind": member.get_kind_display(), "shares": dividend.shares, "amount": dividend.amount,
                     "bank": dividend.payee_bank, "account": mask_account(dividend.payee_account),
                     "status": payment_status(dividend), "sign": ""})
        shares += dividend.shares
        total += dividend.amount
    rows.append({"name": _("合计 %(n)s 名社员") % {"n": len(rows)}, "shares": shares, "amount": total,
                 "_style": "total"})
    ratios = f"{plan.dividend_ratio}% / {plan.development_ratio}% / {plan.accumulation_ratio}%"
    return Report(
        title=_("社员分红表"), org=plan.cooperative.name, landscape=True,
        period=_("%(y)s年度 股权登记日 %(d)s") % {"y": plan.year, "d": f"{plan.record_date:%Y年%m月%d日}"},
        meta=[(_("可分配收益"), yuan(plan.pool)), (_("分红 / 发展 / 积累"), ratios),
              (_("社员分红总额"), yuan(plan.dividend_pool)), (_("每股分红约"), _per_share(plan)),
              (_("状态"), plan.get_status_display())],
        columns=[Column("no", _("序号"), "int", width=0.4), Column("number", _("社员编号"), width=0.6),
                 Column("name", _("社员"), width=1.8), Column("kind", _("类型"), width=0.7),
                 Column("shares", _("登记日股数"), "int", width=0.6), Column("amount", _("分红金额"), "money"),
                 Column("bank", _("收款银行"), width=1.0), Column("account", _("账号"), width=0.7),
                 Column("status", _("发放情况"), width=1.0), Column("sign", _("社员签字"), width=1.1)],
        notes=[_("分红按股权登记日终了时各社员持有的股数计算,到分,按最大余数法分配,合计等于社员分红总额;"
                 "登记日之后的股金变动计入下一年度。分红只转入社员本人银行账户,不付现金(R1)。")],
        rows=rows, signatures=[_("理事长"), _("监事长"), _("镇财政所审核"), _("制表")],
        filename=_("分红表-%(v)s-%(y)s") % {"v": plan.cooperative.village.name, "y": plan.year})


def _per_share(plan) -> str:
    return yuan((plan.dividend_pool / plan.shares_total).quantize(plan.pool)) if plan.shares_total else "—"


def _plan(request, pk) -> DistributionPlan:
    if not access.allows(request.user, access.VIEW, DistributionPlan):
        raise PermissionDenied
    plans = access.visible(request.user, DistributionPlan.objects.select_related("cooperative__village"))
    return get_object_or_404(plans, pk=pk)


def sheet_view(request, pk: int):
    return respond(request, dividend_sheet(_plan(request, pk)), params=dict(request.GET.lists()))


def minutes_view(request, pk: int):
    """The minutes' scan, as an attachment of the type its content proved, never inline."""
    plan = _plan(request, pk)
    if not plan.minutes:
        raise Http404
    return FileResponse(plan.minutes.open("rb"), as_attachment=True, content_type=plan.minutes_type,
                        filename=download_name(plan.minutes_name, plan.minutes_type))
