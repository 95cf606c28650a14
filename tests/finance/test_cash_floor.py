"""R1 both ways: the village keeps no cash, so 库存现金 can neither rise above its cap nor fall below zero — on the
voucher's date or today — whichever door the payment comes through."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coop.errors import RuleViolation
from finance import operations as fin
from finance import queries
from finance.models import Voucher
from tests import builders
from tests.builders import lines, posted

PAY_CASH = (("513", "debit", "80.00"), ("101", "credit", "80.00"))


@pytest.fixture
def cap_500(books):
    books.ledger.village.cash_cap = Decimal("500.00")
    books.ledger.village.save()
    return books


def test_r1_a_cash_payment_with_no_cash_on_hand_is_refused(books):
    with pytest.raises(RuleViolation) as err:
        posted(books.ledger, books.day, PAY_CASH, preparer=books.chair, approver=books.officer)
    assert err.value.rule == "R1"
    assert books.ledger.village.name in str(err.value) and "-¥80.00" in str(err.value)
    assert not Voucher.objects.exists() and queries.cash_balance(books.ledger) == 0


def test_r1_paying_out_the_cash_on_hand_down_to_zero_is_allowed(cap_500):
    posted(cap_500.ledger, cap_500.day, (("101", "debit", "80"), ("501", "credit", "80")),
           preparer=cap_500.chair, approver=cap_500.officer)
    posted(cap_500.ledger, cap_500.day, PAY_CASH, preparer=cap_500.chair, approver=cap_500.officer)
    assert queries.cash_balance(cap_500.ledger) == 0


def test_r1_a_payment_dated_before_the_cash_came_in_is_refused(cap_500):
    posted(cap_500.ledger, date(2026, 11, 10), (("101", "debit", "80"), ("501", "credit", "80")),
           preparer=cap_500.chair, approver=cap_500.officer)
    with pytest.raises(RuleViolation) as err:
        posted(cap_500.ledger, date(2026, 11, 2), PAY_CASH, preparer=cap_500.chair, approver=cap_500.officer)
    assert err.value.rule == "R1" and "2026-11-02" in str(err.value) and "-¥80.00" in str(err.value)


def test_r1_negative_opening_cash_is_refused(books):
    with pytest.raises(RuleViolation) as err:
        fin.set_opening_balances(ledger=books.ledger, by=books.officer,
                                 balances=[("101", "0", "30"), ("102", "30", "0")])
    assert err.value.rule == "R1"


def test_r1_the_post_button_refuses_a_payment_from_empty_cash(books, client_for):
    voucher = fin.submit(voucher=fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*PAY_CASH),
                                             by=books.chair), by=books.chair)
    fin.review(voucher=voucher, by=books.officer)
    response = client_for(books.officer_b).post(reverse("admin:finance_voucher_step", args=[voucher.pk, "post"]),
                                                {"confirmed": "yes"})
    assert response.status_code < 500
    assert any("R1" in str(m) and "库存现金不能为负数" in str(m) for m in get_messages(response.wsgi_request))
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REVIEWED


def test_r1_an_imported_cash_payment_is_refused_when_posted(books, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [["2026-11-03", 1, "现金支付办公费", "513", "80.00", None, 1],
            ["2026-11-03", 1, "现金支付办公费", "101", None, "80.00", None]]
    header = ["日期", "凭证号", "摘要", "科目代码", "借方金额", "贷方金额", "附单据张数"]
    client = client_for(books.chair)
    url = reverse("finance:import", args=[books.ledger.village.code])
    preview = client.post(url, {"kind": "vouchers", "file": SimpleUploadedFile("v.xlsx", builders.xlsx(rows, header))})
    client.post(url, {"token": preview.context["token"], "kind": "vouchers"})
    voucher = Voucher.objects.get()
    fin.review(voucher=voucher, by=books.officer)
    with pytest.raises(RuleViolation) as err:
        fin.post(voucher=voucher, by=books.officer_b)
    assert err.value.rule == "R1"
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REVIEWED
