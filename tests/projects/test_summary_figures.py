"""The projects' figures for the books summary: per village ledger, the count, the total investment with approved
variations, what was paid and how many were accepted, as at the summary's end date, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

from projects import summary


def test_the_figures_count_the_projects_money_and_acceptances_as_at_the_end_date(site, django_assert_max_num_queries):
    accepted = site.build.at("accepted")
    site.build.at("approved", total="100000.00", name="饮水工程")
    with django_assert_max_num_queries(3):
        figures = summary.read([site.ledger], date(2026, 12, 31))[site.ledger.pk]
    assert figures == {"project_count": 2, "project_investment": Decimal("350000.00"),
                       "project_paid": Decimal("200000.00"), "project_accepted": 1}
    before = summary.read([site.ledger], date(2026, 4, 30))[site.ledger.pk]
    assert before["project_paid"] == Decimal("0.00") and before["project_accepted"] == 0
    assert accepted.acceptance.on == date(2026, 11, 1)


def test_a_subtotal_sums_the_villages_and_an_empty_village_reads_zero():
    empty = summary.combine([])
    assert empty == {"project_count": 0, "project_investment": Decimal("0.00"), "project_paid": Decimal("0.00"),
                     "project_accepted": 0}
    two = summary.combine([{**empty, "project_count": 1, "project_paid": Decimal("5.00")},
                           {**empty, "project_count": 2, "project_paid": Decimal("1.50")}])
    assert two["project_count"] == 3 and two["project_paid"] == Decimal("6.50")
    assert sorted(column.key for column in summary.columns()) == sorted(empty)
