"""What a typed year may be, checked the same way by every operation (a direct call, an admin form, an import or a
command), so a typo is refused in words instead of failing deep inside as a server error.

A year lies in 2000–2100: no village books here predate 2000, and `date(20266, …)` raises ValueError (past 9999)
while a PositiveSmallIntegerField would hold 20266 without complaint.

    YEAR_VALIDATORS                                   # on every model's `year` field
    require_year(year, rule=, field="year") -> int    # raises RuleViolation
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation

FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


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
