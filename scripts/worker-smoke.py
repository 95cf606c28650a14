"""CI: a real `db_worker` process (started by .ci/run) prints ten seeded vouchers for a township officer.
Run as `python scripts/worker-smoke.py` with the worker's DATABASE_URL; exits non-zero unless the job is done
within three minutes with a PDF."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop.settings")

import django  # noqa: E402

django.setup()

from coop import access  # noqa: E402
from coop.jobs import operations  # noqa: E402
from coop.jobs.models import ReportJob  # noqa: E402
from coop.models import User  # noqa: E402
from finance import report_jobs  # noqa: E402
from finance.models import Voucher  # noqa: E402

officer = User.objects.filter(role="township_officer", is_active=True).order_by("pk").first()
vouchers = list(report_jobs.vouchers_in_order(access.visible(officer, Voucher.objects.all()))[:10])
if not vouchers:
    sys.exit("worker smoke: the seeded database has no voucher to print")
job = operations.enqueue_report(kind=report_jobs.VOUCHER_PRINT, by=officer, title="CI worker smoke",
                                params={"vouchers": [v.pk for v in vouchers]},
                                villages={v.ledger.village_id for v in vouchers}, unit="页")
deadline = time.monotonic() + 180
while time.monotonic() < deadline:
    job.refresh_from_db()
    if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
        break
    time.sleep(1)
print(f"worker smoke: job {job.pk} {job.status} {job.done}/{job.total} {job.unit} {job.error}")
if job.status != ReportJob.Status.DONE or not job.file.open("rb").read(5) == b"%PDF-":
    sys.exit(1)
