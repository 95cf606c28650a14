"""The voucher list's 导出 Excel (issue 10): exactly the rows the list shows under its filters and search, with the
金额 合计 row, only vouchers in the user's scope, formula-looking text kept as text, and the same few queries
for one voucher or fifty."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.forms import CheckboxInput
from django.urls import reverse
from openpyxl import load_workbook

from coop.roles import Role
from finance import operations as fin
from tests import builders

EXPORT = "admin:finance_voucher_export"
LIST = "admin:finance_voucher_changelist"
HEADER = ("日期", "凭证号", "镇(街道)", "村", "摘要", "金额(元)", "附单据(张)", "状态", "制单人", "审核人", "记账人")


def _post(ledger, *, on, amount, summary="清单", chair, officer):
    return fin.post_entry(village=ledger, on=on, summary=summary, prepared_by=chair, approved_by=officer,
                          lines=[fin.Line.debit("102", amount, summary), fin.Line.credit("501", amount, summary)])


def export(client, query=""):
    """The export as a user does it: the page (reached from the list's link, keeping its query), then the form."""
    url = reverse(EXPORT) + query
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, None
    data = {"format": "0", "resource": "0"}
    data.update({name: "on" for name, field in page.context["form"].fields.items()
                 if isinstance(field.widget, CheckboxInput)})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return 200, list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def two_months(books):
    """桑园村: one voucher in March (¥3.00), two in April (¥4.50, ¥7.25); 沙坝村 of 马道镇: one in April (¥99.00)."""
    kw = {"chair": books.chair, "officer": books.officer}
    _post(books.ledger, on=date(2026, 3, 5), amount="3.00", **kw)
    _post(books.ledger, on=date(2026, 4, 6), amount="4.50", summary="收取服务费", **kw)
    _post(books.ledger, on=date(2026, 4, 9), amount="7.25", summary="支付保洁费", **kw)
    other = builders.ledger(books.world.v21, books.outsider)
    _post(other, on=date(2026, 4, 6), amount="99.00", chair=books.world.chair21, officer=books.outsider)
    return books


def test_the_export_holds_the_months_vouchers_and_their_total(two_months, client_for):
    _status, rows = export(client_for(two_months.officer), "?month=2026-04")
    assert rows[0] == HEADER
    body, total = rows[1:-1], rows[-1]
    assert [(r[0].date(), r[3], r[4], r[5], r[7]) for r in body] == [
        (date(2026, 4, 9), "桑园村", "支付保洁费", Decimal("7.25"), "已记账"),
        (date(2026, 4, 6), "桑园村", "收取服务费", Decimal("4.50"), "已记账")]
    assert body[0][2] == "紫柏街道" and body[0][1].startswith("记字第")
    assert total[0] == "合计(2 张)" and total[5] == Decimal("11.75")


def test_the_export_and_the_lists_total_agree_under_the_same_filter(two_months, client_for):
    client = client_for(two_months.officer)
    query = {"month": "2026-04", "ledger__village__id__exact": two_months.world.v11.pk}
    listed = client.get(reverse(LIST), query)
    assert listed.context["voucher_total"] == "¥11.75"
    _status, rows = export(client, f"?month=2026-04&ledger__village__id__exact={two_months.world.v11.pk}")
    assert len(rows) == 1 + 2 + 1 and rows[-1][5] == Decimal("11.75")


def test_the_export_follows_the_search_and_the_status_filter(two_months, client_for):
    client = client_for(two_months.officer)
    _status, rows = export(client, "?q=保洁")
    assert [r[4] for r in rows[1:-1]] == ["支付保洁费"] and rows[-1][5] == Decimal("7.25")
    _status, rows = export(client, "?status__exact=draft")
    assert rows[1:] == [("合计(0 张)", None, None, None, None, Decimal("0.00"), None, None, None, None, None)]


def test_the_export_link_on_the_list_keeps_the_filter(two_months, client_for):
    page = client_for(two_months.officer).get(reverse(LIST), {"month": "2026-04"}).content.decode()
    assert f'href="{reverse(EXPORT)}?month=2026-04"' in page and "导出 Excel" in page


def test_the_export_page_offers_the_columns_by_their_chinese_headers(two_months, client_for):
    form = client_for(two_months.officer).get(reverse(EXPORT)).context["form"]
    labels = [str(field.label) for name, field in form.fields.items() if name.startswith("voucherresource_")]
    assert labels == list(HEADER)


def test_an_officer_never_exports_another_townships_vouchers(two_months, client_for):
    client = client_for(two_months.officer)
    _status, rows = export(client, "?month=2026-04")
    assert "沙坝村" not in {r[3] for r in rows[1:-1]}
    _status, rows = export(client, f"?ledger__village__id__exact={two_months.world.v21.pk}")
    assert rows[1:] == [("合计(0 张)", None, None, None, None, Decimal("0.00"), None, None, None, None, None)]
    _status, rows = export(client_for(two_months.outsider), "?month=2026-04")
    assert [r[3] for r in rows[1:-1]] == ["沙坝村"] and rows[-1][5] == Decimal("99.00")


def test_the_county_auditor_exports_every_township_of_the_county(two_months, client_for):
    _status, rows = export(client_for(two_months.auditor), "?month=2026-04")
    assert sorted(r[3] for r in rows[1:-1]) == ["桑园村", "桑园村", "沙坝村"]
    assert rows[-1][5] == Decimal("110.75")


def test_a_role_without_the_voucher_list_cannot_export(two_months, client_for):
    status, _rows = export(client_for(two_months.world.users[Role.INSPECTOR]))
    assert status == 403


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x","点击")', "+1", "-1+1", "@SUM(A1)"])
def test_a_summary_a_spreadsheet_would_run_is_exported_as_text(books, client_for, typed):
    _post(books.ledger, on=books.day, amount="1.00", summary=typed, chair=books.chair, officer=books.officer)
    response_rows = export(client_for(books.officer))[1]
    assert response_rows[1][4] == typed
    url = reverse(EXPORT)
    client = client_for(books.officer)
    response = client.post(url, {"format": "0", "resource": "0", "voucherresource_summary": "on"})
    cell = load_workbook(io.BytesIO(response.content)).active.cell(2, 1)
    assert cell.value == typed and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("vouchers", [1, 50])
def test_the_export_costs_the_same_few_queries_for_one_voucher_or_fifty(
        books, client_for, django_assert_max_num_queries, vouchers):
    for n in range(vouchers):
        _post(books.ledger, on=books.day, amount=f"{n + 1}.00", chair=books.chair, officer=books.officer)
    client = client_for(books.officer)
    export(client)  # session and caches warm
    with django_assert_max_num_queries(15):
        _status, rows = export(client)
    assert len(rows) == vouchers + 2
    assert rows[-1][5] == sum(Decimal(n + 1) for n in range(vouchers))
