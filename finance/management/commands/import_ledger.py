from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User
from finance.imports import parse
from finance.models import Ledger


class Command(BaseCommand):
    help = "Import a village's opening balances or vouchers from an .xlsx file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--village", required=True, help="the village's 12-digit code")
        parser.add_argument("--kind", choices=sorted(parse.KINDS), default="vouchers")
        parser.add_argument("--user", required=True, help="the login the import is recorded under")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")

    def handle(self, *args, file, village, kind, user, dry_run, **options):
        ledger = Ledger.objects.select_related("village").filter(village__code=village).first()
        if ledger is None:
            raise CommandError(f"村 {village} 不存在或尚未建账")
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户 {user} 不存在")
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        parsed = parse.parse(file.read_bytes(), kind, ledger)
        for error in parsed.errors:
            self.stderr.write(f"第 {error.rows or "—"} 行 {error.column}: {error.message}")
        if not parsed.ok:
            raise CommandError(f"文件有 {len(parsed.errors)} 处错误,未导入任何数据")
        count = len(parsed.openings) if kind == "openings" else len(parsed.vouchers)
        if dry_run:
            self.stdout.write(f"检查通过:{count} 条{'期初余额' if kind == 'openings' else '凭证'}(未写入)")
            return
        try:
            written = parse.apply(parsed, ledger, by)
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已导入 {len(written)} 条"))
