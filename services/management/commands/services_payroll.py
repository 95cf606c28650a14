"""The command door to a payroll: an .xlsx in the admin's template, recorded whole or refused whole through
services.operations.record_payroll — R4b refuses a cadre or a cadre's family here exactly as on the admin."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand

from services import imports
from services.management.commands import _file_import as door


class Command(BaseCommand):
    help = ("Record an organisation's monthly payroll from an .xlsx (the admin's import template): "
            "services_payroll <organisation> <file.xlsx> --year 2026 --month 5 --on 2026-06-05 --user <login>.")

    def add_arguments(self, parser):
        parser.add_argument("organisation", type=int, help="the service organisation's id")
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--on", type=date.fromisoformat, required=True, help="the payment date")
        parser.add_argument("--user", required=True, help="the login the payroll is recorded under")

    def handle(self, *args, organisation, file, year, month, on, user, **options):
        by, target = door.user(user), door.organisation(organisation)
        parsed = imports.parse_payroll(door.read(file), target, year, month, on)
        payroll = door.run(self, parsed, imports.apply_payroll, by)
        self.stdout.write(self.style.SUCCESS(f"已登记工资表 {payroll},合计 {payroll.amount} 元,待镇财政所审批"))
