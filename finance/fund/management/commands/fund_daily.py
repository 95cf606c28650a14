from datetime import date

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from finance.fund.operations import mark_overdue
from finance.fund.tasks import enqueue_daily


class Command(BaseCommand):
    help = ("互助资金每日任务:标记逾期的还款计划并计算罚息(重复运行结果不变)。--enqueue 只把每日任务排入后台队列,"
            "由 db_worker 每天凌晨运行。")

    def add_arguments(self, parser):
        parser.add_argument("--on", help="计算到哪一天(YYYY-MM-DD,默认今天)")
        parser.add_argument("--enqueue", action="store_true", help="排入后台队列,此后每天自动运行")

    def handle(self, *args, on, enqueue, **options):
        if enqueue:
            result = enqueue_daily()
            self.stdout.write(f"已排入后台队列:{result.id},{result.task.run_after:%Y-%m-%d %H:%M} 运行")
            return
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"日期格式不正确:{on}") from None
        try:
            changed = mark_overdue(on=day)
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        self.stdout.write(f"逾期标记与罚息:更新 {changed} 期")
