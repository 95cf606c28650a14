"""coop.money: display, 大写 per 会计基础工作规范 第52条, rounding and exact splits."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.money import daxie, split, to_fen, yuan


@pytest.mark.parametrize(("amount", "text"), [
    ("0.01", "壹分"),
    ("0.50", "伍角整"),
    ("10", "壹拾元整"),
    ("10.5", "壹拾元伍角整"),
    ("1409.50", "壹仟肆佰零玖元伍角整"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
    ("100000", "壹拾万元整"),
    ("1000010.01", "壹佰万零壹拾元零壹分"),
    ("120000000", "壹亿贰仟万元整"),
    ("0", "零元整"),
    ("0.005", "壹分"),  # half-up to the fen, never truncated
    ("-3.20", "负叁元贰角整"),
])
def test_daxie_follows_the_accounting_rules(amount, text):
    assert daxie(Decimal(amount)) == text


def test_floats_are_refused():
    with pytest.raises(TypeError):
        daxie(0.1)


@pytest.mark.parametrize(("amount", "text"), [
    ("1234.56", "¥1,234.56"), ("0", "¥0.00"), ("1844000", "¥1,844,000.00"), ("-5.5", "-¥5.50"),
    ("2.345", "¥2.35"),
])
def test_yuan_shows_amounts_as_clerks_write_them(amount, text):
    assert yuan(Decimal(amount)) == text


def test_to_fen_rounds_half_up():
    assert to_fen("2.665") == Decimal("2.67")
    assert to_fen("-2.665") == Decimal("-2.67")


@given(total=st.decimals(min_value=-10**9, max_value=10**9, places=2),
       weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40)
       .filter(lambda w: sum(w) > 0))
def test_split_parts_add_up_to_the_whole_whatever_the_sign(total, weights):
    parts = split(total, weights)
    assert sum(parts) == total
    assert all(p * total >= 0 for p in parts)
    assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)


def test_a_negative_total_splits_as_the_mirror_of_the_positive_one():
    assert split(Decimal("-1.00"), [1, 1, 1]) == [Decimal("-0.34"), Decimal("-0.33"), Decimal("-0.33")]


def test_split_gives_the_odd_fen_to_the_largest_remainder():
    assert split(Decimal("100.00"), [1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert split(Decimal("10.00"), [1, 2]) == [Decimal("3.33"), Decimal("6.67")]


def test_a_money_column_reads_a_sum_exact_to_the_fen_as_two_places():
    """SQLite returns SUM() as a 15-digit Decimal; saving one (a subsidy claim's interest paid) must not be refused
    as too many digits, while an amount finer than a fen still is."""
    from django.core.exceptions import ValidationError

    from coop.models import money_field

    field = money_field("金额")
    assert field.clean(Decimal("22.9600000000000"), None) == Decimal("22.96")
    assert str(field.clean(Decimal("5.00000000000000"), None)) == "5.00"
    for finer in (Decimal("22.961"), Decimal("1E+30")):
        with pytest.raises(ValidationError):
            field.clean(finer, None)
    assert field.deconstruct()[1] == "django.db.models.DecimalField"  # the same column for migrations
