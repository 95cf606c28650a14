"""Each county keeps its own bank statement layouts (issue 10): an officer of 留坝县 neither sees nor changes
佛坪县's, from the admin list, its pages, the operation or the import; the built-in layout every county shares is
read by all and changed by none of them; a new layout belongs to its saver's county."""

import io

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from coop.errors import Rule, RuleViolation
from finance.bank import operations as bank_ops
from finance.bank.models import BankFormat, BankStatement
from tests.finance.conftest import NOVEMBER_STATEMENT, statement_csv

LIST = "admin:finance_bankformat_changelist"
LAYOUT = {"date_column": "交易日期", "summary_column": "摘要", "debit_column": "支出金额",
          "credit_column": "收入金额", "balance_column": "余额", "counterparty_column": "对方户名"}


def change_url(layout):
    return reverse("admin:finance_bankformat_change", args=[layout.pk])


@pytest.fixture
def layouts(bank):
    """留坝县's own layout (saved by 紫柏街道's officer) and 佛坪县's (saved by its county administrator)."""
    bank.ours = bank_ops.save_bank_format(bank_format=BankFormat(bank_name="留坝农商银行"), by=bank.officer)
    bank.theirs = bank_ops.save_bank_format(bank_format=BankFormat(bank_name="佛坪农商银行"), by=bank.world.admin2)
    return bank


def test_a_new_layout_belongs_to_the_savers_county(layouts):
    assert layouts.ours.county == layouts.world.c1
    assert layouts.theirs.county == layouts.world.c2


def test_an_officer_lists_the_shared_layout_and_his_countys_never_another_countys(layouts, client_for):
    response = client_for(layouts.officer).get(reverse(LIST))
    assert set(response.context["cl"].queryset) == {layouts.format, layouts.ours}
    assert "佛坪农商银行" not in response.content.decode()


def test_another_countys_layout_does_not_open_and_a_posted_change_is_not_saved(layouts, client_for):
    client = client_for(layouts.officer)
    assert client.get(change_url(layouts.theirs)).status_code in (302, 404)
    posted = client.post(change_url(layouts.theirs), {"bank_name": "改名", **LAYOUT})
    assert posted.status_code in (302, 404)
    assert BankFormat.objects.get(pk=layouts.theirs.pk).bank_name == "佛坪农商银行"


def test_the_operation_refuses_to_change_another_countys_layout(layouts):
    for by in (layouts.officer, layouts.world.users["county_admin"]):
        theirs = BankFormat.objects.get(pk=layouts.theirs.pk)
        theirs.bank_name = "改名"
        with pytest.raises(RuleViolation) as refused:
            bank_ops.save_bank_format(bank_format=theirs, by=by)
        assert refused.value.rule == Rule.R2 and "其他县" in str(refused.value)
    assert BankFormat.objects.get(pk=layouts.theirs.pk).bank_name == "佛坪农商银行"


def test_the_shared_layout_is_read_only_for_the_countys_staff(layouts, client_for):
    shared = layouts.format
    shared.debit_column = "借方"
    with pytest.raises(RuleViolation) as refused:
        bank_ops.save_bank_format(bank_format=shared, by=layouts.officer)
    assert refused.value.rule == Rule.R2 and "内置" in str(refused.value)
    page = client_for(layouts.officer).get(change_url(layouts.format))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_an_officer_edits_his_countys_layout_through_the_admin(layouts, client_for):
    client = client_for(layouts.officer)
    response = client.post(change_url(layouts.ours), {"bank_name": "留坝农商银行", **LAYOUT, "debit_column": "借方"})
    assert response.status_code == 302
    saved = BankFormat.objects.get(pk=layouts.ours.pk)
    assert saved.debit_column == "借方" and saved.county == layouts.world.c1


def test_a_layout_added_through_the_admin_goes_to_the_officers_county(layouts, client_for):
    client = client_for(layouts.officer)
    response = client.post(reverse("admin:finance_bankformat_add"), {"bank_name": "邮储银行", **LAYOUT})
    assert response.status_code == 302
    assert BankFormat.objects.get(bank_name="邮储银行").county == layouts.world.c1


def test_a_second_layout_of_the_same_name_in_the_county_is_refused_on_the_form(layouts, client_for):
    client = client_for(layouts.officer)
    response = client.post(reverse("admin:finance_bankformat_add"), {"bank_name": "留坝农商银行", **LAYOUT})
    assert response.status_code == 200
    assert "已有名为“留坝农商银行”的对账单格式" in str(response.context["adminform"].form.errors)
    assert BankFormat.objects.filter(bank_name="留坝农商银行").count() == 1


def test_the_same_bank_name_may_serve_two_counties(layouts):
    again = bank_ops.save_bank_format(bank_format=BankFormat(bank_name="留坝农商银行"), by=layouts.world.admin2)
    assert again.county == layouts.world.c2


def test_the_import_offers_the_shared_layout_and_the_countys_own_only(layouts, client_for):
    url = reverse("finance:bank", args=[layouts.ledger.village.code]) + "?" + urlencode(
        {"account": layouts.account.pk, "year": 2026, "month": 11})
    response = client_for(layouts.officer).get(url)
    offered = set(response.context["upload_form"].fields["bank_format"].queryset)
    assert offered == {layouts.format, layouts.ours}


def test_importing_with_another_countys_layout_is_refused(layouts, client_for):
    with pytest.raises(RuleViolation) as refused:
        bank_ops.import_statement(ledger=layouts.ledger, account=layouts.account, year=2026, month=11,
                                  bank_format=layouts.theirs, data=statement_csv(NOVEMBER_STATEMENT),
                                  filename="a.csv", by=layouts.officer)
    assert refused.value.rule == Rule.IMPORT
    url = reverse("finance:bank", args=[layouts.ledger.village.code]) + "?" + urlencode(
        {"account": layouts.account.pk, "year": 2026, "month": 11})
    upload = io.BytesIO(statement_csv(NOVEMBER_STATEMENT))
    upload.name = "11月.csv"
    preview = client_for(layouts.officer).post(url, {"action": "preview", "bank_format": layouts.theirs.pk,
                                                     "file": upload})
    assert preview.status_code == 200 and "bank_format" in preview.context["upload_form"].errors
    upload = io.BytesIO(statement_csv(NOVEMBER_STATEMENT))
    upload.name = "11月.csv"
    token = client_for(layouts.officer).post(url, {"action": "preview", "bank_format": layouts.format.pk,
                                                   "file": upload}).context["token"]
    posted = client_for(layouts.officer).post(url, {"action": "import", "token": token, "filename": "a.csv",
                                                    "bank_format": layouts.theirs.pk})
    assert posted.status_code == 404
    assert not BankStatement.objects.exists()
