"""The distribution's arithmetic for any figures (hypothesis): the parts add up to the pool to the fen, no part is
negative, a member without shares on the record date gets nothing."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from distribution import arithmetic

pools = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)
holdings = st.dictionaries(st.integers(min_value=1, max_value=5000), st.integers(min_value=0, max_value=10_000),
                           min_size=1, max_size=60)
ratios = st.integers(min_value=0, max_value=100).flatmap(
    lambda a: st.integers(min_value=0, max_value=100 - a).map(lambda b: (a, b, 100 - a - b)))


@given(pools, ratios)
def test_the_three_parts_add_up_to_the_pool(pool, split):
    parts = arithmetic.split_pool(pool, *split)
    assert parts.dividends + parts.development + parts.accumulation == pool
    assert min(parts.dividends, parts.development, parts.accumulation) >= 0


@given(pools, holdings)
def test_dividends_add_up_to_the_fen_and_none_is_negative(pool, held):
    amounts = arithmetic.dividends(pool, held)
    if any(held.values()):
        assert sum(amounts.values()) == pool
    assert all(a >= 0 and a == a.quantize(Decimal("0.01")) for a in amounts.values())
    assert all(held[key] > 0 for key in amounts)  # no shares on the record date: nothing


def test_ratios_add_up_only_at_exactly_100():
    assert arithmetic.ratios_add_up(60, 20, 20)
    assert not arithmetic.ratios_add_up(60, 30, 20)
    assert not arithmetic.ratios_add_up(110, -5, -5)
