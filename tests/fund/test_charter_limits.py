"""The cooperative's charter ceilings bind loans as they stood on the application date, and a charter
amendment cannot take effect before a loan already applied for."""

from datetime import date
from decimal import Decimal as D

import pytest

from coop import operations as coop_ops
from coop.errors import Rule, RuleViolation
from finance.fund.models import Loan
from tests.fund.conftest import apply


def test_the_charters_loan_ceiling_on_the_application_date_binds(fund_world):
    b = fund_world
    coop_ops.amend_charter(cooperative=b.coop, adopted_on=date(2026, 10, 1), effective_from=date(2026, 10, 1),
                           loan_max_amount=D("4000"), by=b.admin)
    apply(b, b.members[0], "5000", applied_on=date(2026, 9, 30))
    with pytest.raises(RuleViolation, match="首次借款上限 ¥4,000.00") as err:
        apply(b, b.members[1], "5000")
    assert err.value.rule == Rule.R6 and Loan.objects.count() == 1


def test_the_charters_longest_term_binds(fund_world):
    b = fund_world
    coop_ops.amend_charter(cooperative=b.coop, adopted_on=date(2026, 10, 1), effective_from=date(2026, 10, 1),
                           loan_max_term_months=6, by=b.admin)
    with pytest.raises(RuleViolation, match="借款期限 12 个月"):
        apply(b, b.members[0], "1000", term_months=12)
    apply(b, b.members[0], "1000", term_months=6)


def test_an_amendment_cannot_take_effect_before_a_loan_already_applied_for(fund_world):
    b = fund_world
    apply(b, b.members[0], "1000")
    with pytest.raises(RuleViolation, match="互助资金借款 1 笔"):
        coop_ops.amend_charter(cooperative=b.coop, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1),
                               loan_max_amount=D("500"), by=b.admin)
