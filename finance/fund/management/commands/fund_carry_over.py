"""结转旧账 from the command line: a village's paper loan list (the admin's import template, .xlsx) carried over
through finance.fund.operations.carry_over_loans, all or nothing, exactly as the admin's import does it. Every row
error is printed with its row and column; nothing is written when there is one."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User, Village
from finance.fund import carry_over_import
from finance.fund.models import Fund


class Command(BaseCommand):
    help = ("Carry over a village's mutual-aid fund loans from the paper books (an .xlsx in the admin's "
            "结转旧账借款 template), all or nothing, recorded under a township officer's login (--by).")

    def add_arguments(self, parser):
        parser.add_argument("village", help="the village's 12-digit code or its name")
        parser.add_argument("file", type=Path, help="the .xlsx loan list")
        parser.add_argument("--by", required=True, help="the township officer's login")

    def handle(self, *args, village, file, by, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"用户 {by} 不存在或已停用")
        places = list(Village.objects.filter(code=village)) or list(Village.objects.filter(name=village)[:2])
        if len(places) != 1:
            raise CommandError(f"村 {village} 不存在" if not places else f"有不止一个名为 {village} 的村,请用村代码")
        fund = Fund.objects.select_related("cooperative__village__ledger").filter(
            cooperative__village=places[0]).first()
        if fund is None:
            raise CommandError(f"{places[0]} 尚未设立互助资金协会")
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        parsed = carry_over_import.parse(file.read_bytes(), fund)
        for error in parsed.errors:
            where = f"第 {error.rows} 行" if error.row else "文件"
            self.stderr.write(f"{where}{' ' + error.column if error.column else ''}:{error.message}")
        if parsed.errors:
            raise CommandError(f"文件有 {len(parsed.errors)} 处错误,未写入任何数据")
        try:
            loans = carry_over_import.apply(parsed, user)
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"已结转 {len(loans)} 笔借款,合计 {parsed.total} 元,建账时未还本金 {parsed.open_principal} 元:{fund}"))
