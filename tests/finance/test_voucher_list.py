"""The voucher list a township officer works from: the same few queries at any size, filters scoped to the
user, the 合计 of what is listed, and its xlsx export (issue 10, "voucher list")."""

from datetime import date

import pytest
from django.urls import reverse

from finance import operations as fin

LIST = "admin:finance_voucher_changelist"


def _post(books, n, *, on=None, amount="10.00"):
    for _i in range(n):
        fin.post_entry(village=books.ledger, on=on or books.day, summary="清单", prepared_by=books.chair,
                       approved_by=books.officer,
                       lines=[fin.Line.debit("102", amount), fin.Line.credit("501", amount)])


@pytest.mark.parametrize("vouchers", [1, 50])
def test_the_list_costs_the_same_few_queries_for_one_voucher_or_a_full_page(
        books, client_for, django_assert_max_num_queries, vouchers):
    _post(books, vouchers)
    client = client_for(books.officer)
    client.get(reverse(LIST))  # session and caches warm
    with django_assert_max_num_queries(11):
        response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert response.content.decode().count("记字第") >= vouchers


def test_the_month_filter_lists_only_that_month(books, client_for):
    _post(books, 1, on=date(2026, 3, 5), amount="3.00")
    _post(books, 2, on=date(2026, 4, 6), amount="4.00")
    response = client_for(books.officer).get(reverse(LIST), {"month": "2026-04"})
    assert response.status_code == 200
    assert [v.date for v in response.context["cl"].result_list] == [date(2026, 4, 6)] * 2
    assert "2026-03" in response.content.decode()  # offered, from the ledgers' periods


def test_the_total_under_the_list_sums_the_filtered_vouchers(books, client_for):
    _post(books, 1, on=date(2026, 3, 5), amount="3.00")
    _post(books, 2, on=date(2026, 4, 6), amount="4.50")
    response = client_for(books.officer).get(reverse(LIST), {"month": "2026-04"})
    assert response.context["voucher_total"] == "¥9.00"
    assert "¥9.00" in response.content.decode()


def test_the_village_filter_offers_only_the_users_villages(books, client_for, world):
    response = client_for(books.officer).get(reverse(LIST))
    page = response.content.decode()
    assert world.v11.name in page
    assert world.v21.name not in page  # 马道镇's village: another township's
    assert world.t2.name not in page
