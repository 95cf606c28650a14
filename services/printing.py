"""The fee receipt (收据) print, through the shared receipt template (templates/reports/receipt_pdf.html): the amount
in 大写 and 小写, what was served, and whether the money is in the village's account yet."""

from django.utils.translation import gettext as _

from coop.money import daxie
from coop.reports import render_pdf_template
from services.models import FeeReceipt


def _per_unit(label: str) -> str:
    """What a quantity counts, from a fee unit's label: 元/户·年 → 户·年, yuan/household/year → household/year."""
    return label.partition("/")[2] or label


def receipt_pdf(receipt: FeeReceipt) -> bytes:
    organisation = receipt.organisation
    record = receipt.record
    details = [(_("服务组织"), organisation.name)]
    if record is not None:
        details.append((_("服务内容"), _("%(s)s %(q)s(%(d)s)") % {
            "s": record.service, "q": f"{record.quantity.normalize():f}"
            + (_per_unit(record.schedule.get_unit_display()) if record.schedule else ""),
            "d": f"{record.on:%Y-%m-%d}"}))
    state = {FeeReceipt.Status.APPROVED: _("已存入村集体银行账户,凭证 %(v)s") % {"v": receipt.voucher},
             FeeReceipt.Status.PENDING: _("待镇财政所审核入账"),
             FeeReceipt.Status.REJECTED: ""}[receipt.status]
    context = {
        "title": _("收据"), "org": organisation.cooperative.name, "on": receipt.on, "number": receipt.number,
        "payer": receipt.payer, "purpose": receipt.summary, "details": details, "amount": receipt.amount,
        "amount_daxie": daxie(receipt.amount),
        "note": _("R1 村财镇管:服务费为村集体收入,全部存入村集体银行账户,服务组织不留现金。%(s)s") % {"s": state},
        "void": _("本收据已驳回作废:%(r)s") % {"r": receipt.reject_reason} if receipt.status == "rejected" else "",
        "signatures": [_("收款单位(盖章):"), _("经办人:%(n)s") % {"n": receipt.recorded_by.get_full_name()},
                       _("交款人(签字):")],
    }
    return render_pdf_template("reports/receipt_pdf.html", context)
