"""What a typed year or number may be, checked the same way by every operation (a direct call, an admin form, an
import or a command), so a typo is refused in words instead of failing deep inside as a server error.

A year lies in 2000–2100: no village books here predate 2000, and `date(20266, …)` raises ValueError (past 9999)
while a PositiveSmallIntegerField would hold 20266 without complaint. A quantity, rate or amount is a finite
number (`Decimal("nan")` and `Decimal("inf")` parse, then fail at the first comparison or rounding) with fewer
whole digits than its column holds: 12 for an amount, DecimalField(max_digits=14, decimal_places=2), the ledger's.

    YEAR_VALIDATORS                                   # on every model's `year` field
    require_year(year, rule=, field="year") -> int    # raises RuleViolation
    number_problem(value, what, whole_digits=12)      # the refusal's words, or None when it fits
    require_number(value, what, rule=, field=) -> Decimal
    whole_digits(model, field_name) -> int            # what a DecimalField holds before the point
"""

from decimal import Decimal, InvalidOperation

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation

FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

AMOUNT_DIGITS = 12  # before the point in DecimalField(max_digits=14, decimal_places=2): every amount column


def year_problem(year) -> str | None:
    """Why `year` cannot be a year of the books, or None."""
    if year is None or year == "":
        return _("请填写年度")
    try:
        value = int(year)
    except (TypeError, ValueError, OverflowError):
        return _("年度“%(y)s”不是有效的年份") % {"y": year}
    if not FIRST_YEAR <= value <= LAST_YEAR:
        return _("年度 %(y)s 不在 %(a)s 到 %(b)s 之间,请检查是否输入有误") % {
            "y": value, "a": FIRST_YEAR, "b": LAST_YEAR}
    return None


def require_year(year, *, rule: Rule | str, field: str = "year") -> int:
    """The year as an int, or a RuleViolation naming the field when it is not 2000–2100."""
    problem = year_problem(year)
    if problem:
        raise RuleViolation(rule, problem, field=field)
    return int(year)


def number_problem(value, what: str, *, whole_digits: int = AMOUNT_DIGITS) -> str | None:
    """Why `value` cannot be stored as `what` (its Chinese name): not a number (a float neither: it carries
    binary noise, and coop.money.to_fen refuses it), not finite (NaN, Infinity), or `whole_digits` digits or more
    before the point; None when it can. None itself is the caller's to judge (a required field, or a default)."""
    if value is None:
        return None
    if isinstance(value, float):
        return _("%(w)s须为精确的小数,不能是浮点数") % {"w": what}
    if isinstance(value, bool):
        return _("%(w)s“%(v)s”不是有效的数字") % {"w": what, "v": value}
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        return _("%(w)s“%(v)s”不是有效的数字") % {"w": what, "v": value}
    if not number.is_finite():
        return _("%(w)s“%(v)s”不是有效的数字") % {"w": what, "v": value}
    if abs(number) >= Decimal(10) ** whole_digits:
        return _("%(w)s %(v)s 超出上限:整数部分最多 %(n)s 位") % {"w": what, "v": value, "n": whole_digits}
    return None


def require_number(value, what: str, *, rule: Rule | str, field: str,
                   whole_digits: int = AMOUNT_DIGITS) -> Decimal | None:
    """`value` as a Decimal (None stays None), or a RuleViolation naming the field (see `number_problem`)."""
    problem = number_problem(value, what, whole_digits=whole_digits)
    if problem:
        raise RuleViolation(rule, problem, field=field)
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value).strip())


def whole_digits(model, field_name: str) -> int:
    """How many digits a model's DecimalField holds before the point (max_digits − decimal_places)."""
    field = model._meta.get_field(field_name)
    return field.max_digits - field.decimal_places
