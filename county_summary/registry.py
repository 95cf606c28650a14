"""The county summary's figures, declared by the apps that hold them (the field report's paragraph, DOMAIN.md §1).

Each app declares its figures from its AppConfig.ready with `declare(CountyFigure(...))`, so this summary imports
no register and a register that lands later (service organisations, the income distribution) only adds its own
lines. The lines the field report names but whose app is not installed are listed in `EXPECTED` and show as
"未接入" (not available), never as 0: a 0 would claim the county has none.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

INT, MONEY = "int", "money"


@dataclass(frozen=True)
class CountyFigure:
    """One line of the summary.

    * `read(villages, since, until)` — {village pk: value} for the villages given (a queryset of pilot villages,
      already scoped), in a fixed number of queries whatever their number; a village it has nothing for may be
      left out (it counts 0). Stocks (members, share capital) are read at `until`; flows over `since`–`until`,
      or since the start when the figure is cumulative (say so in `note`).
    * `link(since, until)` — the admin list behind the figure (scoped by the admin itself to the user);
    * `reference` — the field report's own figure (mid-2017), shown beside the computed one, never used in it.
    """

    key: str
    label: str
    unit: str
    kind: str
    order: int
    read: Callable
    link: Callable | None = None
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class Expected:
    """A line the field report names whose app has not declared it (yet)."""

    key: str
    label: str
    unit: str
    order: int
    app: str
    reference: str = ""


_DECLARED: dict[str, CountyFigure] = {}

EXPECTED = [
    Expected("service_orgs", _("专业服务组织(站、队、点)"), _("个"), 40, _("专业服务组织"), "57"),
    Expected("service_records", _("服务活动"), _("次"), 80, _("专业服务组织"), _("100余次")),
    Expected("sanitation_funding", _("环境卫生保洁经费"), _("元"), 85, _("专业服务组织")),
    Expected("dividends_paid", _("已支付社员分红"), _("元"), 110, _("收益分配")),
]


def declare(figure: CountyFigure) -> None:
    """Add (or, declared again, replace) a line of the county summary: call from the app's ready()."""
    _DECLARED[figure.key] = figure


def lines() -> list[CountyFigure | Expected]:
    """Every line in order: the declared figures, and the expected ones no app has declared."""
    missing = [line for line in EXPECTED if line.key not in _DECLARED]
    return sorted([*_DECLARED.values(), *missing], key=lambda line: (line.order, line.key))


def is_available(line) -> bool:
    return isinstance(line, CountyFigure)


def admin_list(name: str, **query) -> str:
    """The admin changelist `name` ("app_model") filtered by `query` (dates as ISO strings)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    url = reverse(f"admin:{name}_changelist")
    query = {key: value.isoformat() if isinstance(value, date) else value for key, value in query.items()}
    return url + ("?" + urlencode(query) if query else "")
