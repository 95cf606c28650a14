"""F3: NaN, Infinity and numbers too long for the books (1E+30) are refused in words by the fund — the carry-over
import against its cell, the carry-over operation naming the field, capital and repayments at the operation —
and nothing is written (decimal.InvalidOperation used to escape as a 500)."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from coop.refusals import BatchRefused
from finance.fund import carry_over_import
from finance.fund import operations as fund_ops
from finance.fund.models import CapitalReceipt, Loan, Repayment
from finance.fund.operations import CarriedRow
from tests import builders
from tests.fund.running import running, with_early_capital

BAD = ["nan", "inf", "1E+30"]
WORDS = ("不是有效的数字", "超出上限")


def refused_in_words(text):
    return any(words in text for words in WORDS)


@pytest.fixture
def paper(paper_world):
    fund_ops.carry_over_capital(fund=paper_world.fund, source="county_capital", amount="300000",
                                received_on=date(2016, 7, 1), by=paper_world.officer)
    return paper_world


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("column", ["借款金额", "已还本金", "月占用费率(‰)"])
def test_the_carry_over_import_refuses_a_non_finite_or_huge_number_against_its_cell(paper, bad, column):
    person = paper.members[0].household.persons.first()
    values = {"借款金额": "5000", "已还本金": "0", "月占用费率(‰)": "5"} | {column: bad}
    line = ["LB-1", person.name, person.id_number, "2025-12-10", values["借款金额"], "到期一次还本付费", "12",
            values["月占用费率(‰)"], "5", values["已还本金"], "0", "正常还款中", "", "县级财政扶贫资金", "养殖土鸡",
            "", ""]
    parsed = carry_over_import.parse(builders.xlsx([line], carry_over_import.HEADERS), paper.fund)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, column)] and refused_in_words(parsed.errors[0].message)


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("field", ["amount", "repaid_principal", "fee_rate_monthly"])
def test_carry_over_loans_refuses_a_non_finite_or_huge_number_naming_the_field(paper, bad, field):
    values = {"amount": "5000", "fee_rate_monthly": "5"} | {field: Decimal(bad)}
    row = CarriedRow(member=paper.members[0], contract_no="LB-1", lent_on=date(2025, 12, 10), method="lump_sum",
                     term_months=12, penalty_rate_daily="5", state="running", row=1, **values)
    with pytest.raises(BatchRefused) as refused:
        fund_ops.carry_over_loans(fund=paper.fund, rows=[row], by=paper.officer)
    assert [(r.row, r.error.field) for r in refused.value.refusals] == [(1, field)]
    assert refused.value.rule == Rule.R6 and refused_in_words(str(refused.value))
    assert not Loan.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_capital_refuses_a_non_finite_or_huge_amount(fund_world, bad):
    before = CapitalReceipt.objects.count()
    with pytest.raises(RuleViolation) as refused:
        fund_ops.record_capital(fund=fund_world.fund, source="county_capital", amount=Decimal(bad),
                                received_on=date(2026, 3, 1), payer="留坝县财政局", by=fund_world.chair)
    assert refused.value.field == "amount" and refused_in_words(str(refused.value))
    assert CapitalReceipt.objects.count() == before


@pytest.mark.parametrize("bad", BAD)
def test_a_repayment_refuses_a_non_finite_or_huge_amount(fund_world, bad):
    b = with_early_capital(fund_world)
    loan = running(b, b.members[0], "5000", method="lump_sum")
    with pytest.raises(RuleViolation) as refused:
        fund_ops.repay(loan=loan, paid_on=date(2026, 4, 1), amount=Decimal(bad), by=b.chair)
    assert refused.value.field == "amount" and refused_in_words(str(refused.value))
    assert not Repayment.objects.exists()
