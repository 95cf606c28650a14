from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User, Village
from finance.operations import require_village_hand
from members.imports import opening, poverty, roster

KINDS = {"roster": roster, "poverty": poverty, "opening": opening}


class Command(BaseCommand):
    help = ("Import a village's roster (households, persons, members) or the county's poverty register from an "
            ".xlsx file, all or nothing, recorded under the login --user names (who ran it, as the history will say).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--village", required=True, help="the village's 12-digit code")
        parser.add_argument("--kind", choices=sorted(KINDS), default="roster",
                            help="roster (花名册, the default), poverty (建档立卡名册) or opening (期初股金)")
        parser.add_argument("--user", required=True,
                            help="the login the import is recorded under: the village's chairman or its township's "
                                 "finance staff (期初股金: the township's)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")

    def handle(self, *args, file, village, kind, user, dry_run, **options):
        place = Village.objects.select_related("township").filter(code=village).first()
        if place is None:
            raise CommandError(f"村 {village} 不存在")
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户 {user} 不存在或已停用")
        try:
            require_village_hand(by, place, "从 Excel 导入社员资料")
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        module = KINDS[kind]
        parsed = module.parse(file.read_bytes(), place)
        for error in parsed.errors:
            self.stderr.write(f"第 {error.row} 行 {error.column}: {error.message}")
        if not parsed.ok:
            raise CommandError(f"文件有 {len(parsed.errors)} 处错误,未导入任何数据")
        if dry_run:
            self.stdout.write(f"检查通过(未写入):{_summary(kind, parsed)}")
            return
        try:
            written = module.apply(parsed, by)
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        self.stdout.write(self.style.SUCCESS(module.written_message(place, written, parsed)))


def _summary(kind, parsed) -> str:
    if kind == "opening":
        return f"{len(parsed.holdings)} 名社员,共 {parsed.shares} 股"
    if kind == "roster":
        return f"{len(parsed.households)} 户、{parsed.persons} 人,其中 {parsed.members} 户入社"
    return f"将更新 {len(parsed.changes)} 户,{parsed.unchanged} 户无变化"
