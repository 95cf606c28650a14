"""The fund's two printed papers, through the project's PDF framework (coop.reports, WeasyPrint, Noto CJK):
the loan contract (借款合同) with its schedule, and the receipt (收据) of each repayment, amounts also in capital
numerals (大写) and with signature lines. ID numbers are printed as the reader may see them (members.identity)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from coop import access
from coop.money import daxie
from coop.reports import pdf_response, render_pdf_template
from finance.fund import schedules
from finance.fund.models import Instalment, Loan, Repayment
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
    loan = repayment.loan
    lines = repayment.lines.select_related("instalment").order_by("instalment__version", "instalment__seq")
    return {"r": repayment, "loan": loan, "fund": loan.fund, "payer": _party(user, loan.member),
            "amount_daxie": daxie(repayment.amount), "lines": lines}


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
    data = render_pdf_template("fund/receipt.html", receipt_context(request.user, repayment))
    return pdf_response(data, f"还款收据-{repayment.receipt_no}")
