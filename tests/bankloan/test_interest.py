"""The bank's arithmetic (finance/bankloan/interest.py), against figures worked by hand."""

from datetime import date
from decimal import Decimal as D

import pytest

from finance.bankloan import interest


def figures(**kw):
    base = {"opening": D("0"), "movements": [], "annual_rate_pct": D("4.35"), "markup_pct": D("50")}
    return interest.period_figures(**{**base, **kw})


def test_reference_example_50000_at_435_percent_for_91_days_is_549_79():
    f = figures(opening=D("50000"), start=date(2026, 1, 1), end=date(2026, 4, 1), maturity=date(2027, 1, 1))
    assert (f.days, f.interest, f.penalty) == (91, D("549.79"), D("0.00"))


def test_a_quarter_with_a_drawdown_and_a_repayment_inside_counts_each_day_on_its_own_balance():
    # 21 Mar–20 Jun: 100,000 for 41 days, 150,000 for 31 (drawn 1 May), 120,000 for 20 (30,000 repaid 1 Jun)
    f = figures(opening=D("100000"), movements=[(date(2026, 5, 1), D("50000")), (date(2026, 6, 1), D("-30000"))],
                start=date(2026, 3, 21), end=date(2026, 6, 20), maturity=date(2027, 1, 4))
    assert [(s.days, s.principal) for s in f.spans] == [(41, D("100000")), (31, D("150000")), (20, D("120000"))]
    assert f.days == 92
    assert f.principal_days == D("11150000")
    assert f.interest == D("1347.29")  # 11,150,000 × 4.35 % / 360 = 1,347.2916…
    assert f.closing_principal == D("120000")


def test_a_drawdown_on_the_first_day_earns_interest_from_that_day():
    f = figures(movements=[(date(2026, 1, 5), D("300000"))], start=date(2026, 1, 5), end=date(2026, 3, 20),
                maturity=date(2027, 1, 5))
    assert f.days == 75
    assert f.interest == D("2718.75")  # 300,000 × 75 × 4.35 % / 360


def test_principal_owed_after_maturity_bears_penalty_at_the_markup_and_is_never_subsidised():
    # 100,000 due 30 Jun: 21–30 Jun at 4.35 % (10 days), 1 Jul–20 Sep overdue at 6.525 % (82 days)
    f = figures(opening=D("100000"), start=date(2026, 6, 21), end=date(2026, 9, 20), maturity=date(2026, 6, 30),
                principal_cap=D("300000"))
    assert f.interest == D("120.83")
    assert f.overdue_principal_days == D("8200000")
    assert f.penalty == D("1486.25")  # 8,200,000 × 6.525 % / 360
    assert f.subsidisable_principal_days == D("1000000")
    assert f.subsidisable_interest == D("120.83")


def test_the_policys_ceilings_limit_what_is_subsidisable():
    # the mid-quarter case, principal capped at 100,000 → 9,200,000 principal-days
    f = figures(opening=D("100000"), movements=[(date(2026, 5, 1), D("50000")), (date(2026, 6, 1), D("-30000"))],
                start=date(2026, 3, 21), end=date(2026, 6, 20), maturity=date(2027, 1, 4),
                principal_cap=D("100000"))
    assert f.subsidisable_principal_days == D("9200000")
    assert f.subsidisable_interest == D("1111.67")
    # the term cap: subsidised to 31 May only (72 of the 92 days)
    g = figures(opening=D("100000"), start=date(2026, 3, 21), end=date(2026, 6, 20), maturity=date(2027, 1, 4),
                principal_cap=D("300000"), subsidy_until=date(2026, 5, 31))
    assert g.subsidisable_principal_days == D("7200000")


def test_subsidy_on_the_interest_actually_paid_takes_the_policys_share_of_at_most_the_subsidisable():
    assert interest.subsidy_on_actual(D("1347.29"), D("1111.67"), D("80")) == D("889.34")  # 1,111.67 × 80 %
    assert interest.subsidy_on_actual(D("1000.00"), D("1111.67"), D("100")) == D("1000.00")
    assert interest.subsidy_on_actual(D("0"), D("1111.67"), D("100")) == D("0.00")


def test_subsidy_at_fixed_points_ignores_the_banks_rate():
    assert interest.subsidy_on_points(D("9200000"), D("5")) == D("1277.78")  # 9,200,000 × 5 % / 360
    assert interest.subsidy_on_points(D("9200000"), D("3")) == D("766.67")


@pytest.mark.parametrize(("after", "maturity", "monthly", "expected"), [
    (None, date(2027, 1, 5), False, (date(2026, 1, 5), date(2026, 3, 20))),
    (date(2026, 3, 20), date(2027, 1, 5), False, (date(2026, 3, 21), date(2026, 6, 20))),
    (date(2026, 12, 20), date(2027, 1, 5), False, (date(2026, 12, 21), date(2027, 1, 5))),  # ends at maturity
    (date(2027, 1, 5), date(2027, 1, 5), False, (date(2027, 1, 6), date(2027, 3, 20))),  # overdue: next quarter
    (None, date(2027, 1, 5), True, (date(2026, 1, 5), date(2026, 1, 20))),
    (date(2026, 1, 20), date(2027, 1, 5), True, (date(2026, 1, 21), date(2026, 2, 20))),
])
def test_periods_end_on_the_20th_of_the_quarters_last_month_or_of_each_month_or_at_maturity(
        after, maturity, monthly, expected):
    assert interest.next_period(after=after, first_drawdown=date(2026, 1, 5), maturity=maturity, monthly=monthly,
                                outstanding_after_maturity=True) == expected


def test_repaying_more_than_is_outstanding_is_an_error_of_the_caller():
    with pytest.raises(ValueError):
        interest.spans(D("100"), [(date(2026, 2, 1), D("-200"))], date(2026, 1, 1), date(2026, 3, 1),
                       date(2027, 1, 1))


def test_a_term_ends_on_the_months_last_day_when_it_is_shorter():
    assert interest.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert interest.add_months(date(2026, 1, 5), 12) == date(2027, 1, 5)
