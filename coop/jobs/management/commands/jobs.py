"""The operator's view of report jobs: which failed or stalled and why, and retrying them."""

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.jobs import operations, queries
from coop.jobs.models import ReportJob


class Command(BaseCommand):
    help = "列出失败或超时无进展的报表任务(--retry 编号… 以申请人身份重试)"

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="+", type=int, metavar="ID", help="重试这些任务")

    def handle(self, *args, retry=None, **options):
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
