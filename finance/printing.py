"""The voucher print (templates/finance/voucher_print.html): its context, one dict per voucher, and its name.
One voucher prints in the request; a selection prints in the worker (finance.report_jobs)."""

from coop.money import daxie
from finance.models import Side, Voucher


def _name(user) -> str:
    return user.get_full_name() if user else ""


def voucher_context(vouchers) -> dict:
    ids = [v.pk for v in vouchers]
    rows = (Voucher.objects.filter(pk__in=ids)
            .select_related("ledger__village__cooperative", "prepared_by", "reviewed_by", "posted_by",
                            "reversal_of")
            .prefetch_related("lines__account__parent"))
    by_id = {v.pk: v for v in rows}
    out = []
    for pk in ids:
        v = by_id[pk]
        lines = []
        for line in v.lines.all():
            account = line.account
            top = account.parent if account.parent_id else account
            while top.parent_id:
                top = top.parent
            lines.append({
                "summary": line.summary,
                "account": f"{top.code} {top.name}",
                "sub_account": "" if account.pk == top.pk else f"{account.code} {account.name}",
                "debit": line.amount if line.side == Side.DEBIT else None,
                "credit": line.amount if line.side == Side.CREDIT else None,
            })
        total = sum(line.amount for line in v.lines.all() if line.side == Side.DEBIT)
        village = v.ledger.village
        org = getattr(village, "cooperative", None)
        note = ""
        if v.reversal_of_id:
            note = f"冲销 {v.reversal_of}"
        elif v.status == Voucher.Status.VOID and v.note:
            note = f"作废原因:{v.note}"
        out.append({
            "org": org.name if org else f"{village.name}村集体经济组织",
            "date": v.date,
            "number_label": v.number_label,
            "attachments": v.attachments,
            "lines": lines,
            "total_debit": total,
            "total_credit": sum(line.amount for line in v.lines.all() if line.side == Side.CREDIT),
            "total_daxie": daxie(total),
            "preparer": _name(v.prepared_by),
            "reviewer": _name(v.reviewed_by),
            "poster": _name(v.posted_by),
            "supervisor": "",
            "is_void": v.status == Voucher.Status.VOID,
            "note": note,
            "status_label": v.get_status_display(),
        })
    return {"vouchers": out}


def print_title(vouchers) -> str:
    """"记账凭证-桑园村-记3" for one voucher, "记账凭证-桑园村-2026-01-02至2026-11-30-12张" for a village's
    selection, "记账凭证-12张" across villages: the download's name and the job's title."""
    if len(vouchers) == 1:
        return f"记账凭证-{vouchers[0].ledger.village.name}-{vouchers[0].number}"
    villages = {v.ledger.village.name for v in vouchers}
    if len(villages) == 1:
        dates = sorted(v.date for v in vouchers)
        return f"记账凭证-{villages.pop()}-{dates[0]}至{dates[-1]}-{len(vouchers)}张"
    return f"记账凭证-{len(vouchers)}张"
