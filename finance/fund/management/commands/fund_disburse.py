"""放款 from the command line (a township's batch day): each named approved loan is paid out through
finance.fund.operations.disburse_loan, in its own transaction, so one refusal leaves the others paid. A refusal
prints the rule's words; the command fails when any loan was refused."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User, Village
from coop.roles import Role
from finance.fund import operations as fund_ops
from finance.fund.models import Loan, Stage


class Command(BaseCommand):
    help = ("Pay out approved mutual-aid fund loans of a village (by loan number, or all approved ones), each "
            "checked again against R6. Recorded under the village's chairman unless --user names another login.")

    def add_arguments(self, parser):
        parser.add_argument("--village", required=True, help="the village's 12-digit code")
        parser.add_argument("numbers", nargs="*", type=int, help="loan numbers (default: every approved loan)")
        parser.add_argument("--on", type=date.fromisoformat, help="disbursement date, YYYY-MM-DD (default: today)")
        parser.add_argument("--user", help="the login the disbursement is recorded under")

    def handle(self, *args, village, numbers, on, user, **options):
        place = Village.objects.filter(code=village).first()
        if place is None:
            raise CommandError(f"村 {village} 不存在")
        by = (User.objects.filter(username=user, is_active=True).first() if user else
              User.objects.filter(role=Role.CHAIRMAN, village=place, is_active=True).order_by("pk").first())
        if by is None:
            raise CommandError(f"用户 {user} 不存在或已停用" if user
                               else f"{place} 没有在用的理事长账号,请用 --user 指定")
        loans = Loan.objects.filter(fund__cooperative__village=place).order_by("number")
        loans = loans.filter(number__in=numbers) if numbers else loans.filter(stage=Stage.APPROVED)
        refused = 0
        for loan in loans:
            try:
                with transaction.atomic():
                    fund_ops.disburse_loan(loan=loan, disbursed_on=on or timezone.localdate(), by=by)
            except DOMAIN_ERRORS as exc:
                refused += 1
                self.stderr.write(f"借款 {loan.number:05d}:{explain_text(exc, model=Loan)}")
            else:
                self.stdout.write(f"借款 {loan.number:05d} 已放款")
        if refused:
            raise CommandError(f"{refused} 笔未能放款")
