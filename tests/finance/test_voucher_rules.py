"""Vouchers through finance.operations: numbering, balance, periods, R1 cash cap, R2 four eyes, R3."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coop.errors import RuleViolation
from finance import operations as fin
from finance import queries
from finance.models import Account, Period, Voucher, VoucherLine
from tests.builders import lines, posted

RECEIPT = (("102", "debit", "1000.00"), ("301", "credit", "1000.00"))


def prepare(b, on=None, specs=RECEIPT, by=None):
    return fin.prepare(ledger=b.ledger, on=on or b.day, lines=lines(*specs), by=by or b.chair)


def through_review(b, voucher):
    fin.submit(voucher=voucher, by=b.chair)
    return fin.review(voucher=voucher, by=b.officer)


def test_vouchers_are_numbered_per_month_without_gaps(books):
    numbers = [prepare(books).number for _ in range(3)]
    october = prepare(books, on=date(2026, 10, 30))
    assert numbers == [1, 2, 3]
    assert october.number == 1
    assert str(Voucher.objects.get(number=2, period__month=11)) == "2026年11月 记字第 2 号"


def test_a_voided_voucher_keeps_its_number(books):
    first = prepare(books)
    fin.void(voucher=first, by=books.chair, reason="重复录入")
    assert prepare(books).number == 2
    assert Voucher.objects.get(pk=first.pk).status == Voucher.Status.VOID


@pytest.mark.parametrize(("specs", "message"), [
    ((("102", "debit", "1000"), ("301", "credit", "999.99")), "借贷不平衡"),
    ((("102", "debit", "0"), ("301", "credit", "0")), "大于 0"),
    ((("102", "debit", "-5"), ("301", "credit", "-5")), "大于 0"),
    ((("102", "debit", "1.005"), ("301", "credit", "1.005")), "两位小数"),
    ((("102", "debit", "abc"), ("301", "credit", "1")), "不是有效的数字"),
    ((("102", "debit", "100"),), "至少要有两条分录"),
    ((("102", "debit", "100"), ("101", "debit", "100")), "有借有贷"),
    ((("999", "debit", "100"), ("301", "credit", "100")), "不在本村的科目表中"),
    ((("322", "debit", "100"), ("102", "credit", "100")), "明细科目"),
    ((("102", "sideways", "100"), ("301", "credit", "100")), "借或贷"),
])
def test_an_invalid_voucher_is_refused_and_writes_nothing(books, specs, message):
    with pytest.raises(RuleViolation) as err:
        prepare(books, specs=specs)
    assert message in str(err.value)
    assert not Voucher.objects.exists() and not VoucherLine.objects.exists()


def test_a_float_amount_is_refused(books):
    with pytest.raises(RuleViolation):
        fin.prepare(ledger=books.ledger, on=books.day, by=books.chair,
                    lines=[fin.Line.debit("102", 0.1, "x"), fin.Line.credit("301", 0.1, "x")])


@pytest.mark.parametrize("on", [date(2025, 12, 31), date(2026, 12, 1)])
def test_dates_outside_the_open_periods_are_refused(books, on):
    with pytest.raises(RuleViolation):
        prepare(books, on=on)


def test_a_date_after_today_is_refused(books):
    with pytest.raises(RuleViolation) as err:
        prepare(books, on=timezone.localdate() + timedelta(days=1))
    assert "晚于今天" in str(err.value)


def test_the_full_flow_posts_a_voucher(books):
    voucher = through_review(books, prepare(books))
    fin.post(voucher=voucher, by=books.officer_b)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.POSTED
    assert (voucher.prepared_by, voucher.reviewed_by, voucher.posted_by) == (books.chair, books.officer,
                                                                             books.officer_b)
    capital = Account.objects.get(chart="2023", code="301", village=None)
    assert queries.balance_of(books.ledger, capital) == Decimal("1000.00")


def test_the_reviewer_may_also_post(books):
    voucher = through_review(books, prepare(books))
    fin.post(voucher=voucher, by=books.officer)
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.POSTED


def test_r2_the_preparer_never_reviews_their_own_voucher(books):
    voucher = prepare(books, by=books.officer)
    fin.submit(voucher=voucher, by=books.officer)
    with pytest.raises(RuleViolation) as err:
        fin.review(voucher=voucher, by=books.officer)
    assert err.value.rule == "R2"
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.SUBMITTED


def test_r2_the_preparer_never_posts_their_own_voucher(books):
    voucher = prepare(books, by=books.officer)
    fin.submit(voucher=voucher, by=books.officer)
    fin.review(voucher=voucher, by=books.officer_b)
    with pytest.raises(RuleViolation) as err:
        fin.post(voucher=voucher, by=books.officer)
    assert err.value.rule == "R2"


@pytest.mark.parametrize("action", ["review", "post", "return"])
def test_r2_a_chairman_can_prepare_and_submit_only(books, action):
    voucher = prepare(books)
    fin.submit(voucher=voucher, by=books.chair)
    if action == "post":
        fin.review(voucher=voucher, by=books.officer)
    call = {"review": lambda: fin.review(voucher=voucher, by=books.chair),
            "post": lambda: fin.post(voucher=voucher, by=books.chair),
            "return": lambda: fin.return_voucher(voucher=voucher, by=books.chair, reason="x")}[action]
    with pytest.raises(RuleViolation) as err:
        call()
    assert err.value.rule == "R2"


def test_r2_an_officer_of_another_township_cannot_review(books):
    voucher = prepare(books)
    fin.submit(voucher=voucher, by=books.chair)
    with pytest.raises(RuleViolation) as err:
        fin.review(voucher=voucher, by=books.outsider)
    assert err.value.rule == "R2"


def test_r2_an_auditor_cannot_prepare(books):
    with pytest.raises(RuleViolation):
        prepare(books, by=books.auditor)


def test_a_chairman_cannot_prepare_in_another_village(books, world):
    with pytest.raises(RuleViolation):
        prepare(books, by=world.chair21)


def test_a_returned_voucher_can_be_corrected_and_resubmitted(books):
    voucher = prepare(books)
    fin.submit(voucher=voucher, by=books.chair)
    fin.return_voucher(voucher=voucher, by=books.officer, reason="摘要不清")
    fin.update_draft(voucher=voucher, by=books.chair, lines=lines(("102", "debit", "800"), ("301", "credit", "800")))
    fin.submit(voucher=voucher, by=books.chair)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.SUBMITTED and voucher.note == "摘要不清"
    assert [str(a) for a in voucher.lines.values_list("amount", flat=True)] == ["800.00", "800.00"]


def test_a_returned_voucher_cannot_move_to_another_month(books):
    voucher = prepare(books)
    with pytest.raises(RuleViolation):
        fin.update_draft(voucher=voucher, by=books.chair, on=date(2026, 10, 5))


def test_returning_needs_a_reason(books):
    voucher = prepare(books)
    fin.submit(voucher=voucher, by=books.chair)
    with pytest.raises(RuleViolation):
        fin.return_voucher(voucher=voucher, by=books.officer, reason="  ")


def test_r1_a_posting_that_puts_cash_in_the_village_is_refused(books):
    voucher = through_review(books, prepare(books, specs=(("101", "debit", "50"), ("501", "credit", "50"))))
    with pytest.raises(RuleViolation) as err:
        fin.post(voucher=voucher, by=books.officer_b)
    assert err.value.rule == "R1"
    assert "库存现金限额为 ¥0.00" in str(err.value)
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REVIEWED


def test_r1_cash_up_to_the_village_cap_is_allowed(books):
    village = books.ledger.village
    village.cash_cap = Decimal("500.00")
    village.save()
    posted(books.ledger, books.day, (("101", "debit", "500"), ("501", "credit", "500")),
           preparer=books.chair, approver=books.officer)
    with pytest.raises(RuleViolation):
        posted(books.ledger, books.day, (("101", "debit", "0.01"), ("501", "credit", "0.01")),
               preparer=books.chair, approver=books.officer)
    assert queries.cash_balance(books.ledger) == Decimal("500.00")


def test_r1_paying_cash_out_is_always_allowed(books):
    books.ledger.village.cash_cap = Decimal("100.00")
    books.ledger.village.save()
    posted(books.ledger, books.day, (("101", "debit", "100"), ("501", "credit", "100")),
           preparer=books.chair, approver=books.officer)
    posted(books.ledger, books.day, (("102", "debit", "100"), ("101", "credit", "100")),
           preparer=books.chair, approver=books.officer)
    assert queries.cash_balance(books.ledger) == 0


def test_r3_a_posted_voucher_cannot_be_edited_voided_or_returned(books):
    voucher = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    with pytest.raises(RuleViolation):
        fin.update_draft(voucher=voucher, by=books.chair, attachments=3)
    with pytest.raises(RuleViolation):
        fin.void(voucher=voucher, by=books.chair, reason="x")
    with pytest.raises(RuleViolation):
        fin.return_voucher(voucher=voucher, by=books.officer, reason="x")


def test_r3_a_closed_period_takes_no_postings(books):
    voucher = through_review(books, prepare(books, on=date(2026, 10, 20)))
    fin.void(voucher=prepare(books, on=date(2026, 10, 21)), by=books.chair, reason="x")
    for month in range(1, 10):
        fin.close_period(period=Period.objects.get(ledger=books.ledger, month=month), by=books.officer)
    fin.post(voucher=voucher, by=books.officer_b)
    fin.close_period(period=Period.objects.get(ledger=books.ledger, month=10), by=books.officer)
    with pytest.raises(RuleViolation) as err:
        prepare(books, on=date(2026, 10, 22))
    assert err.value.rule == "R3"
    with pytest.raises(RuleViolation):
        posted(books.ledger, date(2026, 10, 22), RECEIPT, preparer=books.chair, approver=books.officer)


def test_r3_periods_close_in_order_and_only_when_every_voucher_is_settled(books):
    with pytest.raises(RuleViolation) as err:
        fin.close_period(period=Period.objects.get(ledger=books.ledger, month=2), by=books.officer)
    assert "顺序" in str(err.value)
    prepare(books, on=date(2026, 1, 15))
    with pytest.raises(RuleViolation) as err:
        fin.close_period(period=Period.objects.get(ledger=books.ledger, month=1), by=books.officer)
    assert "未记账" in str(err.value)


def test_r3_reversing_restores_every_balance(books):
    original = posted(books.ledger, books.day, (("102", "debit", "250.50"), ("501", "credit", "250.50")),
                      preparer=books.chair, approver=books.officer)
    before = dict(queries.balances(books.ledger))
    reversal = fin.reverse(voucher=original, by=books.officer, on=books.day, reason="金额录错")
    assert reversal.reversal_of == original and reversal.status == Voucher.Status.SUBMITTED
    fin.review(voucher=reversal, by=books.officer_b)
    fin.post(voucher=reversal, by=books.officer_b)
    after = queries.balances(books.ledger)
    assert all(after[pk] == 0 for pk in before)
    with pytest.raises(RuleViolation):
        fin.reverse(voucher=original, by=books.officer, on=books.day, reason="again")


def test_r3_a_voided_reversal_letting_go_of_its_original_shows_in_the_history(books):
    original = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    first = fin.reverse(voucher=original, by=books.officer, on=books.day, reason="金额录错")
    fin.void(voucher=first, by=books.officer, reason="冲销日期错")
    fin.reverse(voucher=original, by=books.officer_b, on=books.day, reason="金额录错")
    latest = Voucher.objects.get(pk=first.pk).history.first()
    assert latest.reversal_of is None and latest.status == Voucher.Status.VOID
    assert latest.history_user == books.officer_b
    assert latest.prev_record.reversal_of_id == original.pk


def test_post_entry_needs_a_second_person_from_the_township(books):
    with pytest.raises(RuleViolation) as err:
        posted(books.ledger, books.day, RECEIPT, preparer=books.officer, approver=books.officer)
    assert err.value.rule == "R2"
    with pytest.raises(RuleViolation):
        posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.world.chair21)
    assert not Voucher.objects.exists()


def test_year_end_closing_carries_the_result_to_undistributed_income(books, world):
    from coop.roles import Role
    from tests.builders import account, ledger

    last_year = ledger(world.v12, books.officer, start=date(2025, 1, 1), through=(2025, 12))
    chair12 = account("chair12", Role.CHAIRMAN, village=world.v12)
    on = date(2025, 3, 5)
    posted(last_year, on, (("102", "debit", "3000"), ("501", "credit", "3000")), preparer=chair12,
           approver=books.officer)
    posted(last_year, on, (("513", "debit", "1200"), ("102", "credit", "1200")), preparer=chair12,
           approver=books.officer)
    for month in range(1, 12):
        fin.close_period(period=Period.objects.get(ledger=last_year, year=2025, month=month), by=books.officer)
    december = Period.objects.get(ledger=last_year, year=2025, month=12)
    with pytest.raises(RuleViolation) as err:
        fin.close_period(period=december, by=books.officer)
    assert "结转损益" in str(err.value)
    closing = fin.prepare_year_end(ledger=last_year, year=2025, by=books.officer)
    assert closing.is_closing and closing.date == date(2025, 12, 31)
    fin.review(voucher=closing, by=books.officer_b)
    fin.post(voucher=closing, by=books.officer_b)
    fin.close_period(period=december, by=books.officer)
    std = {a.code: a for a in Account.objects.filter(chart="2023", village=None)}
    assert queries.balance_of(last_year, std["501"]) == 0
    assert queries.balance_of(last_year, std["513"]) == 0
    assert queries.balance_of(last_year, std["321"]) == 0
    assert queries.balance_of(last_year, std["32202"]) == Decimal("1800.00")
    assert Period.objects.get(ledger=last_year, year=2026, month=1).status == Period.Status.OPEN


def test_the_trial_balance_rolls_sub_accounts_into_their_parent(books):
    bank = Account.objects.create(chart="2023", village=books.ledger.village, code="10201", name="农村信用社",
                                  category="asset", side="debit", parent=Account.objects.get(chart="2023", code="102",
                                                                                              village=None))
    posted(books.ledger, books.day, (("10201", "debit", "300"), ("301", "credit", "300")), preparer=books.chair,
           approver=books.officer)
    rows = {row.account.code: row for row in queries.trial_balance(books.ledger, 2026, 11)}
    assert rows["102"].debit == rows["10201"].debit == Decimal("300.00")
    assert rows["10201"].level == 2 and bank.pk == rows["10201"].account.pk


def test_r2_whoever_edits_a_draft_becomes_its_preparer_and_cannot_approve_it(books):
    voucher = prepare(books)
    fin.update_draft(voucher=voucher, by=books.officer, attachments=2)
    fin.submit(voucher=voucher, by=books.officer)
    with pytest.raises(RuleViolation) as err:
        fin.review(voucher=voucher, by=books.officer)
    assert err.value.rule == "R2"
    assert Voucher.objects.get(pk=voucher.pk).prepared_by == books.officer
