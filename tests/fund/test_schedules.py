"""Schedules against hand tables and the published case (REFERENCE-FUND.md §4), with the one rounding rule."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finance.fund import schedules
from finance.fund.models import RepaymentMethod as M

BENCHMARK = D("3.625")  # 4.35 % a year = 3.625‰ a month

# REFERENCE-FUND.md §4, full schedule: (payment, principal, fee, balance after)
PUBLISHED_ANNUITY = [
    ("8530.99", "8168.49", "362.50", "91831.51"), ("8530.99", "8198.10", "332.89", "83633.41"),
    ("8530.99", "8227.82", "303.17", "75405.59"), ("8530.99", "8257.64", "273.35", "67147.95"),
    ("8530.99", "8287.58", "243.41", "58860.37"), ("8530.99", "8317.62", "213.37", "50542.75"),
    ("8530.99", "8347.77", "183.22", "42194.98"), ("8530.99", "8378.03", "152.96", "33816.95"),
    ("8530.99", "8408.40", "122.59", "25408.55"), ("8530.99", "8438.88", "92.11", "16969.67"),
    ("8530.99", "8469.47", "61.52", "8500.20"), ("8531.01", "8500.20", "30.81", "0.00"),
]


def test_annuity_matches_the_published_table_row_by_row():
    rows = schedules.make(M.ANNUITY, principal=D("100000"), months=12, rate_per_mille=BENCHMARK,
                          start=date(2024, 1, 15))
    balance = D("100000.00")
    for row, (payment, principal, fee, after) in zip(rows, PUBLISHED_ANNUITY, strict=True):
        balance -= row.principal
        assert (row.payment, row.principal, row.fee, balance) == (D(payment), D(principal), D(fee), D(after))


def test_annuity_fee_total_is_two_fen_above_the_published_total_as_the_docstring_explains():
    rows = schedules.make(M.ANNUITY, principal=D("100000"), months=12, rate_per_mille=BENCHMARK,
                          start=date(2024, 1, 15))
    assert sum(r.fee for r in rows) == D("2371.90")
    assert sum(r.fee for r in rows) - D("2371.88") == D("0.02")
    assert rows[-1].payment - rows[0].payment == D("0.02")


@pytest.mark.parametrize(("principal", "rate", "payment", "first_fee", "first_principal"), [
    ("10000", BENCHMARK, "853.10", "36.25", "816.85"),  # S40: 10,000 → 853.10
    ("100000", D("5"), "8606.64", "500.00", "8106.64"),  # S41: 6 % a year
])
def test_annuity_payment_matches_other_published_cases(principal, rate, payment, first_fee, first_principal):
    rows = schedules.make(M.ANNUITY, principal=D(principal), months=12, rate_per_mille=rate, start=date(2024, 1, 1))
    assert (rows[0].payment, rows[0].fee, rows[0].principal) == (D(payment), D(first_fee), D(first_principal))


def test_annuity_at_six_percent_leaves_the_published_balance_after_month_one():
    rows = schedules.make(M.ANNUITY, principal=D("100000"), months=12, rate_per_mille=D("5"), start=date(2024, 1, 1))
    assert D("100000") - rows[0].principal == D("91893.36")
    assert sum(r.payment for r in rows) == D("103279.73")  # published 103,279.68 = 12 × 8,606.64: rounded fees


def test_equal_principal_matches_the_published_case_within_the_rounding_of_its_principal():
    """S40: 100,000 at 6.55 % for 120 months — first 1,379.17 with the principal unrounded (833.333…); the rule
    rounds the principal to 833.33, so the first payment is 1,379.16 and the last month takes 833.73."""
    rows = schedules.make(M.EQUAL_PRINCIPAL, principal=D("100000"), months=120, rate_per_mille=D("65.5") / 12,
                          start=date(2024, 1, 1))
    assert rows[0].payment == D("1379.16")
    assert rows[0].principal == D("833.33") and rows[-1].principal == D("833.73")
    assert rows[0].payment - rows[1].payment == D("4.55")
    assert sum(r.principal for r in rows) == D("100000.00")
    # published 33,022.92 = P·r·(n+1)/2; repaying 833.33 instead of 833.333… keeps the balance up to 0.40 higher
    # until the last month, and the fee on that difference is 0.13
    assert sum(r.fee for r in rows) == D("33023.05")


def test_equal_principal_hand_table():
    rows = schedules.make(M.EQUAL_PRINCIPAL, principal=D("1000"), months=3, rate_per_mille=D("10"),
                          start=date(2024, 3, 10))
    assert [(r.principal, r.fee) for r in rows] == [(D("333.33"), D("10.00")), (D("333.33"), D("6.67")),
                                                    (D("333.34"), D("3.33"))]


def test_lump_sum_is_one_instalment_with_the_fee_for_the_whole_term():
    """The 陇县 example of REFERENCE-FUND §4: 5,000 for 12 months at the benchmark → 217.50."""
    rows = schedules.make(M.LUMP_SUM, principal=D("5000"), months=12, rate_per_mille=BENCHMARK,
                          start=date(2024, 4, 30))
    assert rows == [schedules.Row(1, date(2025, 4, 30), D("5000.00"), D("217.50"))]


def test_fee_monthly_hand_table():
    rows = schedules.make(M.FEE_MONTHLY, principal=D("3333"), months=3, rate_per_mille=D("6.5"),
                          start=date(2024, 1, 31))
    assert [(r.due_on, r.principal, r.fee) for r in rows] == [
        (date(2024, 2, 29), D("0.00"), D("21.66")), (date(2024, 3, 31), D("0.00"), D("21.66")),
        (date(2024, 4, 30), D("3333.00"), D("21.66"))]


def test_due_dates_keep_the_day_or_take_the_month_end():
    assert schedules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert schedules.add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert schedules.add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)


def test_a_zero_rate_annuity_is_equal_principal_without_fee():
    rows = schedules.make(M.ANNUITY, principal=D("100"), months=3, rate_per_mille=0, start=date(2024, 1, 1))
    assert [(r.principal, r.fee) for r in rows] == [(D("33.33"), D("0")), (D("33.33"), D("0")), (D("33.34"), D("0"))]


@pytest.mark.parametrize("bad", [{"principal": 0}, {"months": 0}, {"rate_per_mille": -1}])
def test_nonsense_is_refused(bad):
    args = {"principal": D("100"), "months": 3, "rate_per_mille": D("5"), "start": date(2024, 1, 1)} | bad
    with pytest.raises(ValueError):
        schedules.make(M.ANNUITY, **args)


@given(method=st.sampled_from(list(M)),
       principal=st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2),
       months=st.integers(min_value=1, max_value=36),
       rate=st.decimals(min_value=D("0"), max_value=D("20"), places=3))
def test_no_schedule_loses_or_invents_a_fen(method, principal, months, rate):
    rows = schedules.make(method, principal=principal, months=months, rate_per_mille=rate, start=date(2024, 1, 31))
    assert sum(r.principal for r in rows) == principal
    assert all(r.principal >= 0 and r.fee >= 0 for r in rows)
    assert all(r.principal == r.principal.quantize(D("0.01")) and r.fee == r.fee.quantize(D("0.01")) for r in rows)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert all(a.due_on < b.due_on for a, b in zip(rows, rows[1:], strict=False))
