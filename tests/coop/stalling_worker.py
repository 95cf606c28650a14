"""A real `db_worker` process for tests/coop/test_worker_killed.py, with one more report kind: "tests.stall", whose
first attempt reports half its progress and then never ends (the worker is killed under it), and whose later
attempts finish. Run as `python -m tests.coop.stalling_worker` with the test database's DATABASE_URL."""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop.settings")

import django  # noqa: E402

django.setup()

from coop.jobs.registry import Output, is_registered, register  # noqa: E402

STALL = "tests.stall"


def stall(job, progress):
    progress(1, 2)
    while job.attempt == 1:  # until the process is killed
        time.sleep(0.2)
    progress(2, 2)
    return Output(f"attempt {job.attempt}".encode(), "stall.txt", "text/plain")


if not is_registered(STALL):
    register(STALL, label="停滞")(stall)

if __name__ == "__main__":
    from django.core.management import call_command

    call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", verbosity=0)
