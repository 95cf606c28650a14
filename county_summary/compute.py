"""The county summary's figures for a set of villages: one query for the villages and their townships, then each
declared figure read once for all of them — a fixed number of queries whatever the number of villages."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from county_summary.registry import MONEY, is_available, lines


@dataclass
class Line:
    line: object                      # a registry.CountyFigure or registry.Expected
    total: object = None              # None when the figure's app is not installed
    by_township: dict = field(default_factory=dict)  # {township pk: value}

    @property
    def available(self) -> bool:
        return is_available(self.line)


@dataclass
class Summary:
    townships: list[tuple[int, str]]  # (pk, name) in code order, those with a pilot village in scope
    lines: list[Line]


def compute(villages, since: date, until: date) -> Summary:
    """`villages`: a queryset of the pilot villages in scope (not evaluated here but as a subquery)."""
    where = list(villages.order_by("township__code", "code").values_list("pk", "township_id", "township__name"))
    township_of = {pk: township for pk, township, _ in where}
    townships = list(dict.fromkeys((township, name) for _, township, name in where))
    out = []
    for line in lines():
        if not is_available(line):
            out.append(Line(line))
            continue
        zero = Decimal("0.00") if line.kind == MONEY else 0
        values = line.read(villages, since, until) if where else {}
        by_township = defaultdict(lambda zero=zero: zero)
        for village, value in values.items():
            if village in township_of:
                by_township[township_of[village]] += value or zero
        out.append(Line(line, total=sum(by_township.values(), zero),
                        by_township={pk: by_township[pk] for pk, _ in townships}))
    return Summary(townships=townships, lines=out)
