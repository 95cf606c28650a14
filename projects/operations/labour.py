"""The work: labour (用工) and machinery or tool rentals (租赁) recorded in batches, and the payroll that pays them.

A batch is refused whole (members' BatchRefused, every refusal against its caller's row) when any row breaks a
rule: an import shows them all and writes nothing. R4b is judged for the whole batch at once — one call of
members.face per distinct date (a payroll has one date: one call), never one per person."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import number_problem, whole_digits
from coop.money import to_fen
from coop.refusals import Refusal, refuse
from members.face import cadre_refusals
from members.models import Person
from projects.models import LabourRecord, Payment, Project, Rental
from projects.operations._common import VILLAGE, lock_project, require_role, require_step
from projects.operations.money import Payee, record_payment

DAYS_DIGITS = whole_digits(LabourRecord, "days")
UNITS_DIGITS = whole_digits(Rental, "units")


@dataclass(frozen=True)
class LabourRow:
    person: Person
    on: date
    days: Decimal
    daily_wage: Decimal
    row: int = 0  # the caller's row (an Excel row for an import)


@dataclass(frozen=True)
class RentalRow:
    owner: Person
    on: date
    item: str
    units: Decimal
    rate: Decimal
    unit: str = "台班"
    row: int = 0


def labour_refusals(project: Project, rows: list[LabourRow]) -> list[Refusal]:
    """What refuses labour rows, each against its row: the import's preview shows these before writing."""
    found = [refusal for row in rows for refusal in _amount_refusals(row.row, row.on, row.days, row.daily_wage,
                                                                     DAYS_DIGITS)]
    found += _period_refusals(project, rows)
    found += _outsider_refusals(project, [(row.row, row.person) for row in rows], "person", _("用工"))
    return found + cadre_refusals([(row.row, row.person, row.on) for row in rows])


def rental_refusals(project: Project, rows: list[RentalRow]) -> list[Refusal]:
    """As labour_refusals, for rentals: the owner is a villager of the project's village, never a cadre or a
    cadre's family on the day (R4b)."""
    found = [refusal for row in rows for refusal in _amount_refusals(row.row, row.on, row.units, row.rate,
                                                                     UNITS_DIGITS)]
    found += [Refusal(row.row, RuleViolation(Rule.R5, _("请填写机械或工具名称"), field="item"))
              for row in rows if not row.item.strip()]
    found += _period_refusals(project, rows)
    found += _outsider_refusals(project, [(row.row, row.owner) for row in rows], "owner", _("租赁"))
    return found + cadre_refusals([(row.row, row.owner, row.on) for row in rows])


def _outsider_refusals(project: Project, persons: list[tuple[int, Person]], field: str, what: str) -> list[Refusal]:
    """R5: an agency-built project absorbs its own village's labour and tools; a person of another village is
    refused (one query for the batch)."""
    local = set(Person.objects.filter(pk__in={person.pk for _row, person in persons},
                                      household__village=project.cooperative.village_id).values_list("pk", flat=True))
    return [Refusal(row, RuleViolation(Rule.R5, _("%(p)s 不是本村人员,不能登记%(w)s") % {"p": person.name, "w": what},
                                       field=field))
            for row, person in persons if person.pk not in local]


def _period_refusals(project: Project, rows) -> list[Refusal]:
    """R5: work is recorded inside the contract's work period (开工日期 to 竣工日期), never before the contract."""
    contract = getattr(project, "contract", None)
    if contract is None:
        return []
    return [Refusal(row.row, RuleViolation(Rule.R5, _(
        "日期 %(d)s 不在施工合同的工期(%(s)s 至 %(e)s)之内") % {"d": row.on, "s": contract.starts_on,
                                                           "e": contract.ends_on}, field="on"))
            for row in rows if row.on is not None and not contract.starts_on <= row.on <= contract.ends_on]


def _amount_refusals(row: int, on: date, quantity, price, quantity_digits: int) -> list[Refusal]:
    """Quantity and price finite, within their columns' digits and above zero, and their product an amount the
    ledger holds (coop.limits)."""
    out = []

    def refusal(message, field):
        out.append(Refusal(row, RuleViolation(Rule.R5, message, field=field)))

    quantity_problem = number_problem(quantity, _("数量(工日)"), whole_digits=quantity_digits)
    price_problem = number_problem(price, _("单价(日工资)"))
    if quantity_problem:
        refusal(quantity_problem, "days")
    elif quantity is None or Decimal(quantity) <= 0:
        refusal(_("数量(工日)必须大于零"), "days")
    if price_problem:
        refusal(price_problem, "daily_wage")
    elif price is None or Decimal(price) <= 0:
        refusal(_("单价(日工资)必须大于零"), "daily_wage")
    elif not quantity_problem and quantity is not None:
        amount_problem = number_problem(to_fen(Decimal(quantity) * Decimal(price)), _("金额(数量×单价)"))
        if amount_problem:
            refusal(amount_problem, "daily_wage")
    if on is None:
        out.append(Refusal(row, RuleViolation(Rule.R5, _("请填写日期"), field="on")))
    return out


def _require_work_stage(project: Project, rows, by, action: str) -> Project:
    require_role(by, project, VILLAGE, action)
    project = lock_project(project)
    require_step(project, "work")
    contract = project.contract
    refuse(Refusal(getattr(row, "row", 0), RuleViolation(Rule.R5, _(
        "日期 %(d)s 不在施工合同签订(%(c)s)之后") % {"d": row.on, "c": contract.on}, field="on"))
        for row in rows if row.on is not None and row.on < contract.on)
    return project


@transaction.atomic
def record_labour_batch(*, project: Project, rows: list[LabourRow], by) -> list[LabourRecord]:
    """用工登记, all rows or none: amount = days × daily wage, half-up to the fen."""
    project = _require_work_stage(project, rows, by, _("登记用工"))
    refuse(labour_refusals(project, rows))
    return [save_as(LabourRecord(project=project, person=row.person, on=row.on, days=Decimal(row.days),
                                 daily_wage=to_fen(row.daily_wage), amount=to_fen(Decimal(row.days) * row.daily_wage),
                                 recorded_by=by), by) for row in rows]


@transaction.atomic
def record_rental_batch(*, project: Project, rows: list[RentalRow], by) -> list[Rental]:
    """机械工具租赁登记, all rows or none: amount = units × rate, half-up to the fen."""
    project = _require_work_stage(project, rows, by, _("登记机械工具租赁"))
    refuse(rental_refusals(project, rows))
    return [save_as(Rental(project=project, owner=row.owner, on=row.on, item=row.item.strip(), unit=row.unit,
                           units=Decimal(row.units), rate=to_fen(row.rate), recorded_by=by,
                           amount=to_fen(Decimal(row.units) * row.rate)), by) for row in rows]


@transaction.atomic
def pay_labour(*, project: Project, on: date, by, records: list[LabourRecord] | None = None) -> Payment:
    """工资发放: one payment for the unpaid labour records (all of them, or `records`), one line per person. R4b
    is judged for the whole payroll on the payment date; the refusal names every offender and the relation."""
    chosen = _unpaid(LabourRecord, project, records, "person")
    return record_payment(project=project, kind=Payment.Kind.WAGES, on=on, by=by, labour=chosen,
                          payees=_per_person(chosen, "person"), summary=_("支付%(p)s劳务工资") % {"p": project.name})


@transaction.atomic
def pay_rentals(*, project: Project, on: date, by, records: list[Rental] | None = None) -> Payment:
    """租赁费支付: as pay_labour, for the unpaid rental records, one line per owner."""
    chosen = _unpaid(Rental, project, records, "owner")
    summary = _("支付%(p)s机械工具租赁费") % {"p": project.name}
    return record_payment(project=project, kind=Payment.Kind.RENT, on=on, by=by, rentals=chosen,
                          payees=_per_person(chosen, "owner"), summary=summary)


def _unpaid(model, project: Project, records, person_field: str) -> list:
    rows = model.objects.filter(project=project, payment__isnull=True).select_related(f"{person_field}__household")
    if records is not None:
        rows = rows.filter(pk__in=[record.pk for record in records])
    chosen = list(rows.order_by("on", "pk"))
    if not chosen or (records is not None and len(chosen) != len(records)):
        raise RuleViolation(Rule.R5, _("没有可支付的未付记录(已支付或不属于本项目的记录不能再支付)"))
    return chosen


def _per_person(records: list, person_field: str) -> list[Payee]:
    totals: dict[int, Decimal] = {}
    persons: dict[int, Person] = {}
    for record in records:
        person = getattr(record, person_field)
        persons[person.pk] = person
        totals[person.pk] = totals.get(person.pk, Decimal("0")) + record.amount
    return [Payee(amount=totals[pk], person=persons[pk]) for pk in totals]
