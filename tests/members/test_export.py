"""xlsx exports of households, persons, members and share movements: Chinese headers, only rows in scope,
holdings from the register, numbers kept as numbers, and text that a spreadsheet would run kept as text."""

import io

import pytest
from django.forms import CheckboxInput
from django.urls import reverse
from openpyxl import load_workbook

from coop.roles import Role
from members import operations as mem
from members.models import Household, Member, Person, ShareTransaction


def export(client, model, query=""):
    url = reverse(f"admin:members_{model._meta.model_name}_export") + query
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, None
    data = {"format": "0", "resource": "0"}
    data.update({name: "on" for name, field in page.context["form"].fields.items()
                 if isinstance(field.widget, CheckboxInput)})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:300]
    return 200, load_workbook(io.BytesIO(response.content)).active


def test_members_export_with_their_holdings_from_the_register(paid, client_for):
    _status, sheet = export(client_for(paid.world.users[Role.AUDITOR]), Member)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("合作社", "社员编号", "社员", "社员类型", "统一社会信用代码", "入社日期", "状态", "持股数",
                       "股金(元)")
    holdings = {row[1]: (row[7], row[8]) for row in rows[1:]}
    assert holdings == {1: (12, 1200), 2: (20, 2000), 3: (15, 1500)}
    assert sheet.cell(2, 9).number_format == "#,##0.00"


def test_share_movements_export_with_their_vouchers(paid, client_for):
    _status, sheet = export(client_for(paid.officer), ShareTransaction)
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5 and all(row[9] for row in rows[1:])  # each approved movement names its voucher
    assert {row[3] for row in rows[1:]} == {"入股", "转让"}


def test_persons_export_full_id_numbers_with_sex_and_birth_date(coop_books, client_for):
    _status, sheet = export(client_for(coop_books.chair), Person)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("村", "户编号", "姓名", "身份证号", "性别", "出生日期", "与户主关系", "手机号")
    assert [row[3] for row in rows[1:]] == [p.id_number for p in Person.objects.order_by("household", "pk")]
    assert {row[4] for row in rows[1:]} <= {"男", "女"}


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://x\",\"点击\")", "==1+1", "+1", "-1+1", "@SUM(A1)"])
def test_text_that_a_spreadsheet_would_run_is_exported_as_text(coop_books, client_for, typed):
    mem.register_household(village=coop_books.world.v11, number="900", address=typed, by=coop_books.chair)
    _status, sheet = export(client_for(coop_books.chair), Household)
    cell = next(row[4] for row in sheet.iter_rows() if row[1].value == "900")
    assert cell.value == typed and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("model", [Household, Person, Member, ShareTransaction])
def test_another_villages_chairman_exports_none_of_these_rows(paid, client_for, model):
    status, sheet = export(client_for(paid.world.chair21), model)
    assert status == 200 and sheet.max_row == 1


@pytest.mark.parametrize("model", [Household, Person, Member, ShareTransaction])
def test_the_inspector_cannot_export(paid, client_for, model):
    status, _sheet = export(client_for(paid.world.users[Role.INSPECTOR]), model)
    assert status == 403


def test_the_household_export_follows_the_list_filter(coop_books, client_for):
    mem.register_household(village=coop_books.world.v11, number="900", by=coop_books.chair)
    _status, sheet = export(client_for(coop_books.officer), Household, "?is_registered_poor__exact=0")
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["003", "900"]
    assert Household.objects.count() == 4
