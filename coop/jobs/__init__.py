"""Reports made by the background worker (Django's Tasks API, django-tasks-db's `db_worker`), with progress and a
file to download: a request that would render for many seconds enqueues a job instead and shows its page.

The face other apps use:

* `coop.jobs.registry.register(kind, label=...)` — declare, in `<app>/report_jobs.py`, the function that makes one
  kind of report: `render(job, progress) -> Output(data, filename, content_type)`. It reads `job.params` and
  `job.requested_by` (whose scope it must apply again: rights may have changed since the job was asked for), and
  may call `progress(done, total)` as it goes. A DOMAIN_ERRORS exception fails the job with its explanation;
  anything else fails it with a generic reason and is logged.
* `coop.jobs.operations.enqueue_report(kind=..., by=..., title=..., params=..., villages=...)` — ask for one; the
  villages are what the report reads, and a user sees the job only while all of them are in their scope.
* `coop.jobs.operations.retry_job(job=..., by=...)` — run a failed or stale job again.

The admin page of a job (`admin:jobs_reportjob_change`) shows its progress and offers the download.
"""
