"""The voucher list a township officer works from: the same few queries at any size, filters scoped to the
user, the 合计 of what is listed, and its xlsx export (issue 10, "voucher list")."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


@pytest.fixture
def small_limit(monkeypatch):
    """A list limit of 3 vouchers, 2 to a page: the list's behaviour past LIST_LIMIT without writing 1,000."""
    from finance.admin.vouchers import VoucherAdmin

    monkeypatch.setattr("finance.admin.vouchers.LIST_LIMIT", 3)
    monkeypatch.setattr(VoucherAdmin, "list_per_page", 2)


def test_past_the_limit_the_list_sums_only_its_page_and_asks_for_a_filter(books, client_for, small_limit):
    _post(books, 3, on=date(2026, 3, 5), amount="3.00")
    _post(books, 2, on=date(2026, 4, 6), amount="4.50")
    response = client_for(books.officer).get(reverse(LIST))
    assert response.context["cl"].result_count == 3  # counted up to the limit, not over the whole scope
    assert response.context["list_limited"] == 3
    assert response.context["voucher_total"] == "¥9.00"  # the two April vouchers on the first page
    assert "本页金额合计" in response.content.decode()
    filtered = client_for(books.officer).get(reverse(LIST), {"month": "2026-03"})
    assert "list_limited" not in filtered.context
    assert filtered.context["voucher_total"] == "¥9.00"  # March's three, within the limit: all of them


def test_the_list_reads_only_the_columns_it_shows(books, client_for):
    _post(books, 2)
    client = client_for(books.officer)
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse(LIST))
    page = next(q["sql"] for q in captured.captured_queries if "first_summary_text" in q["sql"])
    assert '"finance_voucher"."note"' not in page
    assert '"coop_user"."password"' not in page
