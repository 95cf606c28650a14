"""The fund's columns in the township's 村级账务汇总表, added through finance.summary.declare_figures so that the
ledger's summary imports nothing of the fund."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from coop.roles import Role
from tests import builders
from tests.fund.test_portfolio import crafted

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _declared():
    """The fund's figures declared to the books summary for these tests (the app does not declare them yet:
    finance/fund/apps.py says why)."""
    from finance import summary
    from finance.fund.summary import FIGURES

    summary.declare_figures(FIGURES)
    yield
    summary._FIGURES.remove(FIGURES)


def test_the_books_summary_shows_each_fund_with_its_par30(funded, client_for):
    crafted(funded)  # on 2027-03-31: A 119 days late, B 57, C 29 (not over 30); D not due
    response = client_for(funded.officer).get(reverse("finance:books_summary"), {"start": "2026-01", "end": "2027-03"})
    assert response.status_code == 200
    rows = response.context["report"].rows
    village = next(row for row in rows if row.get("village") == funded.world.v11.name)
    assert (village["fund_capital"], village["fund_lent"], village["fund_outstanding"], village["fund_par30"]) == (
        Decimal("300000.00"), Decimal("17000.00"), Decimal("16000.00"), "56.25%")
    assert rows[-1]["fund_par30"] == "56.25%" and rows[-1]["fund_capital"] == Decimal("300000.00")
    assert "PAR30" in [column.label for column in response.context["report"].columns]


def test_a_village_without_a_fund_shows_dashes_not_a_ratio(funded, client_for):
    world = funded.world
    builders.ledger(world.v21, world.officer2)
    response = client_for(world.users[Role.AUDITOR]).get(reverse("finance:books_summary"))
    village = next(row for row in response.context["report"].rows if row.get("village") == world.v21.name)
    assert (village["fund_outstanding"], village["fund_par30"]) == (Decimal("0.00"), "—")


def test_the_ledger_summary_imports_nothing_of_the_fund():
    for path in ("finance/summary.py", "finance/reports/summary.py"):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        modules = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [m for m in modules if m and m.startswith("finance.fund")], path
