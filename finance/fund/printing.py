"""The fund's printed papers, through the project's PDF framework (coop.reports, WeasyPrint, Noto CJK): the loan
contract (借款合同) with its schedule, the receipt (收据) of each repayment, and a guarantee group's collection sheet
(集中还款收款单) for one day, amounts also in capital numerals (大写) and with signature lines. ID numbers are printed
as the reader may see them (members.identity)."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.money import daxie
from coop.reports import pdf_response, render_pdf_template
from coop.reports.pdf import cn_date, money
from finance.fund import schedules
from finance.fund.models import GuaranteeGroup, Instalment, Loan, Repayment
from finance.fund.operations import collection
from members.identity import id_number_for


def _party(user, member) -> dict:
    head = member.head
    return {"name": member.display_name, "id_number": id_number_for(user, head) if head else member.credit_code,
            "phone": head.phone if head else "", "address": member.household.address if member.household_id else ""}


def contract_context(user, loan: Loan) -> dict:
    rows = list(Instalment.objects.filter(loan=loan, version=loan.schedule_version).order_by("seq"))
    projected = not rows
    if projected:  # before the payout the schedule is shown as it would run from today
        rows = schedules.make(loan.method, principal=loan.amount, months=loan.term_months,
                              rate_per_mille=loan.fee_rate_monthly, start=timezone.localdate())
    rows = [{"seq": r.seq, "due_on": r.due_on, "principal": r.principal, "fee": r.fee, "payment": r.principal + r.fee}
            for r in rows]
    guarantors = [_party(user, g) for g in loan.guarantors.select_related("household").prefetch_related(
        "household__persons")]
    return {"loan": loan, "fund": loan.fund, "borrower": _party(user, loan.member), "guarantors": guarantors,
            "amount_daxie": daxie(loan.amount), "rows": rows, "projected": projected,
            "total_principal": sum(r["principal"] for r in rows), "total_fee": sum(r["fee"] for r in rows),
            "today": timezone.localdate()}


def receipt_context(user, repayment: Repayment) -> dict:
    """The repayment's 收据 on the shared receipt print: how the money was shared out, and per instalment."""
    r, loan = repayment, repayment.loan
    lines = r.lines.select_related("instalment").order_by("instalment__version", "instalment__seq")
    return {
        "title": _("收据"), "org": loan.fund.name, "on": r.paid_on, "number": r.receipt_no,
        "payer": _party(user, loan.member)["name"], "purpose": _("归还互助资金借款(交入协会银行账户)"),
        "details": [(_("借款编号"), f"{loan.number or 0:05d}"),
                    (_("其中"), _("罚息 %(p)s;逾期占用费 %(o)s;占用费 %(f)s;本金 %(c)s") % {
                        "p": money(r.to_penalty), "o": money(r.to_overdue_fee), "f": money(r.to_fee),
                        "c": money(r.to_principal)})],
        "amount": r.amount, "amount_daxie": daxie(r.amount),
        "table": {"headers": [_("期次"), _("罚息"), _("占用费"), _("本金")],
                  "rows": [(str(line.instalment), line.penalty, line.fee, line.principal) for line in lines]},
        "void": _("本收据已于 %(d)s 冲销作废:%(r)s") % {"d": cn_date(r.reversed_on), "r": r.reversal_reason}
        if r.reversed_on else "",
        "signatures": [_("收款单位(盖章):"), _("经办人:%(n)s") % {"n": r.recorded_by.get_full_name()},
                       _("交款人(签字):")],
    }


def _loans(request):
    return access.visible(request.user, Loan.objects.select_related(
        "fund__cooperative__village", "member__household", "group")).prefetch_related("member__household__persons")


def contract_view(request, loan_pk: int):
    loan = get_object_or_404(_loans(request), pk=loan_pk)
    data = render_pdf_template("fund/contract.html", contract_context(request.user, loan))
    return pdf_response(data, f"借款合同-{loan.fund.cooperative.village.name}-{loan.number:05d}")


def receipt_view(request, repayment_pk: int):
    rows = access.visible(request.user, Repayment.objects.select_related(
        "loan__fund__cooperative__village", "loan__member__household", "recorded_by"))
    repayment = get_object_or_404(rows.prefetch_related("loan__member__household__persons"), pk=repayment_pk)
    data = render_pdf_template("reports/receipt_pdf.html", receipt_context(request.user, repayment))
    return pdf_response(data, f"还款收据-{repayment.receipt_no}")


def collection_context(group: GuaranteeGroup, on: date) -> dict:
    rows = list(collection.collected(group=group, on=on))
    totals = {key: sum((getattr(r, field) for r in rows), Decimal("0.00")) for key, field in (
        ("penalty", "to_penalty"), ("overdue_fee", "to_overdue_fee"), ("fee", "to_fee"),
        ("principal", "to_principal"), ("amount", "amount"))}
    clerks = sorted({r.recorded_by.get_full_name() or r.recorded_by.username for r in rows})
    return {"group": group, "on": on, "rows": rows, "totals": totals, "total_daxie": daxie(totals["amount"]),
            "clerk": "、".join(clerks)}


def collection_view(request, group_pk: int, on: str):
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise Http404 from None
    groups = access.visible(request.user, GuaranteeGroup.objects.select_related("fund__cooperative__village"))
    group = get_object_or_404(groups, pk=group_pk)
    data = render_pdf_template("fund/collection.html", collection_context(group, day))
    return pdf_response(data, f"集中还款收款单-{group.name}-{day.isoformat()}")
