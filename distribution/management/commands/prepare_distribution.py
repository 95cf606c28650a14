"""编制收益分配方案 from the command line (a township preparing the plans of its villages at the year's end) through
distribution.operations.prepare_plan: the same R7 checks as the admin's form. A refusal prints the rule's words
and the command fails."""

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coop.errors import DOMAIN_ERRORS, Rule, explain_text
from coop.limits import require_year
from coop.models import Cooperative, User
from distribution import operations
from distribution.models import DistributionPlan


class Command(BaseCommand):
    help = ("Prepare a cooperative's income distribution plan for a year from its books and its charter's ratios "
            "on the record date, recorded under the login --user names (required: the plan and its history say who "
            "prepared it, so no one's name is lent to a script).")

    def add_arguments(self, parser):
        parser.add_argument("--village", required=True, help="the village's 12-digit code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--record-date", type=date.fromisoformat, help="股权登记日 (default: 31 December)")
        parser.add_argument("--ratios", help="分红,发展,积累 in per cent as the assembly states them (default: the "
                                             "charter's)")
        parser.add_argument("--user", required=True, help="the login the plan is recorded under")

    def handle(self, *args, village, year, record_date, ratios, user, **options):
        coop = Cooperative.objects.filter(village__code=village).select_related("village").first()
        if coop is None:
            raise CommandError(f"村 {village} 没有合作社")
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户 {user} 不存在或已停用")
        stated = None
        if ratios:
            try:
                stated = tuple(Decimal(part) for part in ratios.split(","))
            except ArithmeticError:
                raise CommandError(f"分配比例“{ratios}”应为三个数字,以逗号分隔") from None
            if len(stated) != 3:
                raise CommandError(f"分配比例“{ratios}”应为三个数字,以逗号分隔")
        try:
            with transaction.atomic():
                year = require_year(year, rule=Rule.R7)  # before date(year, 12, 31), which fails past 9999
                plan = operations.prepare_plan(cooperative=coop, year=year, ratios=stated, by=by,
                                               record_date=record_date or date(year, 12, 31))
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc, model=DistributionPlan)) from None
        members = plan.dividends.count()
        self.stdout.write(f"{plan}:可分配收益 {plan.pool},社员分红 {plan.dividend_pool}({members} 名社员)")
