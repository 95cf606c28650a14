"""期初股金: the holdings a paper share register carries into the system. Entered by the township before the
opening balances, which take the share accounts' figures from them; frozen with the first posting; the
register still equals the ledger afterwards. Every door: the operation, the Excel page, the command."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop.errors import RuleViolation
from finance import operations as fin
from finance.imports import parse as ledger_import
from finance.models import OpeningBalance
from members import operations as mem
from members import queries
from members.imports import opening
from members.models import ShareTransaction
from tests import builders
from tests.members.conftest import IDS
from tests.members.test_shares import approved, ledger_capital

HOLDINGS = (12, 30, 5)  # two poor households (30101: 4,200 元), one capable household (30102: 500 元)


def set_openings(b, holdings=HOLDINGS, by=None):
    return mem.set_opening_shares(cooperative=b.coop, by=by or b.officer,
                                  holdings=list(zip(b.members, holdings, strict=True)))


def balances(b):
    return {(row.account.code, row.debit, row.credit) for row in OpeningBalance.objects.filter(ledger=b.ledger)}


def test_opening_holdings_become_the_share_accounts_opening_balances(coop_books):
    b = coop_books
    set_openings(b)
    assert [row["shares"] for row in queries.register(b.coop)] == list(HOLDINGS)
    fin.set_opening_balances(ledger=b.ledger, by=b.officer, balances=[("10201", "4700", "0")])
    assert balances(b) == {("10201", Decimal("4700.00"), Decimal("0.00")),
                           ("30101", Decimal("0.00"), Decimal("4200.00")),
                           ("30102", Decimal("0.00"), Decimal("500.00"))}
    assert queries.total_capital(b.coop) == ledger_capital(b) == Decimal("4700.00")
    approved(b, "pay_in", b.members[2], 10)  # the first posting finds the openings in agreement
    approved(b, "withdraw", b.members[1], 5)  # opening shares can be withdrawn like any others
    assert queries.total_capital(b.coop) == ledger_capital(b) == Decimal("5200.00")


def test_the_opening_balances_may_not_name_a_share_account_themselves(coop_books):
    b = coop_books
    set_openings(b)
    with pytest.raises(RuleViolation, match="取自股金台账的期初数"):
        fin.set_opening_balances(ledger=b.ledger, by=b.officer, balances=[("10201", "4700", "0"),
                                                                           ("30101", "0", "4200")])


def test_an_imbalance_names_the_register_figures_it_counted(coop_books):
    b = coop_books
    set_openings(b)
    with pytest.raises(RuleViolation, match="已计入台账期初数.*4,200.00"):
        fin.set_opening_balances(ledger=b.ledger, by=b.officer, balances=[("10201", "100", "0")])
    assert not OpeningBalance.objects.exists()


def test_opening_holdings_come_before_the_opening_balances_which_can_be_cleared(coop_books):
    b = coop_books
    fin.set_opening_balances(ledger=b.ledger, by=b.officer, balances=[("10201", "100", "0"), ("321", "0", "100")])
    with pytest.raises(RuleViolation, match="期初股金须先于期初余额录入"):
        set_openings(b)
    assert fin.clear_opening_balances(ledger=b.ledger, by=b.officer) == 2
    set_openings(b)
    assert ShareTransaction.objects.filter(kind="opening").count() == 3


def test_opening_holdings_freeze_with_the_first_posting(coop_books):
    b = coop_books
    builders.posted(b.ledger, date(2026, 11, 2), [("10201", "debit", "50"), ("321", "credit", "50")],
                    preparer=b.chair, approver=b.officer)
    with pytest.raises(RuleViolation, match="R3"):
        set_openings(b)
    with pytest.raises(RuleViolation, match="R3"):
        fin.clear_opening_balances(ledger=b.ledger, by=b.officer)


def test_nothing_posts_while_the_openings_disagree_with_the_register(coop_books):
    b = coop_books
    set_openings(b)  # the opening balances were never entered
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[2], shares=3, on=b.day,
                                      by=b.chair)
    with pytest.raises(RuleViolation, match="股金台账的期初数.*不一致"):
        mem.approve_share_transaction(tx=tx, by=b.officer)
    assert ShareTransaction.objects.get(pk=tx.pk).status == "pending"


def test_entering_openings_again_replaces_them_and_keeps_the_old_ones_as_rejected(coop_books):
    b = coop_books
    set_openings(b)
    set_openings(b, (1, 2, 3))
    assert [row["shares"] for row in queries.register(b.coop)] == [1, 2, 3]
    old = ShareTransaction.objects.filter(kind="opening", status="rejected")
    assert old.count() == 3 and {tx.reject_reason for tx in old} == {"已被新录入的期初股金替换"}


@pytest.mark.parametrize(("holdings", "words"), [
    ((12, 101, 5), "最多 100 股"), ((12, 0, 5), "正整数"),
])
def test_opening_holdings_follow_the_charter(coop_books, holdings, words):
    with pytest.raises(RuleViolation, match=words):
        set_openings(coop_books, holdings)
    assert not ShareTransaction.objects.exists()


def test_only_the_township_enters_opening_holdings(coop_books):
    b = coop_books
    for user in (b.chair, b.world.officer2, b.world.users["auditor"]):
        with pytest.raises(RuleViolation, match="R2"):
            set_openings(b, by=user)
    assert not ShareTransaction.objects.exists()


def test_a_member_twice_or_of_another_cooperative_is_refused(coop_books):
    b = coop_books
    with pytest.raises(RuleViolation, match="重复"):
        mem.set_opening_shares(cooperative=b.coop, by=b.officer, holdings=[(b.members[0], 1), (b.members[0], 2)])
    with pytest.raises(RuleViolation, match="尚未建账"):
        mem.set_opening_shares(cooperative=b.world.k12, by=b.officer, holdings=[(b.members[0], 1)])
    builders.ledger(b.world.v12, b.officer)
    with pytest.raises(RuleViolation, match="不是本社社员"):
        mem.set_opening_shares(cooperative=b.world.k12, by=b.officer, holdings=[(b.members[0], 1)])


def test_the_ledger_import_previews_the_register_lines_and_balances_with_them(coop_books):
    b = coop_books
    set_openings(b)
    data = builders.xlsx([["10201", "银行存款", "4700", ""]], ledger_import.OPENING_HEADERS)
    parsed = ledger_import.parse(data, "openings", b.ledger)
    assert parsed.ok, parsed.errors
    assert {(row, account.code) for row, account, _d, _c in parsed.openings} == {
        (2, "10201"), (0, "30101"), (0, "30102")}
    ledger_import.apply(parsed, b.ledger, b.officer)
    assert len(balances(b)) == 3


# --- the Excel doors -----------------------------------------------------------------------------------------

def sheet(rows):
    return builders.xlsx(rows, opening.HEADERS)


GOOD = [[IDS[0], "社员1", 12], [IDS[1], "", 30.0], [IDS[2], "社员3", "5"]]  # a number, a float, text


def test_the_file_sets_the_opening_holdings(coop_books):
    parsed = opening.parse(sheet(GOOD), coop_books.world.v11)
    assert parsed.ok, parsed.errors
    assert (parsed.shares, parsed.amount) == (47, Decimal("4700.00"))
    assert opening.apply(parsed, coop_books.officer) == 3
    assert [row["shares"] for row in queries.register(coop_books.coop)] == list(HOLDINGS)


@pytest.mark.parametrize(("row", "column", "words"), [
    ([builders.id_number(7), "", 3], "户主身份证号或企业信用代码", "本社没有"),
    ([IDS[0], "张三", 3], "社员名称", "名称不符"),
    ([IDS[0], "", "三股"], "期初股数", "正整数"),
    ([IDS[0], "", 2.5], "期初股数", "正整数"),
    ([IDS[0], "", 150], "期初股数", "最多 100 股"),
    ([IDS[1], "", 3], "户主身份证号或企业信用代码", "与第 2 行重复"),
    ([int(IDS[0][:15] + "000"), "", 3], "户主身份证号或企业信用代码", "存成了数字"),
], ids=["unknown", "name", "words", "fraction", "over the charter", "twice", "ID as a number"])
def test_a_bad_row_is_reported_and_nothing_is_entered(coop_books, row, column, words):
    parsed = opening.parse(sheet([GOOD[1], row]), coop_books.world.v11)
    assert any(e.row == 3 and e.column == column and words in e.message for e in parsed.errors), parsed.errors
    with pytest.raises(RuleViolation):
        opening.apply(parsed, coop_books.officer)
    assert not ShareTransaction.objects.exists()


def test_the_page_offers_opening_holdings_to_the_township_only(coop_books, client_for, settings, tmp_path):
    b = coop_books
    settings.MEDIA_ROOT = tmp_path
    url = reverse("members:import")
    chair = client_for(b.chair)
    refused = chair.post(url, {"kind": "opening", "village": b.world.v11.pk,
                               "file": SimpleUploadedFile("o.xlsx", sheet(GOOD))})
    assert "kind" in refused.context["form"].errors and not ShareTransaction.objects.exists()
    officer = client_for(b.officer)
    preview = officer.post(url, {"kind": "opening", "village": b.world.v11.pk,
                                 "file": SimpleUploadedFile("o.xlsx", sheet(GOOD))})
    assert "共 3 名社员、47 股、¥4,700.00" in preview.text
    done = officer.post(url, {"token": preview.context["token"], "kind": "opening", "village": b.world.v11.pk})
    assert done.status_code == 302 and ShareTransaction.objects.filter(kind="opening").count() == 3


def test_the_command_needs_a_township_login_for_opening_holdings(coop_books, tmp_path):
    path = tmp_path / "opening.xlsx"
    path.write_bytes(sheet(GOOD))
    village = coop_books.world.v11.code
    with pytest.raises(CommandError, match="--user"):
        call_command("import_members", str(path), "--village", village, "--kind", "opening")
    with pytest.raises(CommandError, match="R2"):
        call_command("import_members", str(path), "--village", village, "--kind", "opening", "--user", "chair11")
    out = io.StringIO()
    call_command("import_members", str(path), "--village", village, "--kind", "opening", "--user", "officer1",
                 "--dry-run", stdout=out)
    assert "3 名社员,共 47 股" in out.getvalue() and not ShareTransaction.objects.exists()
    call_command("import_members", str(path), "--village", village, "--kind", "opening", "--user", "officer1",
                 stdout=out)
    assert ShareTransaction.objects.filter(kind="opening").count() == 3


def test_the_share_movement_form_offers_no_carried_over_kind(coop_books, client_for):
    form = client_for(coop_books.chair).get(reverse("admin:members_sharetransaction_add")).context["adminform"].form
    assert "opening" not in {value for value, _label in form.fields["kind"].choices}


def test_the_ledger_page_clears_opening_balances_for_the_township_only(coop_books, client_for):
    b = coop_books
    fin.set_opening_balances(ledger=b.ledger, by=b.officer, balances=[("10201", "100", "0"), ("321", "0", "100")])
    url = reverse("admin:finance_ledger_clear_openings", args=[b.ledger.pk])
    assert client_for(b.chair).post(url).status_code == 403
    assert OpeningBalance.objects.count() == 2
    assert client_for(b.officer).post(url).status_code == 302
    assert not OpeningBalance.objects.exists()


opening_holding = st.integers(1, 60)
movement = st.tuples(st.sampled_from(["pay_in", "withdraw", "withdraw", "transfer"]), st.integers(0, 2),
                     st.integers(1, 40), st.integers(0, 2))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(holdings=st.tuples(opening_holding, opening_holding, opening_holding),
       steps=st.lists(movement, min_size=1, max_size=8))
def test_the_register_equals_the_ledger_after_openings_and_any_movements(coop_books, holdings, steps):
    b = coop_books
    with transaction.atomic():
        set_openings(b, holdings)
        fin.set_opening_balances(ledger=b.ledger, by=b.officer,
                                 balances=[("10201", str(100 * sum(holdings)), "0")])
        assert queries.total_capital(b.coop) == ledger_capital(b)
        for kind, who, shares, to in steps:
            try:
                with transaction.atomic():
                    approved(b, kind, b.members[who], shares, b.members[to] if kind == "transfer" else None)
            except RuleViolation:
                pass  # a refused movement leaves nothing behind; the equality must hold all the same
        assert all(row["shares"] >= 0 for row in queries.register(b.coop))
        assert queries.total_capital(b.coop) == ledger_capital(b)
        transaction.set_rollback(True)
