"""What the services' import commands share: the user, the organisation, reading the .xlsx through services.imports
(the admin's own parser), printing every row error, and applying all or nothing."""

from pathlib import Path

from django.core.management.base import CommandError

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User
from services.models import ServiceOrganisation


def user(username: str):
    by = User.objects.filter(username=username, is_active=True).first()
    if by is None:
        raise CommandError(f"用户 {username} 不存在或已停用")
    return by


def organisation(pk: int) -> ServiceOrganisation:
    found = ServiceOrganisation.objects.select_related("cooperative__village").filter(pk=pk).first()
    if found is None:
        raise CommandError(f"服务组织 {pk} 不存在")
    return found


def read(file: Path) -> bytes:
    if not file.is_file() or file.suffix.lower() != ".xlsx":
        raise CommandError(f"找不到 .xlsx 文件 {file}")
    return file.read_bytes()


def run(command, parsed, apply, by):
    """Print the file's errors, or apply it; a refusal of the operation is printed in the words every door shows."""
    for error in parsed.errors:
        where = f"第 {error.rows} 行" if error.row else "文件"
        command.stderr.write(f"{where}{' ' + error.column if error.column else ''}:{error.message}")
    if parsed.errors:
        raise CommandError(f"文件有 {len(parsed.errors)} 处错误,未写入任何数据")
    try:
        return apply(parsed, by)
    except DOMAIN_ERRORS as exc:
        raise CommandError(explain_text(exc)) from exc
