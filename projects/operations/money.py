"""What moves money, each recorded by the village and approved by the township (R2, coop.approvals), posting on
approval: funds received, variations (no money, but the township's decision) and payments.

R5 holds at recording and again on the locked row at approval: a variation keeps the project's total under
300,000 元; a payment needs the competition and the contract, and all payments stay within the contract plus the
approved variations. R4b: a wage or a rent is never paid to a village cadre or a cadre's immediate family, judged
on the payment date for the whole payroll at once (members.face, a constant number of queries)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import to_fen, yuan
from coop.payroll_sheet import CLEAR
from finance import operations as ledger_ops
from members.face import cadre_relations, require_not_cadre_or_family
from members.models import Person
from projects import accounts, queries
from projects.models import FundsReceipt, LabourRecord, Payment, PaymentLine, Project, Rental, Variation
from projects.operations._common import VILLAGE, S, lock_project, require_not_future, require_role, require_step
from projects.operations.workflow import require_under_cap

PERSONAL = (Payment.Kind.WAGES, Payment.Kind.RENT)  # paid to persons: R4b applies


def _source(row) -> str:
    return f"{accounts.BOOK}:{type(row).__name__}:{row.pk}"


@transaction.atomic
def record_funds_receipt(*, project: Project, on: date, amount, source: str, by,
                         document_number: str = "") -> FundsReceipt:
    """资金到账, after the contract: recorded by the village, posted when the township approves."""
    require_role(by, project, VILLAGE, _("登记项目资金到账"))
    project = lock_project(project)
    require_step(project, "receive")
    require_not_future(on)
    amount = to_fen(amount)
    receipt = FundsReceipt(project=project, on=on, amount=amount, source=source.strip(), recorded_by=by,
                           document_number=document_number.strip())
    _check_receipt(receipt, project)
    return save_as(receipt, by)


def _check_receipt(receipt: FundsReceipt, project: Project) -> None:
    if receipt.amount <= 0:
        raise RuleViolation(Rule.R5, _("到账金额必须大于零"), field="amount")
    total = queries.received(project, pending=True) - (receipt.amount if receipt.pk else 0) + receipt.amount
    if total > queries.current_total(project):
        raise RuleViolation(Rule.R5, _("到账资金合计 %(r)s 将超过项目总投资 %(t)s") % {
            "r": yuan(total), "t": yuan(queries.current_total(project))}, field="amount")


@transaction.atomic
def approve_funds_receipt(*, receipt: FundsReceipt, by) -> FundsReceipt:
    """审批入账: Dr the project bank account / Cr the project's 231 or 241 sub-account; the work may begin."""
    project = lock_project(receipt.project)

    def post(locked: FundsReceipt):
        require_step(project, "receive")
        _check_receipt(locked, project)
        summary = _("收到%(p)s项目资金") % {"p": project.name}
        return ledger_ops.post_entry(
            village=project.village, on=locked.on, summary=summary[:100], prepared_by=locked.recorded_by,
            approved_by=by, attachments=1, source=_source(locked), lines=[
                ledger_ops.Line.debit(accounts.bank(project), locked.amount),
                ledger_ops.Line.credit(accounts.funds(project, by), locked.amount)])

    receipt = approvals.approve(receipt, by=by, post=post)
    if project.status == S.CONTRACTED:
        project.status = S.UNDER_WAY
        save_as(project, by)
    return receipt


@transaction.atomic
def record_variation(*, project: Project, on: date, amount, reason: str, by) -> Variation:
    """工程变更 (±), after the contract and before acceptance; the total with it stays under the cap (R5)."""
    require_role(by, project, VILLAGE, _("登记工程变更"))
    project = lock_project(project)
    if project.status not in (S.CONTRACTED, S.UNDER_WAY):
        require_step(project, "work")
    require_not_future(on)
    variation = Variation(project=project, on=on, amount=to_fen(amount), reason=reason.strip(), recorded_by=by)
    _check_variation(variation, project)
    return save_as(variation, by)


def _check_variation(variation: Variation, project: Project) -> None:
    if not variation.amount:
        raise RuleViolation(Rule.R5, _("变更金额不能为零"), field="amount")
    if not variation.reason:
        raise RuleViolation(Rule.R5, _("请写明变更原因"), field="reason")
    require_under_cap(queries.current_total(project, pending=True, exclude=variation) + variation.amount,
                      _("工程变更"))
    ceiling = project.contract.amount + queries.variations(project, pending=True, exclude=variation)
    if ceiling + variation.amount < queries.paid(project):
        raise RuleViolation(Rule.R5, _("变更后合同金额 %(c)s 将低于已支付的 %(p)s") % {
            "c": yuan(ceiling + variation.amount), "p": yuan(queries.paid(project))}, field="amount")


@transaction.atomic
def approve_variation(*, variation: Variation, by) -> Variation:
    """审批变更: the township's decision, checked again on the locked row; nothing posts."""
    project = lock_project(variation.project)
    return approvals.approve(variation, by=by, post=lambda locked: _check_variation(locked, project))


@dataclass(frozen=True)
class Payee:
    """One line of a payment: a person (wages, rents) or a named supplier or team (materials, works)."""

    amount: Decimal
    person: Person | None = None
    name: str = ""


@transaction.atomic
def record_payment(*, project: Project, kind: str, on: date, payees: list[Payee], summary: str, by,
                   labour: list[LabourRecord] = (), rentals: list[Rental] = ()) -> Payment:
    """项目支付: recorded by the village, posted when the township approves. Refused (R5) before the competition
    and the contract, or beyond the contract plus its approved variations; wages and rents (R4b) to a village
    cadre or a cadre's immediate family on `on`, naming every one of them."""
    require_role(by, project, VILLAGE, _("登记项目支付"))
    project = lock_project(project)
    _require_paying_stage(project)
    require_not_future(on)
    lines = [PaymentLine(person=payee.person, payee=(payee.name or (payee.person.name if payee.person else "")),
                         amount=to_fen(payee.amount)) for payee in payees]
    payment = Payment(project=project, kind=kind, on=on, amount=sum((line.amount for line in lines), Decimal("0")),
                      summary=(summary or "").strip()[:100], recorded_by=by)
    _check_payment(payment, project, lines)
    save_as(payment, by)
    for line in lines:
        line.payment = payment
        save_as(line, by)
    for model, records in ((LabourRecord, labour), (Rental, rentals)):
        if model.objects.filter(pk__in=[record.pk for record in records], payment__isnull=False).exists():
            raise RuleViolation(Rule.R5, _("所选记录中有已经支付过的,不能重复支付"))
        for record in records:
            record.payment = payment
            save_as(record, by)
    return payment


def _require_paying_stage(project: Project) -> None:
    if getattr(project, "competition", None) is None or getattr(project, "contract", None) is None:
        raise RuleViolation(Rule.R5, _("%(p)s 尚未登记比选和施工合同,不得支付工程款项") % {"p": project.name})
    require_step(project, "work")


def _check_payment(payment: Payment, project: Project, lines: list[PaymentLine]) -> None:
    if not lines:
        raise RuleViolation(Rule.R5, _("支付至少要有一位收款人"), field="lines")
    if payment.kind not in Payment.Kind.values:
        raise RuleViolation(Rule.R5, _("支付类型不正确"), field="kind")
    if any(line.amount <= 0 for line in lines) or any(not line.payee.strip() for line in lines):
        raise RuleViolation(Rule.R5, _("每位收款人须有姓名(名称)且金额大于零"), field="lines")
    if not payment.summary:
        raise RuleViolation(Rule.R5, _("请填写支付摘要"), field="summary")
    if payment.on < project.contract.on:
        raise RuleViolation(Rule.R5, _("支付日期 %(d)s 早于施工合同签订日期 %(c)s:合同签订前不得支付") % {
            "d": payment.on, "c": project.contract.on}, field="on")
    ceiling = queries.ceiling(project)
    total = queries.paid(project, exclude=payment) + payment.amount
    if total > ceiling:
        raise RuleViolation(Rule.R5, _("支付合计 %(t)s 将超过合同金额加已批准变更 %(c)s") % {
            "t": yuan(total), "c": yuan(ceiling)}, field="amount")
    if payment.kind in PERSONAL:
        if any(line.person is None for line in lines):
            raise RuleViolation(Rule.R4B, _("工资和租赁费须逐人登记收款人,以便核查村干部及其直系亲属"), field="lines")
        require_not_cadre_or_family([line.person for line in lines], payment.on)


@transaction.atomic
def approve_payment(*, payment: Payment, by) -> Payment:
    """审批支付: the rules again on the locked row (R5, R4b on the payment date), then Dr the project's 在建工程 /
    Cr the project bank account. Each line keeps the R4 check's result in words."""
    project = lock_project(payment.project)

    def post(locked: Payment):
        _require_paying_stage(project)
        lines = list(locked.lines.select_related("person__household"))
        _check_payment(locked, project, lines)
        persons = [line.person for line in lines if line.person is not None]
        relations = cadre_relations(persons, locked.on) if persons else {}
        for line in lines:
            if line.person is not None:
                line.cadre_check = relations.get(line.person_id) or CLEAR  # stored in Chinese, shown translated
                save_as(line, by)
        summary = f"{project.name} {locked.summary}"[:100]
        return ledger_ops.post_entry(
            village=project.village, on=locked.on, summary=summary, prepared_by=locked.recorded_by,
            approved_by=by, attachments=1, source=_source(locked), lines=[
                ledger_ops.Line.debit(accounts.work_in_progress(project, by), locked.amount),
                ledger_ops.Line.credit(accounts.bank(project), locked.amount)])

    return approvals.approve(payment, by=by, post=post)


@transaction.atomic
def reject(*, row, by, reason: str):
    """驳回 a receipt, a variation or a payment (coop.approvals): with the reason; nothing posts. A rejected
    payment's labour and rental records are free to be paid again."""
    lock_project(row.project)
    row = approvals.reject(row, by=by, reason=reason)
    if isinstance(row, Payment):
        for model in (LabourRecord, Rental):
            for record in model.objects.filter(payment=row):
                record.payment = None
                save_as(record, by)
    return row
