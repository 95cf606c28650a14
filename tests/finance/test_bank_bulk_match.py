"""Bulk matching on the reconciliation page (issue 10): tick several statement lines and book lines and match them
in one click, or auto-match the ticked lines; each pair goes through the one match operation, a line that cannot
be matched is named with its row and why, and the others are done."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from coop.errors import Rule, RuleViolation
from finance.bank import operations as bank_ops
from finance.bank.models import BankMatch
from tests import builders
from tests.finance.conftest import statement_csv

pytestmark = pytest.mark.django_db


def page(bank):
    return reverse("finance:bank", args=[bank.ledger.village.code]) + "?" + urlencode(
        {"account": bank.account.pk, "year": 2026, "month": 11})


def rows(bank, *numbers):
    return [bank.statement.lines.get(row=n).pk for n in numbers]


def book(bank, amount):
    return bank.ledger.vouchers.get(lines__account__code="102", lines__amount=amount).lines.get(account__code="102")


def bulk(client, bank, how, lines, books=()):
    return client.post(page(bank), {"action": "bulk", "bulk": how, "lines": lines, "books": [b.pk for b in books]},
                       follow=True)


def test_ticked_lines_are_matched_to_the_ticked_book_lines_of_their_amount(imported, client_for):
    shares, cleaning = book(imported, "50000"), book(imported, "1200")
    shown = bulk(client_for(imported.officer), imported, "hand", rows(imported, 3, 4), [cleaning, shares])
    assert "已勾对 2 行" in shown.text
    assert {(m.statement_line.row, m.voucher_line_id, m.automatic) for m in BankMatch.objects.all()} == {
        (3, shares.pk, False), (4, cleaning.pk, False)}


def test_a_line_without_a_fitting_ticked_book_line_is_refused_by_row_and_the_others_are_matched(
        imported, client_for):
    shown = bulk(client_for(imported.officer), imported, "hand", rows(imported, 3, 5), [book(imported, "50000")])
    assert "已勾对 1 行" in shown.text
    assert "对账单第 5 行:所选分录中没有借方 ¥35.20 且未勾对的" in shown.text
    assert [m.statement_line.row for m in BankMatch.objects.all()] == [3]


def test_auto_matching_the_ticked_lines_names_each_line_it_cannot_match(imported, client_for):
    shown = bulk(client_for(imported.officer), imported, "auto", rows(imported, 3, 4, 5))
    assert "自动勾对 2 行" in shown.text
    assert "对账单第 5 行:前后 3 天内没有金额、方向相符的未勾对分录,请手工勾对" in shown.text
    assert sorted((m.statement_line.row, m.automatic) for m in BankMatch.objects.all()) == [(3, True), (4, True)]
    assert not BankMatch.objects.filter(statement_line__row=6).exists()  # not ticked: left alone


def test_a_line_already_matched_is_refused_again_without_undoing_its_match(imported, client_for):
    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    shown = bulk(client_for(imported.officer), imported, "auto", rows(imported, 3))
    assert "对账单第 3 行已经勾对" in shown.text and BankMatch.objects.count() == 2


def test_nothing_ticked_or_nothing_of_this_page_says_so_and_matches_nothing(imported, client_for):
    client = client_for(imported.officer)
    assert "请先勾选要勾对的对账单行" in bulk(client, imported, "auto", []).text
    assert "请先勾选要勾对的对账单行" in bulk(client, imported, "auto", ["abc", "-1"]).text
    assert "请同时勾选要与之勾对的账簿分录" in bulk(client, imported, "hand", rows(imported, 3)).text
    assert not BankMatch.objects.exists()


def test_another_villages_statement_lines_cannot_be_ticked_in(imported, client_for):
    world = imported.world
    other = builders.ledger(world.v12, imported.officer)
    account = imported.account
    statement = bank_ops.import_statement(
        ledger=other, account=account, year=2026, month=11, bank_format=imported.format, by=imported.officer,
        data=statement_csv([("2026-11-02", "存入", "", "", "5.00", "5.00")]), filename="b.csv")
    shown = bulk(client_for(imported.officer), imported, "auto", [statement.lines.get().pk])
    assert "请先勾选要勾对的对账单行" in shown.text and not BankMatch.objects.exists()


def test_the_chairman_cannot_bulk_match(imported, client_for):
    response = client_for(imported.chair).post(page(imported), {"action": "bulk", "bulk": "auto",
                                                                "lines": rows(imported, 3)})
    assert response.status_code == 403 and not BankMatch.objects.exists()


def test_the_page_offers_the_ticks_and_the_unmatched_book_lines(imported, client_for):
    text = client_for(imported.officer).get(page(imported)).text
    assert 'form="recon-bulk"' in text and "勾对所选" in text and "自动勾对所选" in text
    assert text.count('name="lines"') == 4 and text.count('name="books"') == 4


def test_the_operations_refuse_in_chinese_when_nothing_fits(imported):
    line = imported.statement.lines.get(row=6)
    with pytest.raises(RuleViolation) as refused:
        bank_ops.auto_match_line(statement_line=line, by=imported.officer)
    assert refused.value.rule == Rule.LEDGER
    with pytest.raises(RuleViolation) as refused:
        bank_ops.match_among(statement_line=line, choices=[book(imported, "800")], by=imported.officer)
    assert "所选分录中没有贷方 ¥20.00" in str(refused.value)
    assert not BankMatch.objects.exists()
