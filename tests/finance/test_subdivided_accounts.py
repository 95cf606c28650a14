"""An account the village has posted to can still be subdivided (a register's account under 501 in a village
that has sold things for years): its own history stays where it was, the statements count it, new postings go to
the details, and the year-end close and a reversal settle what it still carries."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import RuleViolation
from coop.roles import Role
from finance import operations as fin
from finance import queries
from finance.models import Account, Period
from tests.builders import account, ledger, posted


def std(code):
    return Account.objects.get(chart="2023", village=None, code=code)


@pytest.fixture
def sold_last_year(books, world):
    """沙河村's 2025 books with 3,000 元 of sales posted straight to 501 in March."""
    books_2025 = ledger(world.v12, books.officer, start=date(2025, 1, 1), through=(2025, 12))
    chair = account("chair12", Role.CHAIRMAN, village=world.v12)
    sale = posted(books_2025, date(2025, 3, 5), (("102", "debit", "3000"), ("501", "credit", "3000")),
                  preparer=chair, approver=books.officer)
    return books_2025, chair, sale


def test_a_register_opens_its_account_under_an_account_the_village_already_posted_to(books, sold_last_year):
    books_2025, _, _ = sold_last_year
    fee = fin.managed_account(village=books_2025.village, code="50121", name="占用费收入", parent_code="501",
                              book="互助资金", by=books.officer)
    assert fee.parent == std("501") and fee.managed_by == "互助资金"


def test_after_subdividing_new_postings_go_to_the_details_and_the_trial_balance_adds_both(books, sold_last_year):
    books_2025, chair, _ = sold_last_year
    fin.add_sub_account(parent=std("501"), village=books_2025.village, code="50101", name="农产品销售",
                        by=books.officer)
    with pytest.raises(RuleViolation) as err:
        posted(books_2025, date(2025, 4, 2), (("102", "debit", "100"), ("501", "credit", "100")),
               preparer=chair, approver=books.officer)
    assert "明细科目" in str(err.value)
    posted(books_2025, date(2025, 4, 2), (("102", "debit", "100"), ("50101", "credit", "100")),
           preparer=chair, approver=books.officer)
    rows = {row.account.code: row for row in queries.trial_balance(books_2025, 2025, 4)}
    assert rows["501"].ytd_credit == Decimal("3100.00")
    assert rows["50101"].ytd_credit == Decimal("100.00")


def test_the_year_end_close_settles_what_the_subdivided_account_still_carries(books, sold_last_year):
    books_2025, chair, _ = sold_last_year
    fin.add_sub_account(parent=std("501"), village=books_2025.village, code="50101", name="农产品销售",
                        by=books.officer)
    posted(books_2025, date(2025, 4, 2), (("102", "debit", "100"), ("50101", "credit", "100")),
           preparer=chair, approver=books.officer)
    for month in range(1, 12):
        fin.close_period(period=Period.objects.get(ledger=books_2025, year=2025, month=month), by=books.officer)
    closing = fin.prepare_year_end(ledger=books_2025, year=2025, by=books.officer)
    settled = {line.account.code: line.amount for line in closing.lines.select_related("account")
               if line.account.code.startswith("501")}
    assert settled == {"501": Decimal("3000.00"), "50101": Decimal("100.00")}
    fin.review(voucher=closing, by=books.officer_b)
    fin.post(voucher=closing, by=books.officer_b)
    fin.close_period(period=Period.objects.get(ledger=books_2025, year=2025, month=12), by=books.officer)
    assert queries.balance_of(books_2025, std("32202")) == Decimal("3100.00")
    assert not queries.unclosed_profit_accounts(books_2025, 2025)


def test_a_voucher_posted_before_the_subdivision_can_still_be_reversed(books, sold_last_year):
    books_2025, _, sale = sold_last_year
    fin.add_sub_account(parent=std("501"), village=books_2025.village, code="50101", name="农产品销售",
                        by=books.officer)
    reversal = fin.reverse(voucher=sale, by=books.officer, on=date(2025, 4, 1), reason="重复记账")
    fin.review(voucher=reversal, by=books.officer_b)
    fin.post(voucher=reversal, by=books.officer_b)
    assert queries.balance_of(books_2025, std("501")) == 0
