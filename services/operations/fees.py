"""Fees: the schedule, the service records (one or a whole file, all or nothing), the receipts the township approves
into the books (R1: the money lands in the village's bank account, never as the team's cash), and the monthly
management fee computed from the month's approved income."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import number_problem, require_number, require_year, whole_digits
from coop.money import to_fen, yuan
from coop.refusals import Refusal, refuse
from finance import operations as ledger_ops
from members.models import Household
from services import accounts
from services.models import FeeReceipt, FeeSchedule, ManagementFee, ServiceOrganisation, ServiceRecord
from services.operations._common import lock_cooperative, lock_organisation, require_active, require_not_future

Org = ServiceOrganisation
APPROVED = approvals.Status.APPROVED
QUANTITY_DIGITS = whole_digits(ServiceRecord, "quantity")


def source(row) -> str:
    return f"{accounts.BOOK}:{type(row).__name__}:{row.pk}"


@transaction.atomic
def set_fee_schedule(*, organisation: ServiceOrganisation, service: str, unit: str, rate, effective_from: date,
                     by) -> FeeSchedule:
    """收费标准 for one service from `effective_from`; an earlier row of the same service stays for earlier dates."""
    organisation = lock_organisation(organisation, by, _("制定收费标准"))
    service = (service or "").strip()
    if not service:
        raise RuleViolation(Rule.SERVICES, _("请填写服务项目"), field="service")
    rate = require_number(rate, _("单价"), rule=Rule.SERVICES, field="rate")
    if to_fen(rate or 0) <= 0:
        raise RuleViolation(Rule.SERVICES, _("单价须大于零"), field="rate")
    if FeeSchedule.objects.filter(organisation=organisation, service=service, effective_from=effective_from).exists():
        raise RuleViolation(Rule.SERVICES, _("“%(s)s”在 %(d)s 已有收费标准") % {"s": service, "d": effective_from},
                            field="effective_from")
    return save_as(FeeSchedule(organisation=organisation, service=service, unit=unit, rate=to_fen(rate),
                               effective_from=effective_from), by)


@dataclass(frozen=True)
class ServiceRow:
    """One service rendered. `household` for a household of the village (the client's name defaults to its head),
    else `client`; the fee is quantity × the schedule's rate on the day, or `free` for a public-welfare service."""

    service: str
    on: date
    quantity: Decimal
    household: Household | None = None
    client: str = ""
    free: bool = False
    note: str = ""
    row: int = 0


def schedules_on(organisation: ServiceOrganisation, dates) -> dict[tuple[str, date], FeeSchedule]:
    """{(service, date): the schedule in force} for the dates asked — one query for a whole file."""
    rows = list(FeeSchedule.objects.filter(organisation=organisation, effective_from__lte=max(dates))
                .order_by("service", "effective_from"))
    out = {}
    for on in set(dates):
        for schedule in rows:
            if schedule.effective_from <= on:
                out[(schedule.service, on)] = schedule  # the latest wins: rows come in date order
    return out


def service_refusals(organisation: ServiceOrganisation, rows: list[ServiceRow]) -> list[Refusal]:
    """Everything that refuses service rows, each against its row (the import's preview shows them all)."""
    found = []
    dated = [row for row in rows if row.on is not None]
    schedules = schedules_on(organisation, [row.on for row in dated]) if dated else {}
    for row in rows:
        def refusal(message, field, row=row):
            found.append(Refusal(row.row, RuleViolation(Rule.SERVICES, message, field=field)))
        if row.on is None:
            refusal(_("请填写服务日期"), "on")
            continue
        try:
            require_not_future(row.on)
            require_active(organisation, row.on)
        except RuleViolation as error:
            found.append(Refusal(row.row, error))
        quantity_problem = number_problem(row.quantity, _("数量"), whole_digits=QUANTITY_DIGITS)
        if quantity_problem:
            refusal(quantity_problem, "quantity")
        elif row.quantity is None or Decimal(row.quantity) <= 0:
            refusal(_("数量须大于零"), "quantity")
        if not (row.service or "").strip():
            refusal(_("请填写服务项目"), "service")
        elif not row.free and (row.service.strip(), row.on) not in schedules:
            refusal(_("“%(s)s”在 %(d)s 没有收费标准;免费的公益服务请注明免费") % {"s": row.service, "d": row.on},
                    "service")
        elif not row.free and not quantity_problem and row.quantity is not None:
            fee = to_fen(Decimal(row.quantity) * schedules[(row.service.strip(), row.on)].rate)
            fee_problem = number_problem(fee, _("服务费(数量×单价)"))
            if fee_problem:
                refusal(fee_problem, "quantity")
        if row.free and organisation.is_operating:
            refusal(_("经营性服务组织的服务按收费标准收费,不能登记为免费"), "service")
        if row.household is not None and row.household.village_id != organisation.cooperative.village_id:
            refusal(_("农户 %(h)s 不是本村农户") % {"h": row.household.number}, "household")
        if row.household is None and not (row.client or "").strip():
            refusal(_("请填写服务对象(本村农户或单位、个人名称)"), "client")
    return found


@transaction.atomic
def record_services(*, organisation: ServiceOrganisation, rows: list[ServiceRow], by) -> list[ServiceRecord]:
    """服务登记, all rows or none. A charged service also gets its fee receipt (numbered, pending the township's
    approval, which posts it)."""
    organisation = lock_organisation(organisation, by, _("登记服务记录"))
    refuse(service_refusals(organisation, rows))
    schedules = schedules_on(organisation, [row.on for row in rows]) if rows else {}
    number = _next_number(organisation)
    out = []
    for row in rows:
        schedule = None if row.free else schedules[(row.service.strip(), row.on)]
        fee = to_fen(Decimal(row.quantity) * schedule.rate) if schedule else Decimal("0.00")
        client = (row.client or "").strip() or (str(row.household) if row.household else "")
        record = save_as(ServiceRecord(organisation=organisation, schedule=schedule, service=row.service.strip(),
                                       household=row.household, client=client[:60], on=row.on,
                                       quantity=Decimal(row.quantity), fee=fee, note=(row.note or "").strip()[:100],
                                       recorded_by=by), by)
        if fee > 0:
            number += 1
            save_as(FeeReceipt(organisation=organisation, record=record, number=_receipt_number(row.on, number),
                               on=row.on, payer=client[:60], amount=fee, recorded_by=by,
                               summary=_("%(s)s服务费") % {"s": record.service}), by)
        out.append(record)
    return out


def record_service(*, organisation: ServiceOrganisation, by, **row) -> ServiceRecord:
    """One service (the admin's add form): record_services with one row."""
    return record_services(organisation=organisation, rows=[ServiceRow(**row)], by=by)[0]


def _next_number(organisation: ServiceOrganisation) -> int:
    """The organisation's last receipt number (under its lock, so two clerks never share one)."""
    return FeeReceipt.objects.filter(organisation=organisation).count()  # receipts are never deleted


def _receipt_number(on: date, number: int) -> str:
    """No. SF<organisation's pair or pk>-<running number>: unique in the organisation, in the order recorded."""
    return f"SF{number:06d}"


@transaction.atomic
def approve_receipt(*, receipt: FeeReceipt, by) -> FeeReceipt:
    """审批入账: Dr the village's basic bank account / Cr the organisation's 501NN (R1)."""
    organisation = lock_organisation(receipt.organisation, by, _("审批服务费收据"))

    def post(locked: FeeReceipt):
        return ledger_ops.post_entry(
            village=organisation.village, on=locked.on, summary=f"{organisation.name} {locked.summary}"[:100],
            prepared_by=locked.recorded_by, approved_by=by, attachments=1, source=source(locked), lines=[
                ledger_ops.Line.debit(accounts.bank(organisation.village), locked.amount),
                ledger_ops.Line.credit(accounts.income(organisation, by), locked.amount)])

    return approvals.approve(receipt, by=by, post=post)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_income(organisation: ServiceOrganisation, year: int, month: int) -> Decimal:
    """The organisation's approved income of the month: its fee receipts and its 代购代销 commissions."""
    from services.models import AgencyTrade

    first, last = month_bounds(year, month)
    total = Decimal("0.00")
    for model, field in ((FeeReceipt, "amount"), (AgencyTrade, "commission")):
        total += model.objects.filter(organisation=organisation, status=APPROVED, on__range=(first, last)).aggregate(
            s=Sum(field))["s"] or Decimal("0.00")
    return total


def management_fee(organisation: ServiceOrganisation, year: int, month: int) -> tuple[Decimal, Decimal]:
    """(the month's income, the management fee): the rate of the income half-up to the fen, or the fixed sum."""
    base = month_income(organisation, year, month)
    if organisation.fee_mode == Org.FeeMode.RATE:
        return base, to_fen(base * organisation.fee_rate / 100)
    if organisation.fee_mode == Org.FeeMode.FIXED:
        return base, organisation.fee_fixed
    return base, Decimal("0.00")


@transaction.atomic
def charge_management_fee(*, organisation: ServiceOrganisation, year: int, month: int, by) -> ManagementFee:
    """计提 the month's management fee, after the month has ended; posted when the township approves. Refused for a
    month already charged, or when there is nothing to charge."""
    organisation = lock_organisation(organisation, by, _("计提管理费"))
    year = require_year(year, rule=Rule.SERVICES)
    if not 1 <= int(month) <= 12:
        raise RuleViolation(Rule.SERVICES, _("月份须在 1 到 12 之间"), field="month")
    first, last = month_bounds(year, month)
    require_not_future(last)
    if ManagementFee.objects.filter(organisation=organisation, year=year, month=month).exclude(
            status=approvals.Status.REJECTED).exists():
        raise RuleViolation(Rule.SERVICES, _("%(o)s %(y)s年%(m)s月的管理费已计提") % {
            "o": organisation.name, "y": year, "m": month})
    base, amount = management_fee(organisation, year, month)
    if amount <= 0:
        raise RuleViolation(Rule.SERVICES, _("%(o)s %(y)s年%(m)s月没有应交的管理费(当月收入 %(b)s)") % {
            "o": organisation.name, "y": year, "m": month, "b": yuan(base)})
    return save_as(ManagementFee(organisation=organisation, year=year, month=month, on=last, base=base, amount=amount,
                                 mode=organisation.fee_mode, rate=organisation.fee_rate, recorded_by=by), by)


@transaction.atomic
def approve_management_fee(*, fee: ManagementFee, by) -> ManagementFee:
    """审批: the month's income and fee computed again on the locked row; Dr 501NN / Cr 50199 管理费."""
    organisation = lock_organisation(fee.organisation, by, _("审批管理费"))

    def post(locked: ManagementFee):
        base, amount = management_fee(organisation, locked.year, locked.month)
        if (base, amount) != (locked.base, locked.amount) and locked.mode == Org.FeeMode.RATE:
            raise RuleViolation(Rule.SERVICES, _("当月收入已变为 %(b)s,管理费应为 %(a)s;请驳回后重新计提") % {
                "b": yuan(base), "a": yuan(amount)})
        summary = _("%(o)s %(y)s年%(m)s月管理费") % {"o": organisation.name, "y": locked.year, "m": locked.month}
        return ledger_ops.post_entry(
            village=organisation.village, on=locked.on, summary=summary[:100], prepared_by=locked.recorded_by,
            approved_by=by, source=source(locked), lines=[
                ledger_ops.Line.debit(accounts.income(organisation, by), locked.amount),
                ledger_ops.Line.credit(accounts.management_fees(organisation.village, by), locked.amount)])

    return approvals.approve(fee, by=by, post=post)


@transaction.atomic
def reject(*, row, by, reason: str):
    """驳回 a receipt, a management fee, a payroll, a trade or a funding: with the reason; nothing posts. The
    cooperative is locked first (the one lock order), then coop.approvals takes the row."""
    lock_cooperative(row.organisation.cooperative_id if hasattr(row, "organisation") else row.cooperative_id)
    return approvals.reject(row, by=by, reason=reason)
