"""Asking for a report job, running it in the worker, and retrying it: every change to a ReportJob."""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.errors import DOMAIN_ERRORS, Rule, RuleViolation, explain_text
from coop.jobs import queries, registry
from coop.jobs.models import ReportJob

logger = logging.getLogger(__name__)
Status = ReportJob.Status


@transaction.atomic
def enqueue_report(*, kind: str, by, title: str, params: dict, villages, total: int = 0,
                   unit: str = "") -> ReportJob:
    """Record a job for `by` and hand it to the worker once the transaction commits. `villages` are those the
    report reads: all must be in `by`'s scope (the job is visible only while they stay so). Raises
    PermissionDenied otherwise; an unknown `kind` is a programming error (LookupError)."""
    if not registry.is_registered(kind):
        raise LookupError(f"no report job kind {kind!r} is registered")
    if not (by and by.is_authenticated and by.is_active):
        raise PermissionDenied(_("请先登录"))
    village_ids = {getattr(v, "pk", v) for v in villages}
    if len(village_ids) != access.villages_of(by).filter(pk__in=village_ids).count():
        raise PermissionDenied(_("所选内容有不在您管辖范围内的村,不能生成"))
    job = ReportJob.objects.create(kind=kind, title=title[:200], params=params, requested_by=by,
                                   total=total, unit=unit)
    job.villages.set(village_ids)
    _send_on_commit(job)
    return job


@transaction.atomic
def retry_job(*, job: ReportJob, by) -> ReportJob:
    """Run a failed or stale job again, as a new attempt: whatever the old run still does cannot touch it."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if by.pk != job.requested_by_id and not (by.is_superuser and not by.role):
        raise PermissionDenied(_("只有任务的申请人可以重试此任务"))
    if not job.can_retry:
        raise RuleViolation(Rule.JOBS, _("任务“%(job)s”%(state)s,不能重试;只有失败或超时无进展的任务可以重试") % {
            "job": job.title, "state": job.state_label})
    if job.file:
        job.file.delete(save=False)
    job.attempt += 1
    job.status, job.done, job.error, job.task_id = Status.QUEUED, 0, "", ""
    job.filename = job.content_type = ""
    job.started_at = job.finished_at = None
    job.heartbeat_at = timezone.now()  # the stale clock starts again
    job.save()
    _send_on_commit(job)
    return job


def run_job(*, job_id: int, attempt: int) -> str:
    """What the worker does for one attempt of a job: claim it, render it, store the file or the reason it
    failed. An attempt that is no longer the job's current one does nothing. Returns the job's status."""
    sweep_stale()
    job = _claim(job_id, attempt)
    if job is None:
        return "superseded"
    try:
        output = registry.kind(job.kind).render(job, partial(_progress, job))
    except DOMAIN_ERRORS as exc:
        _fail(job, explain_text(exc))
        return Status.FAILED
    except Exception as exc:
        logger.exception("report job %s (%s) failed", job.pk, job.kind)
        _fail(job, _("生成失败(程序错误 %(error)s),请重试;仍失败请联系系统管理员") % {
            "error": type(exc).__name__})
        raise  # the task result keeps the traceback for the operator (docs/operations.md)
    return _finish(job, output)


def sweep_stale() -> tuple[int, int]:
    """Jobs whose worker died (killed, out of memory, the machine restarted) are never left "running": each stale
    one runs again while it has attempts left (COOP_JOB_MAX_ATTEMPTS), else it is marked failed with the reason.
    Run by `manage.py jobs --sweep` (cron, docs/operations.md) and by the worker before each job it takes.
    Returns (retried, failed)."""
    retried = failed = 0
    for job in queries.stale().select_related("requested_by"):
        if job.attempt < settings.COOP_JOB_MAX_ATTEMPTS and job.requested_by.is_active:
            try:
                retry_job(job=job, by=job.requested_by)
            except DOMAIN_ERRORS:  # taken meanwhile (finished, retried by its requester)
                continue
            logger.warning("report job %s (%s) stalled on attempt %s; retried", job.pk, job.kind, job.attempt)
            retried += 1
        else:
            failed += _current(job, Status.QUEUED, Status.RUNNING).update(
                status=Status.FAILED, finished_at=timezone.now(), error=_(
                    "后台进程中断,已运行 %(n)s 次仍未完成(超过 %(minutes)s 分钟无进展);请重试,仍失败请联系系统管理员")
                % {"n": job.attempt, "minutes": int(settings.COOP_JOB_STALE_AFTER.total_seconds() // 60)})
    return retried, failed


def remove_old_files(*, now=None) -> int:
    """Delete the files of jobs finished more than COOP_JOB_KEEP_FILES_DAYS ago and say so on the job: a report is
    made again from the books in seconds, while every kept copy is one more copy of villagers' names and money on
    disk. The job row stays as the record of who asked for what. Returns how many files were removed."""
    now = now or timezone.now()
    cutoff = now - settings.COOP_JOB_KEEP_FILES
    removed = 0
    for job in ReportJob.objects.filter(status=Status.DONE, finished_at__lt=cutoff, file_removed_at__isnull=True):
        if job.file:
            job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk, file_removed_at__isnull=True).update(file="", file_removed_at=now)
        removed += 1
    return removed


def _send_on_commit(job: ReportJob) -> None:
    transaction.on_commit(partial(_send, job.pk, job.attempt), robust=True)


def _send(job_id: int, attempt: int) -> None:
    from coop.jobs.tasks import run_report_job

    result = run_report_job.enqueue(job_id=job_id, attempt=attempt)
    ReportJob.objects.filter(pk=job_id, attempt=attempt).update(task_id=str(result.id))


def _current(job: ReportJob, *statuses):
    return ReportJob.objects.filter(pk=job.pk, attempt=job.attempt, status__in=statuses)


@transaction.atomic
def _claim(job_id: int, attempt: int) -> ReportJob | None:
    job = ReportJob.objects.select_for_update().select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.attempt != attempt or job.status != Status.QUEUED:
        return None
    job.status, job.started_at = Status.RUNNING, timezone.now()
    job.heartbeat_at = job.started_at
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    return job


def _progress(job: ReportJob, done: int, total: int | None = None) -> None:
    """Called by a renderer as it goes; also the heartbeat that tells a slow job from a dead one."""
    total = max(total if total is not None else job.total, done, 0)
    job.done, job.total = done, total
    _current(job, Status.RUNNING).update(done=done, total=total, heartbeat_at=timezone.now())


def _finish(job: ReportJob, output: registry.Output) -> str:
    job.file.save(output.filename, ContentFile(output.data), save=False)
    with transaction.atomic():
        updated = _current(job, Status.RUNNING).update(
            status=Status.DONE, file=job.file.name, filename=output.filename[:200],
            content_type=output.content_type, done=max(job.total, job.done), total=max(job.total, job.done),
            finished_at=timezone.now(), heartbeat_at=timezone.now())
    if not updated:  # retried meanwhile: the newer attempt owns the job
        job.file.delete(save=False)
        return "superseded"
    return Status.DONE


def _fail(job: ReportJob, reason: str) -> None:
    _current(job, Status.RUNNING).update(status=Status.FAILED, error=reason, finished_at=timezone.now())
