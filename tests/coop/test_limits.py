"""The shared limits on typed years and numbers (coop.limits), the one number-cell parser every import uses
(coop.spreadsheets.number) and the net under them in coop.money.to_fen: a year outside 2000–2100, NaN,
Infinity and numbers past the ledger's 14 digits are refused in Chinese words, never raised as ValueError or
decimal.InvalidOperation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coop import limits, spreadsheets
from coop.errors import Rule, RuleViolation
from coop.money import to_fen


@pytest.mark.parametrize("year", [20266, 1999, 2101, 0, -1, None, "", "二〇二六"])
def test_a_year_outside_2000_to_2100_is_refused_naming_the_field(year):
    with pytest.raises(RuleViolation) as refused:
        limits.require_year(year, rule=Rule.SERVICES)
    assert refused.value.field == "year" and refused.value.rule == Rule.SERVICES


@pytest.mark.parametrize("year", [2000, 2026, 2100, "2026"])
def test_a_year_of_the_books_passes_as_an_int(year):
    assert limits.require_year(year, rule=Rule.R7) == int(year)


@pytest.mark.parametrize(("value", "words"), [
    (Decimal("nan"), "不是有效的数字"), (Decimal("-inf"), "不是有效的数字"), ("abc", "不是有效的数字"),
    (Decimal("1E+30"), "超出上限"), (Decimal("1000000000000"), "超出上限"), (0.1, "浮点数"), (True, "不是有效的数字"),
])
def test_a_number_the_ledger_cannot_hold_is_refused_in_words(value, words):
    assert words in limits.number_problem(value, "金额")
    with pytest.raises(RuleViolation) as refused:
        limits.require_number(value, "金额", rule=Rule.R6, field="amount")
    assert refused.value.field == "amount" and words in str(refused.value)


@pytest.mark.parametrize("value", [Decimal("999999999999.99"), Decimal("-5"), "12.5", 7, None])
def test_a_number_within_twelve_whole_digits_passes(value):
    assert limits.number_problem(value, "金额") is None


def test_a_column_with_fewer_digits_is_judged_by_its_own():
    assert limits.number_problem(Decimal("1000000"), "天数", whole_digits=6)
    assert limits.number_problem(Decimal("999999.9"), "天数", whole_digits=6) is None


@pytest.mark.parametrize(("text", "expected"), [("1,234.50", Decimal("1234.50")), ("¥300元", Decimal("300")),
                                                ("1,000", Decimal("1000")), ("", None), ("  ", None)])
def test_a_number_cell_reads_as_clerks_type_it(text, expected):
    assert spreadsheets.number(text, "单价") == expected


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "1E+30", "abc", "1000000000000"])
def test_a_number_cell_that_is_not_a_finite_amount_is_a_cell_error_naming_the_column(text):
    with pytest.raises(spreadsheets.CellError) as refused:
        spreadsheets.number(text, "单价")
    assert str(refused.value).startswith("单价")


@pytest.mark.parametrize("value", [Decimal("nan"), Decimal("inf"), "1E+30"])
def test_to_fen_refuses_what_is_not_an_amount_as_a_validation_error(value):
    with pytest.raises(ValidationError):
        to_fen(value)
