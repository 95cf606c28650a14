"""A report job whose worker process is killed mid-render is not left "running" for ever: with no progress for
COOP_JOB_STALE_AFTER it shows as failed, the sweep runs it again, and a new worker finishes it — real processes on
the real database, as in production (make run: the server and `db_worker` beside it)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from coop.jobs import operations as jobs
from coop.jobs.models import ReportJob
from coop.roles import Role
from tests.coop.stalling_worker import STALL

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(__file__).resolve().parents[2]


def _worker(media):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.coop.stalling_worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _until(job, check, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if check(job):
            return job
        if worker.poll() is not None:
            pytest.fail(f"the worker exited: {worker.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    pytest.fail(f"job {job.pk} stayed {job.status} {job.done}/{job.total}")


def test_a_job_whose_worker_is_killed_is_run_again_and_finished_by_the_next_worker(world, media, settings):
    job = jobs.enqueue_report(kind=STALL, by=world.users[Role.CHAIRMAN], title="停滞测试", params={},
                              villages=[world.v11])
    first = _worker(media)
    try:
        _until(job, lambda j: j.status == "running" and j.done == 1, first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("running", 1, 2)  # what a dead worker leaves behind
    ReportJob.objects.filter(pk=job.pk).update(  # the stale period passes
        heartbeat_at=timezone.now() - settings.COOP_JOB_STALE_AFTER - timedelta(seconds=1))
    job.refresh_from_db()
    assert job.is_stale and job.state_label == "失败(超时无进展)"

    call_command("jobs", "--sweep")
    second = _worker(media)
    try:
        _until(job, lambda j: j.status == "done", second)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert (job.attempt, job.done, job.total) == (2, 2, 2)
    assert job.file.open("rb").read() == b"attempt 2"
