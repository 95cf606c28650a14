"""The operator's view of report jobs: which failed or stalled and why, and retrying them."""

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.jobs import operations, queries
from coop.jobs.models import ReportJob


class Command(BaseCommand):
    help = "列出失败或超时无进展的报表任务(--retry 编号… 以申请人身份重试;--remove-old-files 清理过期文件)"

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="+", type=int, metavar="ID", help="重试这些任务")
        parser.add_argument("--sweep", action="store_true",
                            help="超时无进展的任务(后台进程已中断):未达次数上限的自动重试,其余标为失败"
                                 "(宜由 cron 每几分钟运行)")
        parser.add_argument("--remove-old-files", action="store_true",
                            help="删除保留期(COOP_JOB_KEEP_FILES_DAYS)已满的报表文件,任务记录保留")

    def handle(self, *args, retry=None, remove_old_files=False, sweep=False, **options):
        if sweep:
            retried, failed = operations.sweep_stale()
            self.stdout.write(f"超时无进展的任务:{retried} 个已自动重试,{failed} 个标为失败")
            return
        if remove_old_files:
            self.stdout.write(f"已清理 {operations.remove_old_files()} 个过期报表文件")
            return
        if retry:
            return self._retry(retry)
        for job in queries.needing_attention()[:200]:
            self.stdout.write(f"{job.pk}\t{job.state_label}\t{job.created_at:%Y-%m-%d %H:%M}\t"
                              f"{job.requested_by.username}\t{job.title}\t{job.error or '-'}\t{job.task_id or '-'}")

    def _retry(self, ids):
        failed = False
        for job in ReportJob.objects.filter(pk__in=ids).select_related("requested_by"):
            try:
                operations.retry_job(job=job, by=job.requested_by)
            except DOMAIN_ERRORS as exc:
                failed = True
                self.stderr.write(f"{job.pk}: {explain_text(exc)}")
            else:
                self.stdout.write(f"{job.pk}: 已重新提交")
        if failed:
            raise CommandError("有任务未能重试")
