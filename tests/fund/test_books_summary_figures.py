"""The registers' columns in the township's and county's 村级账务汇总表: the fund and projects declare their figures
from their apps' ready (finance.summary.declare_figures), so that the ledger's summary imports nothing of them; the
summary shows them in a second table (业务台账) with the ledger table's rows, each register under its heading, in a
number of queries that does not grow with the villages."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.urls import reverse

from coop.roles import Role
from finance import operations as fin
from finance.fund import operations as fund_ops
from finance.models import Account
from finance.summary import declared_figures
from members import operations as mem
from tests import builders
from tests.fund.conftest import CAPITAL_DAY, lend, receive, terms_kwargs
from tests.fund.test_portfolio import crafted
from tests.projects.conftest import ProjectBuilder

ROOT = Path(__file__).resolve().parents[2]
URL = "finance:books_summary"


def registers(response):
    """The second table's Report (业务台账) of a summary page."""
    return response.context["registers"]["report"]


def test_the_fund_and_projects_declare_their_figures_under_their_names():
    headings = [str(figures.heading) for figures in declared_figures()]
    assert headings[:2] == ["互助资金", "项目代建"]  # in the order of INSTALLED_APPS; services will follow


def test_the_books_summary_shows_each_fund_with_its_par30(funded, client_for):
    crafted(funded)  # on 2027-03-31: A 119 days late, B 57, C 29 (not over 30); D not due
    response = client_for(funded.officer).get(reverse(URL), {"start": "2026-01", "end": "2027-03"})
    assert response.status_code == 200
    rows = registers(response).rows
    village = next(row for row in rows if row.get("village") == funded.world.v11.name)
    assert (village["fund_capital"], village["fund_lent"], village["fund_outstanding"], village["fund_par30"]) == (
        Decimal("300000.00"), Decimal("17000.00"), Decimal("16000.00"), "56.25%")
    assert rows[-1]["fund_par30"] == "56.25%" and rows[-1]["fund_capital"] == Decimal("300000.00")
    columns = registers(response).columns
    assert "PAR30" in [column.label for column in columns]
    assert {column.group for column in columns if column.key.startswith("fund_")} == {"互助资金"}
    assert {column.group for column in columns if column.key.startswith("project_")} == {"项目代建"}
    assert not [c for c in response.context["report"].columns if c.key.startswith(("fund_", "project_"))]


def test_a_village_without_a_fund_shows_dashes_not_a_ratio(funded, client_for):
    world = funded.world
    builders.ledger(world.v21, world.officer2)
    response = client_for(world.users[Role.AUDITOR]).get(reverse(URL))
    village = next(row for row in registers(response).rows if row.get("village") == world.v21.name)
    assert (village["fund_outstanding"], village["fund_par30"], village["project_count"]) == (
        Decimal("0.00"), "—", 0)


def test_both_tables_list_the_same_villages_subtotals_and_total_in_the_same_order(funded, client_for):
    world = funded.world
    builders.ledger(world.v21, world.officer2)
    response = client_for(world.users[Role.AUDITOR]).get(reverse(URL))
    names = [[(row["township"], row.get("village"), row.get("_style")) for row in report.rows]
             for report in (response.context["report"], registers(response))]
    assert names[0] == names[1] == [("紫柏街道", "桑园村", None), ("紫柏街道", "小计", "subtotal"),
                                    ("马道镇", "沙坝村", None), ("马道镇", "小计", "subtotal"), ("合计", None, "total")]
    assert registers(response).rows[-1]["fund_capital"] == Decimal("300000.00")


def a_village_with_a_fund_and_a_project(b, n):
    """A new village of 紫柏街道 with its books, a bank account, a fund with the county's 300,000 and a loan out,
    and a project accepted after 200,000 paid: what 桑园村 has in the query-count test."""
    world = b.world
    village = builders.village(world.t1, f"新{n}村", f"3{n:02d}")
    coop = builders.cooperative(village)
    chair = builders.account(f"chair3{n:02d}", Role.CHAIRMAN, village=village)
    builders.ledger(village, b.officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=village,
                        code="10201", name="农村信用社", by=b.officer)
    fund = fund_ops.open_fund(cooperative=coop, name=f"{village.name}扶贫互助资金协会", established_on=date(2016, 6, 1),
                              by=b.officer)
    fund_ops.set_terms(fund=fund, adopted_on=date(2016, 6, 1), effective_from=date(2016, 6, 1), by=b.officer,
                       **terms_kwargs())
    household = mem.register_household(village=village, number="001", group="一组", is_registered_poor=True, by=chair)
    mem.register_person(household=household, name=f"借款人{n}", id_number=builders.id_number(100 + n), by=chair)
    member = mem.admit_member(cooperative=coop, kind="poor_household", household=household,
                              joined_on=date(2025, 1, 10), by=chair)
    there = SimpleNamespace(**{**vars(b), "fund": fund, "chair": chair, "coop": coop})
    receive(there, "county_capital", "300000", on=CAPITAL_DAY)
    lend(there, member, "2000")
    ProjectBuilder(there).at("accepted", name=f"{village.name}通组路硬化")


def test_the_registers_table_takes_as_many_queries_for_five_villages_as_for_one(funded, media, client_for,
                                                                              django_assert_max_num_queries):
    b = funded
    b.auditor = b.world.users[Role.AUDITOR]
    lend(b, b.members[0], "3000")
    ProjectBuilder(b).at("accepted")
    client = client_for(b.auditor)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse(URL), {"start": "2026-01", "end": "2026-12"})
    for n in range(4):
        a_village_with_a_fund_and_a_project(b, n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(URL), {"start": "2026-01", "end": "2026-12"})
    total = registers(response).rows[-1]
    assert len(registers(response).rows) == 6  # five villages and the 合计
    assert (total["fund_capital"], total["fund_lent"], total["project_count"], total["project_accepted"]) == (
        Decimal("1500000.00"), Decimal("11000.00"), 5, 5)
    assert total["project_paid"] == Decimal("1000000.00")


def test_the_ledger_summary_imports_nothing_of_the_registers():
    for path in ("finance/summary.py", "finance/reports/summary.py"):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        modules = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [m for m in modules if m and m.startswith(("finance.fund", "projects"))], path
