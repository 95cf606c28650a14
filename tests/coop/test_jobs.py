"""Report jobs: asked for in a request, made by the real worker (db_worker), followed on their page, downloaded
only by the one who asked; a failure or a dead worker ends as a failed job that can be retried."""

import os
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coop.errors import Rule, RuleViolation
from coop.jobs import operations as jobs
from coop.jobs.models import ReportJob
from coop.jobs.registry import Output, register
from coop.roles import Role

# serialized: a plain transactional test's flush re-creates content types under new ids on PostgreSQL, which the
# serialized tests after it (tests/finance) then collide with; and the chart of accounts comes from a migration.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@register("tests.echo", label="回显")
def echo(job, progress):
    progress(1, 2)
    progress(2, 2)
    return Output(job.params["text"].encode(), "回显.txt", "text/plain")


@register("tests.refused", label="拒绝")
def refused(job, progress):
    raise RuleViolation(Rule.R2, "R2 权限:测试拒绝")


@register("tests.broken", label="出错")
def broken(job, progress):
    progress(1, 10)
    raise RuntimeError("renderer bug")


def ask(world, kind="tests.echo", user=None, village=None):
    return jobs.enqueue_report(kind=kind, by=user or world.users[Role.CHAIRMAN], title="测试任务",
                               params={"text": "<script>alert(1)</script>"}, villages=[village or world.v11])


def page(client, job):
    return client.get(reverse("admin:jobs_reportjob_change", args=[job.pk]))


def test_a_job_is_queued_then_made_by_the_worker_and_downloaded_as_an_attachment(world, client_for, run_worker):
    job = ask(world)
    client = client_for(world.users[Role.CHAIRMAN])
    waiting = page(client, job)
    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh"' in waiting.text and "排队中" in waiting.text
    assert DBTaskResult.objects.filter(pk=ReportJob.objects.get(pk=job.pk).task_id).exists()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == ("done", 2, 2, "")
    assert job.file.name.startswith("jobs/") and "回显" not in job.file.name  # a generated name on disk
    done = page(client, job)
    assert '<meta http-equiv="refresh"' not in done.text
    download_url = reverse("admin:jobs_reportjob_download", args=[job.pk])
    assert download_url in done.text
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"


def test_nobody_but_the_requester_sees_or_downloads_a_job(world, client_for, run_worker):
    job = ask(world)
    run_worker()
    others = [world.users[Role.TOWNSHIP_OFFICER], world.users[Role.AUDITOR], world.chair21, world.admin2]
    for other in others:
        client = client_for(other)
        assert page(client, job).status_code in (302, 404), other
        assert client.get(reverse("admin:jobs_reportjob_download", args=[job.pk])).status_code == 404, other
        listing = client.get(reverse("admin:jobs_reportjob_changelist"))
        assert "测试任务" not in listing.text, other


def test_a_requester_moved_out_of_the_village_no_longer_sees_the_job(world, client_for, run_worker):
    job = ask(world)
    run_worker()
    chair = world.users[Role.CHAIRMAN]
    type(chair).objects.filter(pk=chair.pk).update(village=world.v12)
    chair.refresh_from_db()
    assert client_for(chair).get(reverse("admin:jobs_reportjob_download", args=[job.pk])).status_code == 404


def test_a_job_cannot_be_asked_for_a_village_outside_ones_scope(world):
    with pytest.raises(PermissionDenied):
        ask(world, village=world.v21)
    assert not ReportJob.objects.exists()


def test_a_refusal_fails_the_job_with_the_rules_words(world, client_for, run_worker):
    job = ask(world, kind="tests.refused")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "R2 权限:测试拒绝"
    shown = page(client_for(world.users[Role.CHAIRMAN]), job)
    assert "R2 权限:测试拒绝" in shown.text and '<meta http-equiv="refresh"' not in shown.text
    assert reverse("admin:jobs_reportjob_download", args=[job.pk]) not in shown.text


def test_a_crashing_renderer_fails_the_job_and_keeps_the_traceback_for_the_operator(world, run_worker):
    job = ask(world, kind="tests.broken")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "RuntimeError" in job.error and job.done == 1
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED" and "renderer bug" in task.traceback


def test_a_job_without_progress_for_too_long_shows_as_failed_and_can_be_retried(world, client_for, run_worker,
                                                                                 settings):
    job = ask(world)
    run_worker()
    lost = ReportJob.objects.get(pk=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(  # a worker killed mid-render leaves the job "running"
        status="running", heartbeat_at=timezone.now() - settings.COOP_JOB_STALE_AFTER - timedelta(seconds=1))
    job.refresh_from_db()
    assert job.is_stale and job.can_retry
    client = client_for(world.users[Role.CHAIRMAN])
    shown = page(client, job)
    assert "失败(超时无进展)" in shown.text and '<meta http-equiv="refresh"' not in shown.text

    client.post(reverse("admin:jobs_reportjob_retry", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 2)
    assert jobs.run_job(job_id=lost.pk, attempt=lost.attempt) == "superseded"  # the old run changes nothing
    job.refresh_from_db()
    assert job.status == "done" and job.attempt == 2


def test_a_finished_job_is_not_retried(world):
    job = ask(world)
    job.status = ReportJob.Status.DONE
    job.save()
    with pytest.raises(RuleViolation) as refused:
        jobs.retry_job(job=job, by=world.users[Role.CHAIRMAN])
    assert refused.value.rule == Rule.JOBS


def test_only_the_requester_retries(world, run_worker):
    job = ask(world, kind="tests.refused")
    run_worker()
    with pytest.raises(PermissionDenied):
        jobs.retry_job(job=job, by=world.users[Role.TOWNSHIP_OFFICER])


def test_the_operator_lists_failed_and_stale_jobs_and_retries_them(world, run_worker, settings):
    import io

    from django.core.management import call_command

    failed = ask(world, kind="tests.refused")
    stale, fine = ask(world), ask(world)
    run_worker()
    ReportJob.objects.filter(pk=stale.pk).update(
        status="running", heartbeat_at=timezone.now() - settings.COOP_JOB_STALE_AFTER - timedelta(seconds=1))
    out = io.StringIO()
    call_command("jobs", stdout=out)
    listed = {int(line.split("\t")[0]) for line in out.getvalue().splitlines()}
    assert listed == {failed.pk, stale.pk}

    call_command("jobs", "--retry", str(stale.pk), stdout=io.StringIO())
    run_worker()
    assert ReportJob.objects.get(pk=stale.pk).status == "done"
    assert ReportJob.objects.get(pk=fine.pk).attempt == 1


@pytest.mark.parametrize("n", [1, 30])
def test_the_job_list_costs_the_same_for_one_job_or_many(world, client_for, django_assert_max_num_queries, n):
    for _ in range(n):
        ask(world)
    client = client_for(world.users[Role.CHAIRMAN])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:jobs_reportjob_changelist"))
    assert response.text.count("测试任务") == n


def test_files_past_the_keep_period_are_removed_and_the_job_says_so(world, client_for, run_worker, settings):
    from django.core.management import call_command

    old, recent = ask(world), ask(world)
    run_worker()
    old.refresh_from_db()
    path = old.file.path
    ReportJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - settings.COOP_JOB_KEEP_FILES - timedelta(hours=1))

    call_command("jobs", "--remove-old-files")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and old.file_removed_at is not None
    assert not os.path.exists(path)
    assert recent.file and recent.file_removed_at is None
    client = client_for(world.users[Role.CHAIRMAN])
    assert "文件已过保留期清理" in page(client, old).text
    assert client.get(reverse("admin:jobs_reportjob_download", args=[old.pk])).status_code == 404
    assert jobs.remove_old_files() == 0  # a second run finds nothing more to remove


def _stall(job, settings):
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=timezone.now() - settings.COOP_JOB_STALE_AFTER - timedelta(seconds=1))


def test_a_stale_job_is_run_again_once_by_the_sweep_then_marked_failed(world, run_worker, settings):
    import io

    from django.core.management import call_command

    settings.COOP_JOB_MAX_ATTEMPTS = 2
    job = ask(world)
    run_worker()
    _stall(job, settings)
    out = io.StringIO()
    call_command("jobs", "--sweep", stdout=out)
    assert "1 个已自动重试,0 个标为失败" in out.getvalue()
    job.refresh_from_db()
    assert (job.status, job.attempt, job.is_stale) == ("queued", 2, False)

    _stall(job, settings)  # the second run's worker dies too
    assert jobs.sweep_stale() == (0, 1)
    job.refresh_from_db()
    assert job.status == "failed" and "已运行 2 次仍未完成" in job.error and job.can_retry
    assert jobs.sweep_stale() == (0, 0)  # a failed job is left for its requester to retry


def test_the_worker_sweeps_dead_jobs_before_it_takes_the_next(world, run_worker, settings):
    dead = ask(world)
    run_worker()
    _stall(dead, settings)
    ask(world)  # the next job anyone asks for
    run_worker()
    dead.refresh_from_db()
    assert (dead.status, dead.attempt) == ("done", 2)
