"""One reading of a typed bank account number, for every payment that must go to an account (R1)."""

import pytest

from coop.validators import bank_account_number


@pytest.mark.parametrize("typed, read", [("6217 0000 1234 5678", "6217000012345678"), ("12345678", "12345678"),
                                         ("1234567", None), ("62170000abc", None), ("", None), (None, None),
                                         ("1" * 31, None)])
def test_an_account_is_8_to_30_digits_once_spaces_are_dropped(typed, read):
    assert bank_account_number(typed) == read
