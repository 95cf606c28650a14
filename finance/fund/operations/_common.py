"""What the fund's operations share: the locks, in the project's one order (cooperative → ledger → fund row →
the rows being changed), and the checks of a date and an amount."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.limits import require_number
from coop.models import Cooperative
from coop.money import to_fen
from finance import operations as fin
from finance import queries as ledger
from finance.fund.models import Fund, Loan


def lock_cooperative(fund: Fund) -> Cooperative:
    return Cooperative.objects.select_for_update(of=("self",)).select_related("village__township__county").get(
        pk=fund.cooperative_id)


def lock_books(fund: Fund) -> None:
    """The lock every posting takes on the village's books, taken early so the order holds."""
    fin.lock_ledger(ledger.ledger_of(fund.cooperative.village))


def lock_fund(fund: Fund) -> Fund:
    return Fund.objects.select_for_update(of=("self",)).select_related("cooperative__village__township__county").get(
        pk=fund.pk)


def lock_loan(loan: Loan) -> Loan:
    """The loan as the database has it now, locked after its cooperative, books and fund (the one lock order)."""
    return Loan.objects.select_for_update(of=("self",)).select_related(
        "fund__cooperative__village__township__county", "member__household", "terms", "group").get(pk=loan.pk)


def not_in_future(on: date, field: str) -> date:
    if on is None:
        raise RuleViolation(Rule.R6, _("请填写日期"), field=field)
    if on > timezone.localdate():
        raise RuleViolation(Rule.R6, _("日期 %(d)s 晚于今天") % {"d": on}, field=field)
    return on


def positive_amount(value, field: str = "amount") -> Decimal:
    """A money input to the fen: a finite number the ledger holds (coop.limits), above zero."""
    if value in (None, ""):
        raise RuleViolation(Rule.R6, _("请填写金额"), field=field)
    require_number(value, _("金额"), rule=Rule.R6, field=field)
    amount = to_fen(value if isinstance(value, Decimal) else str(value))
    if amount <= 0:
        raise RuleViolation(Rule.R6, _("金额必须大于零"), field=field)
    return amount
