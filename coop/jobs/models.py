"""A report job: who asked for what, how far the worker has got, and the file it made."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def output_path(job, filename: str) -> str:
    """A generated name: the requester's file name never reaches the disk (only the extension is kept)."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"jobs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=60)
    title = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    villages = models.ManyToManyField("coop.Village", blank=True, related_name="+", verbose_name=_("涉及的村"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.QUEUED)
    attempt = models.PositiveIntegerField(_("第几次运行"), default=1,
                                          help_text=_("重试时加一;旧的运行不能再改写此任务"))
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    file = models.FileField(_("生成的文件"), upload_to=output_path, blank=True)
    filename = models.CharField(_("下载文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    task_id = models.CharField(_("后台任务编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    file_removed_at = models.DateTimeField(_("文件清理时间"), null=True, blank=True,
                                           help_text=_("生成的文件保留期满后删除;任务记录本身保留备查"))

    class Meta:
        verbose_name = _("报表任务")
        verbose_name_plural = _("报表任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobs_by_requester")]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")) | Q(total=0),
                                   name="jobs_progress_within_total"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q_for(cls, user, villages):
        """The requester's own jobs, and only while every village the job reads is still in their scope."""
        from coop.models import Village

        outside = Village.objects.exclude(pk__in=villages.values("pk"))
        return Q(requested_by=user) & ~Q(pk__in=cls.villages.through.objects.filter(
            village__in=outside).values("reportjob_id"))

    @property
    def is_stale(self) -> bool:
        """Queued or running with no progress for COOP_JOB_STALE_AFTER: the worker is gone (killed, out of
        memory, never started). Such a job counts as failed and may be retried."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return last is not None and timezone.now() - last > settings.COOP_JOB_STALE_AFTER

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_stale

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale

    @property
    def state_label(self) -> str:
        if self.is_stale:
            return _("失败(超时无进展)")
        if self.file_removed_at:
            return _("已完成(文件已过保留期清理,请重新生成)")
        return self.get_status_display()
