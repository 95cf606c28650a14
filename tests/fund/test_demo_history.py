"""The demo's pilot years (finance.fund.demo.history_rows): the eleven funds lent more than the field report's
1,200,000 元 to registered-poor households since 2016 — most repaid, some running, a few overdue, one written
off — and every row is one the carry-over accepts (tests/coop/test_seed_demo.py seeds it whole)."""

from collections import Counter
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from finance.fund import demo
from finance.fund.operations import carry_over

PILOTS = 11


def _members(n=15):
    return [SimpleNamespace(pk=i, cooperative_id=1, display_name=f"户{i}") for i in range(n)]


def test_the_pilot_years_lend_more_than_the_field_report_says():
    rows = [row for index in range(PILOTS)
            for row in demo.history_rows(index, _members(), with_write_off=index == 0)]
    assert sum(row.amount for row in rows) > Decimal("1200000")
    states = Counter(row.state for row in rows)
    assert states["repaid"] > len(rows) / 2
    assert states["running"] >= PILOTS and 1 < states["overdue"] < PILOTS and states["written_off"] == 1


def test_every_row_of_the_pilot_years_passes_the_carry_over_s_checks():
    fund = SimpleNamespace(pk=1, cooperative_id=1)
    for index in range(PILOTS):
        for row in demo.history_rows(index, _members(), with_write_off=index == 0):
            carry_over._normalise(row, fund, date(2026, 1, 1))
            carry_over._agrees_with_schedule(row, date(2026, 1, 1))
