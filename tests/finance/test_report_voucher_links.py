"""Journals and ledgers lead to their vouchers on screen (plain numbers in PDF and xlsx), and the journals show
each line's 对方科目 — the other side of the voucher — not the journal's own account."""

import io
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from openpyxl import load_workbook

from finance.models import Account
from finance.reports import builders
from tests.builders import posted

SHARES = (("102", "debit", "1844000"), ("301", "credit", "1844000"))


def url(books, key, **params):
    return reverse("finance:report", args=[books.ledger.village.code, key]) + "?" + urlencode(
        {"year": 2026, "month": 11, **params})


def test_the_bank_journal_names_the_counter_account_not_the_bank(books):
    posted(books.ledger, date(2026, 11, 2), SHARES, preparer=books.chair, approver=books.officer)
    rows = builders.journal(books.ledger, 2026, 11, "bank").rows
    shares = Account.objects.get(chart="2023", village=None, code="301")
    assert rows[1]["account"] == f"301 {shares.name}"


def test_voucher_numbers_in_journals_and_ledgers_link_to_the_voucher_on_screen_only(books, client_for):
    voucher = posted(books.ledger, date(2026, 11, 2), SHARES, preparer=books.chair, approver=books.officer)
    link = f'<a href="{reverse("admin:finance_voucher_change", args=[voucher.pk])}">记{voucher.number}</a>'
    client = client_for(books.auditor)
    account = Account.objects.get(chart="2023", village=None, code="102")
    for key, params in [("bank-journal", {}), ("subsidiary-ledger", {"account": account.pk})]:
        assert link in client.get(url(books, key, **params)).text, key
        sheet = load_workbook(io.BytesIO(client.get(url(books, key, format="xlsx", **params)).content)).active
        assert f"记{voucher.number}" in [cell.value for row in sheet.iter_rows() for cell in row], key
