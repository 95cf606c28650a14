"""The demo's 2025 distribution: in every pilot village but the last two, the chairman prepares the plan from the
2025 surplus the books carried over (finance.demo.carried_surplus) and the founding households' shares on
31 December 2025, the assembly passes it in March 2026 (its minutes a scanned page), the township approves and posts
it, and pays in April every member who has given a bank account — all but a few, whose dividends stay unpaid.

Idempotent: a cooperative that has a 2025 plan is left alone."""

import io
from datetime import date

from coop.models import Cooperative, User
from coop.roles import Role
from distribution import operations
from distribution.models import DistributionPlan

YEAR = 2025
RECORD_DATE = date(2025, 12, 31)
ASSEMBLY = date(2026, 3, 15)
APPROVED = date(2026, 3, 20)
PAID = date(2026, 4, 10)
WITHOUT_PLAN = 2     # the last pilot villages have not distributed yet
WITHOUT_ACCOUNT = 3  # members per village who have not given a bank account: their dividends stay unpaid


def minutes_scan():
    """A one-page scan of the minutes (a small PNG), as the assembly's upload."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (120, 170), color=235).save(buffer, format="PNG")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "社员大会会议记录.png"
    return upload


def seed() -> None:
    cooperatives = list(Cooperative.objects.select_related("village__township").order_by("village__code"))
    for coop in cooperatives[:len(cooperatives) - WITHOUT_PLAN]:
        if DistributionPlan.objects.filter(cooperative=coop, year=YEAR).exists() or not coop.members.exists() \
                or getattr(coop.village, "ledger", None) is None:
            continue
        chair = User.objects.filter(role=Role.CHAIRMAN, village=coop.village).first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=coop.village.township).order_by("pk").first()
        if chair is None or officer is None:
            continue
        plan = operations.prepare_plan(cooperative=coop, year=YEAR, record_date=RECORD_DATE, by=chair)
        members = coop.members.count()
        attendance = members * 4 // 5
        operations.record_assembly(plan=plan, on=ASSEMBLY, attendance=attendance, votes_for=attendance - 2,
                                   votes_against=1, minutes=minutes_scan(), by=chair)
        plan = operations.approve_plan(plan=plan, by=officer, on=APPROVED)
        dividends = list(plan.dividends.select_related("member").order_by("member__number"))
        paying = dividends[:len(dividends) - WITHOUT_ACCOUNT]
        operations.set_payee_accounts(plan=plan, by=chair, accounts={
            d.pk: ("留坝县农村信用社", f"6217{coop.village.code[-6:]}{d.member.number:08d}") for d in paying})
        if paying:
            payment = operations.record_payment(plan=plan, dividends=paying, on=PAID, by=chair)
            operations.approve_payment(payment=payment, by=officer)
