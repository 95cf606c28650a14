"""The fund's daily job as a task of the project's worker (Django's Tasks API, django-tasks-db's db_worker).

`run_fund_daily` marks overdue instalments and brings their penalties to the day, then queues itself for the next
morning (DAILY_AT, Asia/Shanghai), so one `manage.py fund_daily --enqueue` (at deployment, or from a timer if the
worker's queue was ever emptied) keeps it running every day. The job is idempotent, so a second chain or a run
by hand the same day changes nothing."""

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

DAILY_AT = time(1, 0)


def next_run(now: datetime | None = None) -> datetime:
    """The next DAILY_AT in the project's time zone after `now`."""
    local = timezone.localtime(now or timezone.now())
    run = local.replace(hour=DAILY_AT.hour, minute=DAILY_AT.minute, second=0, microsecond=0)
    return run if run > local else run + timedelta(days=1)


def enqueue_daily(now: datetime | None = None):
    """Queue the next run; the result of `enqueue`."""
    return run_fund_daily.using(run_after=next_run(now)).enqueue()


@task()
def run_fund_daily(*, chain: bool = True) -> int:
    from finance.fund.operations import mark_overdue

    changed = mark_overdue(on=timezone.localdate())
    if chain:
        enqueue_daily()
    return changed
