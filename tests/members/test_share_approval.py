"""Share movements through the one approval helper (coop.approvals): four eyes on either decision, who decided
and when, the reason on a rejection, and the database's own half of the rules."""

import pytest
from django.db import IntegrityError, transaction

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance.models import Account, Voucher
from members import operations as mem
from members.models import ShareTransaction
from tests.members.test_shares import record


def test_r2_an_approval_stamps_the_approver_the_time_and_the_voucher_with_history(coop_books):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 5)
    approved = mem.approve_share_transaction(tx=tx, by=b.officer)
    stored = ShareTransaction.objects.get(pk=tx.pk)
    assert (stored.status, stored.approved_by, stored.voucher) == ("approved", b.officer, approved.voucher)
    assert stored.decided_at is not None and stored.voucher.source == f"股金:{tx.pk}"
    assert stored.history.first().history_user == b.officer


def test_a_rejection_records_who_when_and_why(coop_books):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 5)
    mem.reject_share_transaction(tx=tx, by=b.officer, reason=" 未见银行回单 ")
    stored = ShareTransaction.objects.get(pk=tx.pk)
    assert (stored.status, stored.approved_by, stored.reject_reason) == ("rejected", b.officer, "未见银行回单")
    assert stored.decided_at is not None and stored.voucher is None
    assert stored.history.first().history_user == b.officer


def test_r2_whoever_recorded_a_movement_cannot_reject_it_either(coop_books):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 5, by=b.officer)
    with pytest.raises(RuleViolation) as err:
        mem.reject_share_transaction(tx=tx, by=b.officer, reason="录错了")
    assert err.value.rule == Rule.R2
    assert ShareTransaction.objects.get(pk=tx.pk).status == "pending"


def test_a_decided_movement_is_decided_once(coop_books):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 5)
    mem.reject_share_transaction(tx=tx, by=b.officer, reason="未见银行回单")
    for decide in (lambda: mem.approve_share_transaction(tx=tx, by=b.officer_b),
                   lambda: mem.reject_share_transaction(tx=tx, by=b.officer_b, reason="再驳回")):
        with pytest.raises(RuleViolation, match="已驳回") as err:
            decide()
        assert err.value.rule == Rule.MEMBERS
    assert not Voucher.objects.exists()


@pytest.mark.parametrize("change", [
    lambda tx, b: {"status": "rejected", "reject_reason": ""},
    lambda tx, b: {"approved_by": tx.recorded_by},
], ids=["rejection-without-reason", "approver-is-recorder"])
def test_the_database_holds_the_approval_rules_whatever_code_writes(coop_books, change):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareTransaction.objects.filter(pk=tx.pk).update(**change(tx, b))


def test_r1_a_pay_in_goes_to_the_designated_basic_account_never_a_guessed_one(coop_books):
    b = coop_books
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=b.world.v11,
                        code="10202", name="邮储银行", by=b.officer)
    tx = record(b, "pay_in", b.members[0], 5)
    with pytest.raises(RuleViolation, match="银行账户用途"):
        mem.approve_share_transaction(tx=tx, by=b.officer)
    assert ShareTransaction.objects.get(pk=tx.pk).status == "pending" and not Voucher.objects.exists()
    fin.designate_bank_account(village=b.world.v11, purpose="basic", account="10202", by=b.officer_b)
    approved = mem.approve_share_transaction(tx=tx, by=b.officer)
    assert {ln.account.code for ln in approved.voucher.lines.all()} == {"10202", "30101"}
