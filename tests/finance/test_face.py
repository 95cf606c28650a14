"""The ledger's face: what other apps may import from finance, and the contract of each call they use."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance import queries
from finance.models import Account, BankDesignation, BankPurpose, Voucher
from tests.builders import lines, posted

ROOT = Path(__file__).resolve().parents[2]
FACE = {"finance.operations", "finance.queries"}
CLIENT_APPS = ("members", "projects", "services", "finance/fund")
OWN = "finance.fund"  # the fund is nested in finance/ but is a client of the ledger like the others


def finance_imports(path: Path) -> list[str]:
    """Every finance module a source file imports, written out in full (`from finance import x` → finance.x)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "finance"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] == "finance":
            found += ([f"finance.{alias.name}" for alias in node.names] if node.module == "finance"
                      else [node.module])
    return found


def test_other_apps_reach_the_ledger_only_through_its_face():
    crossings = {f"{path.relative_to(ROOT)}: {module}"
                 for app in CLIENT_APPS for path in (ROOT / app).rglob("*.py")
                 for module in finance_imports(path)
                 if module not in FACE and not (app == "finance/fund" and module.split(".")[:2] == OWN.split("."))}
    assert not crossings, sorted(crossings)


def test_the_face_check_sees_every_way_of_importing(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("import finance.models\nfrom finance import rules, queries\nfrom finance.registers import a\n"
                      "def f():\n    from finance.operations import post_entry\n", encoding="utf-8")
    assert sorted(finance_imports(source)) == ["finance.models", "finance.operations", "finance.queries",
                                               "finance.registers", "finance.rules"]


def bank(b, code, name):
    return fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"),
                               village=b.world.v11, code=code, name=name, by=b.officer)


def test_with_one_bank_account_and_no_designation_that_one_serves_every_purpose(books):
    standard = Account.objects.get(chart="2023", village=None, code="102")
    assert queries.bank_account(books.world.v11, BankPurpose.FUND) == standard
    only = bank(books, "10201", "农村信用社")
    assert queries.bank_account(books.world.v11, BankPurpose.BASIC) == only


def test_with_several_bank_accounts_the_township_must_say_which_serves_a_purpose(books):
    bank(books, "10201", "农村信用社")
    fund = bank(books, "10202", "邮储银行互助资金专户")
    with pytest.raises(RuleViolation, match="银行账户用途") as err:
        queries.bank_account(books.world.v11, BankPurpose.FUND)
    assert err.value.rule == Rule.LEDGER and "10202" in str(err.value)
    fin.designate_bank_account(village=books.world.v11, purpose="fund", account="10202", by=books.officer)
    assert queries.bank_account(books.world.v11, BankPurpose.FUND) == fund
    with pytest.raises(RuleViolation, match="银行账户用途"):
        queries.bank_account(books.world.v11, BankPurpose.BASIC)


def test_a_new_designation_replaces_the_old_with_history(books):
    first, second = bank(books, "10201", "农村信用社"), bank(books, "10202", "邮储银行")
    fin.designate_bank_account(village=books.world.v11, purpose="basic", account=first, by=books.officer)
    fin.designate_bank_account(village=books.world.v11, purpose="basic", account=second, by=books.officer_b)
    row = BankDesignation.objects.get()
    assert row.account == second and row.designated_by == books.officer_b
    assert [h.account_id for h in row.history.order_by("history_date")] == [first.pk, second.pk]


@pytest.mark.parametrize(("who", "account", "words"), [
    ("chair", "10201", "R2"), ("outsider", "10201", "R2"), ("officer", "501", "不是银行存款科目"),
    ("officer", "102", "明细科目"),
])
def test_only_the_township_designates_and_only_a_bank_account(books, who, account, words):
    bank(books, "10201", "农村信用社")
    with pytest.raises(RuleViolation, match=words):
        fin.designate_bank_account(village=books.world.v11, purpose="basic", account=account,
                                   by=getattr(books, who))
    assert not BankDesignation.objects.exists()


def test_a_managed_account_opens_once_and_only_its_register_posts_to_it(books):
    def keep():
        return fin.managed_account(village=books.world.v11, code="30101", name="贫困户股金", parent_code="301",
                                   book="股金", by=books.officer)

    account = keep()
    assert keep() == account and account.managed_by == "股金"
    assert queries.managed_accounts(books.world.v11, "股金") == {"30101": account}
    with pytest.raises(RuleViolation, match="股金台账"):
        fin.prepare(ledger=books.ledger, on=books.day, by=books.chair,
                    lines=lines(("102", "debit", "5"), ("30101", "credit", "5")))


def test_a_managed_account_is_refused_over_a_hand_made_one(books):
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="301"), village=books.world.v11,
                        code="30101", name="手工股金", by=books.officer)
    with pytest.raises(RuleViolation, match="调整科目"):
        fin.managed_account(village=books.world.v11, code="30101", name="贫困户股金", parent_code="301",
                            book="股金", by=books.officer)


def register_voucher(books, amount="300"):
    share = fin.managed_account(village=books.world.v11, code="30101", name="贫困户股金", parent_code="301",
                                book="股金", by=books.officer)
    return fin.post_entry(village=books.world.v11, on=books.day, summary="入股", prepared_by=books.chair,
                          approved_by=books.officer, source="股金:1",
                          lines=[fin.Line.debit("102", amount), fin.Line.credit(share, amount)])


def test_a_register_reverses_its_own_posting_at_once(books):
    original = register_voucher(books)
    reversal = fin.reverse_entry(voucher=original, on=books.day, reason="银行退回", prepared_by=books.chair,
                                 approved_by=books.officer, source="股金:2")
    assert reversal.status == Voucher.Status.POSTED and reversal.reversal_of == original
    assert (reversal.reviewed_by, reversal.posted_by, reversal.source) == (books.officer, books.officer, "股金:2")
    assert all(balance == Decimal("0") for balance in queries.balances(books.ledger).values())
    with pytest.raises(RuleViolation, match="已经被冲销过"):
        fin.reverse_entry(voucher=original, on=books.day, reason="again", prepared_by=books.chair,
                          approved_by=books.officer, source="股金:3")


@pytest.mark.parametrize(("source", "preparer", "approver", "words"), [
    ("贷款:2", "chair", "officer", "不是贷款台账生成的"),
    ("股金:2", "officer", "officer", "R2 四眼原则"),
    ("股金:2", "chair", "chair", "R2"),
])
def test_a_register_reversal_needs_its_own_voucher_and_four_eyes(books, source, preparer, approver, words):
    original = register_voucher(books)
    with pytest.raises(RuleViolation, match=words):
        fin.reverse_entry(voucher=original, on=books.day, reason="退回", prepared_by=getattr(books, preparer),
                          approved_by=getattr(books, approver), source=source)
    assert not Voucher.objects.filter(reversal_of=original).exists()


def test_a_hand_made_voucher_is_not_a_registers_to_reverse(books):
    original = posted(books.ledger, books.day, (("102", "debit", "5"), ("501", "credit", "5")),
                      preparer=books.chair, approver=books.officer)
    with pytest.raises(RuleViolation, match="不是股金台账生成的"):
        fin.reverse_entry(voucher=original, on=date(2026, 11, 3), reason="退回", prepared_by=books.chair,
                          approved_by=books.officer, source="股金:9")
