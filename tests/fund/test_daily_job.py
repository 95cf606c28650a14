"""The daily job marks instalments overdue and brings penalties to the day, from the command and from the worker's
task; running it twice the same day changes nothing."""

from datetime import date, datetime
from decimal import Decimal as D
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from finance.fund import arrears
from finance.fund import operations as fund_ops
from finance.fund.tasks import enqueue_daily, next_run, run_fund_daily
from tests.fund.running import pay, rows, running, with_early_capital


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def test_an_unpaid_instalment_is_overdue_from_the_next_day_with_the_penalty_of_the_days(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    fund_ops.mark_overdue(on=date(2026, 3, 5))
    feb, mar = rows(loan)[:2]
    assert (feb.overdue_since, feb.penalty_accrued) == (date(2026, 2, 6), D("0.42"))  # 30 × 28 × 5‱
    assert (mar.overdue_since, mar.penalty_accrued) == (None, D("0"))  # due that day: not yet late


def test_running_the_job_twice_the_same_day_changes_nothing(b):
    loan = running(b, b.members[0], "5000", method="annuity")
    assert fund_ops.mark_overdue(on=date(2026, 6, 1)) == 4
    before = [(r.penalty_accrued, r.overdue_since) for r in rows(loan)]
    assert fund_ops.mark_overdue(on=date(2026, 6, 1)) == 0
    assert [(r.penalty_accrued, r.overdue_since) for r in rows(loan)] == before


def test_a_partial_payment_lowers_the_penalty_from_the_next_day(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    repayment = pay(b, loan, "10", date(2026, 2, 15))  # 0.15 penalty (10 days on 30.00), 9.85 on the fee
    assert (repayment.to_penalty, repayment.to_overdue_fee) == (D("0.15"), D("9.85"))
    fund_ops.mark_overdue(on=date(2026, 2, 25))
    feb = rows(loan)[0]
    # 6–15 Feb: 10 days on 30.00 = 300; 16–25 Feb: 10 days on 20.15 = 201.5; 501.5 × 5‱ = 0.25075 → 0.25
    assert feb.penalty_accrued == D("0.25") == arrears.penalty(
        owed=D("30"), due_on=date(2026, 2, 5), on=date(2026, 2, 25), rate_per_ten_thousand=5,
        payments=[(date(2026, 2, 15), D("9.85"))])
    assert arrears.penalty(owed=D("30"), due_on=date(2026, 2, 5), on=date(2026, 2, 25), rate_per_ten_thousand=5,
                           payments=[]) == D("0.30")


def test_a_repaid_instalment_bears_no_more_penalty(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    pay(b, loan, "30.42", date(2026, 3, 5))  # February's fee and its penalty
    fund_ops.mark_overdue(on=date(2026, 4, 1))
    feb = rows(loan)[0]
    assert (feb.penalty_accrued, feb.paid_penalty, feb.settled_on) == (D("0.42"), D("0.42"), date(2026, 3, 5))


def test_the_command_runs_the_job(b):
    running(b, b.members[0], "5000", method="fee_monthly")
    out = StringIO()
    call_command("fund_daily", "--on", "2026-03-05", stdout=out)
    call_command("fund_daily", "--on", "2026-03-05", stdout=out)
    assert out.getvalue().splitlines() == ["逾期标记与罚息:更新 1 期", "逾期标记与罚息:更新 0 期"]


def test_the_task_runs_the_job_and_queues_the_next_morning(b):
    running(b, b.members[0], "5000", method="fee_monthly")
    assert run_fund_daily.call(chain=False) >= 1
    result = enqueue_daily(datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    row = DBTaskResult.objects.get(id=result.id)
    assert row.task_path.endswith("run_fund_daily")
    assert row.run_after == datetime(2026, 12, 1, 1, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_next_run_is_today_before_one_and_tomorrow_after():
    shanghai = ZoneInfo("Asia/Shanghai")
    assert next_run(datetime(2026, 11, 30, 0, 30, tzinfo=shanghai)) == datetime(2026, 11, 30, 1, 0, tzinfo=shanghai)
    assert next_run(datetime(2026, 11, 30, 1, 0, tzinfo=shanghai)) == datetime(2026, 12, 1, 1, 0, tzinfo=shanghai)
