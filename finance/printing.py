"""The context of the voucher print (templates/finance/voucher_print.html): one dict per voucher."""

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
