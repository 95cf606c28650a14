"""Pay: the monthly payroll of wages and rents, recorded by the village and approved by the township (coop.approvals),
which posts it (Dr 511NN or 514NN / Cr the basic bank account).

R4b: no line pays a village cadre or a cadre's immediate family (spouse, parents, children, grandparents,
grandchildren however recorded, and anyone of the cadre's household) on the payroll's date — judged for the whole
payroll in one call of members.face (a payroll has one date), at recording and again at approval; the refusal names
every line's person, the cadre, the term and the relation."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import number_problem, require_number, require_year, whole_digits
from coop.money import to_fen
from coop.payroll_sheet import CLEAR
from coop.refusals import Refusal, refuse
from finance import operations as ledger_ops
from members.face import cadre_refusals
from members.models import Person
from services import accounts
from services.models import Payroll, PayrollLine, ServiceOrganisation
from services.operations._common import lock_organisation, require_active, require_not_future
from services.operations.fees import month_bounds, source

DAYS_DIGITS = whole_digits(PayrollLine, "quantity")


@dataclass(frozen=True)
class PayLine:
    """A wage (kind "wage": `quantity` days at `rate` a day) or a rent (kind "rent": `quantity` units of `item`)."""

    person: Person
    kind: str
    quantity: Decimal
    rate: Decimal
    item: str = ""
    row: int = 0


def payroll_refusals(organisation: ServiceOrganisation, on: date, lines: list[PayLine]) -> list[Refusal]:
    """What refuses a payroll's lines, each against its row; R4b for all of them in one members.face call."""
    found = []
    for line in lines:
        def refusal(message, field, line=line):
            found.append(Refusal(line.row, RuleViolation(Rule.SERVICES, message, field=field)))
        if line.kind not in PayrollLine.Kind.values:
            refusal(_("类型须为劳务报酬或机械工具租金"), "kind")
        quantity_problem = number_problem(line.quantity, _("天数(数量)"), whole_digits=DAYS_DIGITS)
        rate_problem = number_problem(line.rate, _("单价"))
        if quantity_problem:
            refusal(quantity_problem, "quantity")
        elif line.quantity is None or Decimal(line.quantity) <= 0:
            refusal(_("天数(数量)须大于零"), "quantity")
        if rate_problem:
            refusal(rate_problem, "rate")
        elif line.rate is None or to_fen(line.rate) <= 0:
            refusal(_("单价须大于零"), "rate")
        elif not quantity_problem and line.quantity is not None:
            amount_problem = number_problem(_amount(line), _("金额(天数×单价)"))
            if amount_problem:
                refusal(amount_problem, "rate")
        if line.kind == PayrollLine.Kind.RENT and not (line.item or "").strip():
            refusal(_("租金须写明机械或工具名称"), "item")
        if line.person.household.village_id != organisation.cooperative.village_id:
            refusal(_("%(p)s 不是本村人员") % {"p": line.person.name}, "person")
    if on is not None:
        found += cadre_refusals([(line.row, line.person, on) for line in lines])
    return found


def _amount(line: PayLine) -> Decimal:
    return to_fen(Decimal(line.quantity) * to_fen(line.rate))


@transaction.atomic
def record_payroll(*, organisation: ServiceOrganisation, year: int, month: int, on: date, lines: list[PayLine], by,
                   summary: str = "") -> Payroll:
    """工资表 of `year`-`month`, paid on `on` (within or after the month): all lines or none."""
    organisation = lock_organisation(organisation, by, _("编制工资表"))
    require_not_future(on)
    require_active(organisation, on)
    year = require_year(year, rule=Rule.SERVICES)
    if not 1 <= int(month) <= 12:
        raise RuleViolation(Rule.SERVICES, _("月份须在 1 到 12 之间"), field="month")
    first, _last = month_bounds(year, int(month))
    if on < first:
        raise RuleViolation(Rule.SERVICES, _("发放日期 %(d)s 早于工资所属月份") % {"d": on}, field="on")
    if not lines:
        raise RuleViolation(Rule.SERVICES, _("工资表至少要有一行"), field="lines")
    refuse(payroll_refusals(organisation, on, lines))
    rows = [PayrollLine(kind=line.kind, person=line.person, item=(line.item or "").strip(),
                        quantity=Decimal(line.quantity), rate=to_fen(line.rate), amount=_amount(line))
            for line in lines]
    total = require_number(sum((row.amount for row in rows), Decimal("0")), _("工资表合计"), rule=Rule.SERVICES,
                           field="lines")
    payroll = save_as(Payroll(organisation=organisation, year=year, month=month, on=on, recorded_by=by,
                              amount=total,
                              summary=(summary or _("%(o)s %(y)s年%(m)s月工资") % {
                                  "o": organisation.name, "y": year, "m": month})[:100]), by)
    for row in rows:
        row.payroll = payroll
        save_as(row, by)
    return payroll


@transaction.atomic
def approve_payroll(*, payroll: Payroll, by) -> Payroll:
    """审批发放: R4b again on the payroll's date (a cadre appointed since stops it), each line keeps its check in
    words; Dr the organisation's 511NN (operating) or 514NN (public-welfare) / Cr the basic bank account."""
    organisation = lock_organisation(payroll.organisation, by, _("审批工资表"))

    def post(locked: Payroll):
        lines = list(locked.lines.select_related("person__household"))
        refuse(cadre_refusals([(index, line.person, locked.on) for index, line in enumerate(lines, start=1)]))
        for line in lines:  # R4 was asked once, above, and found no tie: each line keeps that in words
            line.cadre_check = CLEAR
            save_as(line, by)
        return ledger_ops.post_entry(
            village=organisation.village, on=locked.on, summary=locked.summary, prepared_by=locked.recorded_by,
            approved_by=by, attachments=1, source=source(locked), lines=[
                ledger_ops.Line.debit(accounts.cost(organisation, by), locked.amount),
                ledger_ops.Line.credit(accounts.bank(organisation.village), locked.amount)])

    return approvals.approve(payroll, by=by, post=post)
