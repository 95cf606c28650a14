"""The demo's subsidised loans: 留坝县's 贴息 policy (full subsidy of the interest paid, quarterly claims, up to
300,000 元 and 36 months), and per pilot cooperative one 300,000 元 loan at 4.35 % drawn on 5 January 2026, its
interest for the quarters to 20 March, 20 June and 20 September computed and paid, and one subsidy claim (the third
quarter's) approved by the township and received.

Runs after the books and before the demo's months are closed (finance.demo.close_months). Idempotent: a
cooperative that already has a loan is left alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from coop.models import Cooperative, County, User
from coop.roles import Role
from finance.bankloan import operations as loans
from finance.bankloan import queries
from finance.bankloan.models import BankLoan

PRINCIPAL = Decimal("300000.00")
SIGNED = date(2026, 1, 5)
QUARTERS = 3  # to 20 Mar, 20 Jun, 20 Sep 2026
CLAIMED = date(2026, 9, 30)  # a day of the claimed quarter
RECEIVED = date(2026, 11, 10)


def seed() -> None:
    today = timezone.localdate()
    if today < RECEIVED:
        return  # the demo's year has not happened yet on this machine's clock
    for county in County.objects.filter(townships__villages__cooperative__isnull=False).distinct():
        admin = User.objects.filter(role=Role.COUNTY_ADMIN, county=county).order_by("pk").first()
        if admin is not None and queries.policy_on(county, SIGNED) is None:
            loans.set_policy(county=county, effective_from=date(2016, 1, 1), method="actual",
                             subsidy_rate=Decimal("100"), max_principal=PRINCIPAL, max_term_months=36,
                             claim_period="quarterly", note="留坝县扶贫贴息贷款管理办法(示例)", by=admin)
    for coop in Cooperative.objects.select_related("village__township").order_by("village__code"):
        if BankLoan.objects.filter(cooperative=coop).exists() or not hasattr(coop.village, "ledger"):
            continue
        chair = User.objects.filter(role=Role.CHAIRMAN, village=coop.village).first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=coop.village.township).order_by(
            "pk").first()
        if chair is None or officer is None or queries.policy_on(coop.village.township.county, SIGNED) is None:
            continue
        _loan(coop, chair, officer)


def _loan(coop, chair, officer):
    loan = loans.register_loan(cooperative=coop, bank="留坝县农村信用合作联社",
                               contract_number=f"留信贷字2026第{coop.village.code}号", principal=PRINCIPAL,
                               annual_rate=Decimal("4.35"), term_months=12, signed_on=SIGNED,
                               purpose="合作社产业发展(食用菌、中蜂养殖)", by=chair)
    drawdown = loans.record_drawdown(loan=loan, on=SIGNED, amount=PRINCIPAL, by=chair)
    loans.approve_drawdown(drawdown=drawdown, by=officer)
    for _quarter in range(QUARTERS):
        period = loans.compute_interest_period(loan=loan, by=chair)
        payment = loans.record_interest_payment(period=period, on=period.end, interest_paid=period.interest_due,
                                                by=chair)
        loans.approve_interest_payment(payment=payment, by=officer)
    claim = loans.make_claim(cooperative=coop, within=CLAIMED, by=chair)
    claim = loans.submit_claim(claim=claim, by=chair)
    claim = loans.approve_claim(claim=claim, by=officer)
    loans.record_subsidy_received(claim=claim, on=RECEIVED, amount=claim.amount, by=officer)
