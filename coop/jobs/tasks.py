"""The one task the worker runs for every report job; what it renders comes from coop.jobs.registry."""

from django.tasks import task


@task()
def run_report_job(*, job_id: int, attempt: int) -> str:
    from coop.jobs.operations import run_job

    return run_job(job_id=job_id, attempt=attempt)
