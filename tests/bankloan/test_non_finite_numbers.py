"""F3: NaN, Infinity and numbers too long for the books (1E+30) are refused in words by the subsidised loan's
operations, naming the field — the contract, a drawdown, a principal repayment, an interest payment — and
nothing is written (a comparison with NaN used to raise decimal.InvalidOperation, a 500)."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from finance.bankloan import operations as loans
from finance.bankloan.models import BankLoan, Drawdown

BAD = ["nan", "inf", "1E+30"]
WORDS = ("不是有效的数字", "超出上限")


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("field", ["principal", "annual_rate"])
def test_a_contract_with_a_non_finite_or_huge_number_is_refused_naming_the_field(bl, bad, field):
    values = {"principal": Decimal("100000"), "annual_rate": Decimal("4.35")} | {field: Decimal(bad)}
    with pytest.raises(RuleViolation) as refused:
        loans.register_loan(cooperative=bl.world.k11, bank="留坝县农村信用合作联社", contract_number="LB2026-009",
                            term_months=12, signed_on=date(2026, 2, 1), by=bl.chair, **values)
    assert refused.value.rule == Rule.BANKLOAN and refused.value.field == field
    assert any(words in str(refused.value) for words in WORDS)
    assert not BankLoan.objects.filter(contract_number="LB2026-009").exists()


@pytest.mark.parametrize("bad", BAD)
def test_a_drawdown_with_a_non_finite_or_huge_amount_is_refused(bl, bad):
    with pytest.raises(RuleViolation) as refused:
        loans.record_drawdown(loan=bl.loan, on=date(2026, 1, 10), amount=Decimal(bad), by=bl.chair)
    assert refused.value.field == "amount" and any(words in str(refused.value) for words in WORDS)
    assert not Drawdown.objects.exists()
