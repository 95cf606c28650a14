"""Bulk matching as the township officer meets it: a statement whose lines the automatic matching could not place
(the bank booked them a week late), two lines and two book lines ticked and matched in one click, a third line
ticked with nothing fitting named with its row, and the table agreeing once the rest is explained."""

import os
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from coop.roles import Role
from finance.bank import operations as bank_ops
from finance.bank.models import BankFormat, BankMatch
from finance.models import Account, VoucherLine
from tests.browser.conftest import box
from tests.builders import posted
from tests.finance.conftest import statement_csv


def shot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"bank_bulk_match_{name}.png"), full_page=True)


def test_the_officer_ticks_lines_and_book_lines_and_matches_them_in_one_click(books, page_as):
    officer, officer_b, chair = books.users[Role.TOWNSHIP_OFFICER], books.officer_b, books.users[Role.CHAIRMAN]
    posted(books.ledger, date(2026, 11, 3), (("10201", "debit", "300.00", "收服务费"), ("501", "credit", "300.00")),
           preparer=chair, approver=officer_b)
    posted(books.ledger, date(2026, 11, 4), (("513", "debit", "1200.00"), ("10201", "credit", "1200.00", "付工资")),
           preparer=chair, approver=officer_b)
    shares = VoucherLine.objects.get(account__code="10201", voucher__date=date(2026, 11, 2)).amount
    account = Account.objects.get(village=books.v11, code="10201")
    statement = bank_ops.import_statement(
        ledger=books.ledger, account=account, year=2026, month=11, by=officer, filename="11月.csv",
        bank_format=BankFormat.objects.get(bank_name="陕西信合(农村信用社)"), data=statement_csv([
            ("2026-11-02", "股金存入", "李桂芳", "", f"{shares}", f"{shares}"),
            ("2026-11-12", "服务费", "", "", "300.00", f"{shares + 300}"),
            ("2026-11-13", "代发工资", "", "1200.00", "", f"{shares - 900}"),
            ("2026-11-21", "结息", "", "", "1.00", f"{shares - 899}"),
        ]))
    bank_ops.auto_match(statement=statement, by=officer)  # only the shares, on the same day
    assert BankMatch.objects.count() == 1

    page = page_as(officer)
    page.goto(page.base + reverse("finance:bank", args=[books.v11.code]) + "?" + urlencode(
        {"account": account.pk, "year": 2026, "month": 11}))
    assert page.locator("#recon-lines input[name=lines]").count() == 3  # the matched line has no tick
    assert box(page, "#recon-lines tr[data-row='4'] input[name=lines]")["width"] > 0
    for row in (4, 5, 6):
        page.check(f"#recon-lines tr[data-row='{row}'] input[name=lines]")
    page.locator("#recon-books label", has_text="收服务费").locator("input").check()
    page.locator("#recon-books label", has_text="付工资").locator("input").check()
    shot(page, "1_ticked")
    with page.expect_navigation():
        page.get_by_role("button", name="勾对所选", exact=True).click()
    messages = page.locator(".messagelist").inner_text()
    assert "已勾对 2 行" in messages and "对账单第 6 行:所选分录中没有借方 ¥1.00 且未勾对的" in messages
    assert set(BankMatch.objects.values_list("statement_line__row", flat=True)) == {3, 4, 5}
    assert page.locator("#recon-books").count() == 0  # every book line of the month is matched now
    assert page.locator("#recon-lines input[name=lines]").count() == 1  # the interest, for an explanation
    shot(page, "2_matched")
