"""The distribution's arithmetic, apart from the database so it can be proved for any figures (hypothesis):
the pool by the charter's ratios, then the members' part by their shares on the record date, each to the fen by
the largest-remainder method (coop.money.split), so the parts always add up to the whole exactly."""

from dataclasses import dataclass
from decimal import Decimal

from coop.money import split

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Parts:
    dividends: Decimal
    development: Decimal
    accumulation: Decimal


def ratios_add_up(dividend, development, accumulation) -> bool:
    ratios = [Decimal(dividend), Decimal(development), Decimal(accumulation)]
    return all(r >= 0 for r in ratios) and sum(ratios) == HUNDRED


def split_pool(pool: Decimal, dividend, development, accumulation) -> Parts:
    """The pool by the three ratios (which add up to 100), to the fen, parts adding up to the pool."""
    return Parts(*split(pool, [dividend, development, accumulation]))


def dividends(pool: Decimal, holdings: dict) -> dict:
    """{key: amount} pro rata to {key: shares}; members holding no share get no entry. Nothing to share by
    (no shares at all) gives nothing: the caller refuses such a plan."""
    held = {key: shares for key, shares in holdings.items() if shares > 0}
    if not held:
        return {}
    keys = sorted(held)
    return dict(zip(keys, split(pool, [held[k] for k in keys]), strict=True))
