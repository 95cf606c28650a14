"""The command door to service records: an .xlsx in the admin's template, recorded all or nothing through
services.operations.record_services (each charged service gets its receipt, pending the township's approval)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from services import imports
from services.management.commands import _file_import as door


class Command(BaseCommand):
    help = "Record an organisation's service records from an .xlsx (the admin's import template), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("organisation", type=int, help="the service organisation's id")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the login the records are recorded under")

    def handle(self, *args, organisation, file, user, **options):
        by, target = door.user(user), door.organisation(organisation)
        parsed = imports.parse_services(door.read(file), target)
        written = door.run(self, parsed, imports.apply_services, by)
        self.stdout.write(self.style.SUCCESS(f"已登记 {len(written)} 条服务记录:{target}"))
