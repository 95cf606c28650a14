"""The role × model × action matrix of issue 2, proved through the admin over HTTP.

The expected rights and scopes are written out here by hand from DOMAIN.md §2, not read from
coop.rights, so that a change to the rights table that breaks the specification fails these tests.
"""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import transaction
from django.db.models import Q
from django.forms import CheckboxInput
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coop import access
from coop.jobs import operations as jobs
from coop.jobs.models import ReportJob
from coop.models import Charter, Cooperative, County, LoginAttempt, Township, User, Village
from coop.roles import Role
from disclosure import operations as disclosure_ops
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings, Question, ReplyDeadline
from distribution.models import DistributionPlan, Dividend, DividendPayment
from finance import operations as fin
from finance.bank import operations as bank_ops
from finance.bank.models import BankFormat, BankMatch, BankStatement, ReconciliationNote
from finance.bankloan import operations as loans
from finance.bankloan.models import (
    BankLoan,
    Drawdown,
    InterestPayment,
    InterestPeriod,
    PrincipalRepayment,
    SubsidyClaim,
    SubsidyPolicy,
)
from finance.fund import operations as fund_ops
from finance.fund.models import (
    CapitalReceipt,
    CarriedLoan,
    Fund,
    FundPolicy,
    FundTerms,
    GuaranteeGroup,
    Loan,
    Repayment,
    Reschedule,
    WriteOff,
)
from finance.models import Account, BankDesignation, Ledger, OpeningBalance, Period, StatementLine, Voucher
from members import operations as mem
from members.models import CadreTerm, Household, Kinship, Member, Person, ShareTransaction
from projects import operations as project_ops
from projects.models import Asset, FundsReceipt, LabourRecord, Payment, Project, Rental, Variation
from services import operations as services_ops
from services.models import (
    AgencyTrade,
    Equipment,
    FeeReceipt,
    FeeSchedule,
    Leadership,
    ManagementFee,
    Payroll,
    SanitationFunding,
    SanitationStandard,
    ServiceOrganisation,
    ServiceRecord,
    Worker,
)
from supervision import operations as supervision_ops
from supervision.models import Attempt, Evidence, Finding, Inspection, Rectification
from tests import builders
from tests.finance.conftest import statement_csv

R = Role
ROLES = [R.COUNTY_ADMIN, R.TOWNSHIP_OFFICER, R.CHAIRMAN, R.AUDITOR, R.INSPECTOR]

RIGHTS = {
    County: {R.COUNTY_ADMIN: "vc", R.AUDITOR: "v", R.INSPECTOR: "v"},
    Township: {R.COUNTY_ADMIN: "vacd", R.TOWNSHIP_OFFICER: "v", R.AUDITOR: "v", R.INSPECTOR: "v"},
    Village: {R.COUNTY_ADMIN: "vacd", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.INSPECTOR: "v"},
    Cooperative: {R.COUNTY_ADMIN: "vacd", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v",
                  R.INSPECTOR: "v"},
    Charter: {R.COUNTY_ADMIN: "vacd", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    User: {R.COUNTY_ADMIN: "vacd", R.AUDITOR: "v"},
    LoginAttempt: {R.COUNTY_ADMIN: "vd", R.AUDITOR: "v"},
    # The ledger: vouchers are edited in their own entry view and never deleted (tested in tests/finance);
    # here "a" is the entry form, and no role has the standard change or delete.
    Voucher: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Ledger: {R.TOWNSHIP_OFFICER: "va", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Period: {R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    OpeningBalance: {R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # change and delete apply to a village's own sub-accounts; standard accounts are read-only for all
    Account: {R.TOWNSHIP_OFFICER: "vacd", R.COUNTY_ADMIN: "vacd", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    StatementLine: {R.COUNTY_ADMIN: "vc", R.TOWNSHIP_OFFICER: "v", R.AUDITOR: "v"},
    # which bank account serves which purpose: named (and renamed) by the township, never deleted
    BankDesignation: {R.TOWNSHIP_OFFICER: "vac", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # bank reconciliation: statements, matches and explanations are made on the reconciliation page, so their
    # admin lists are for reading; a bank's column layout belongs to one county (the built-in one to every county,
    # changed by none of these roles)
    BankStatement: {R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    BankMatch: {R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    ReconciliationNote: {R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    BankFormat: {R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "vac", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    # Members: rows are added through operations and never deleted in the admin; of a household only its
    # 建档立卡 status is changed (through set_poverty_status).
    Household: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Person: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Member: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    ShareTransaction: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    CadreTerm: {R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "va", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    Kinship: {R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "va", R.CHAIRMAN: "va", R.AUDITOR: "v"},
    # Subsidised loans: the county sets its policy; the village records loans, movements, payments and claims, which
    # the township approves on their pages; rows are never changed or deleted in the admin (corrections are rows)
    SubsidyPolicy: {R.COUNTY_ADMIN: "va", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    BankLoan: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Drawdown: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    PrincipalRepayment: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    InterestPeriod: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    InterestPayment: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    SubsidyClaim: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # Projects: every step and payment is recorded through the operations (add), never edited or deleted here;
    # the township approves the money with its own buttons; the asset register is written by the acceptance.
    Project: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v", R.INSPECTOR: "v"},
    FundsReceipt: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Variation: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Payment: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    LabourRecord: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Rental: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Asset: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "v", R.COUNTY_ADMIN: "v", R.AUDITOR: "v", R.INSPECTOR: "v"},
    # The mutual-aid fund: the county sets its policy, the township opens funds and records their terms; the
    # village records capital, groups and loans, which the township approves. Nothing is edited or deleted.
    FundPolicy: {R.COUNTY_ADMIN: "va", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    Fund: {R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "va", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    FundTerms: {R.TOWNSHIP_OFFICER: "va", R.CHAIRMAN: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    CapitalReceipt: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    GuaranteeGroup: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Loan: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # Loans carried over from paper are opening figures: the township enters them, as it does opening balances.
    CarriedLoan: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # A running loan: the village records repayments and asks for reschedules and write-offs, which the township
    # decides; a mistaken repayment is reversed (an action), never edited.
    Repayment: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Reschedule: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    WriteOff: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    # Report jobs: everyone sees their own, and nobody else's.
    ReportJob: {role: "v" for role in ROLES},
    # Disclosures: a draft changes, a signed or published one never (probe); the matrix's questions are answered,
    # so read-only for all (the reply door is tried in tests/disclosure); the reply deadline is the county's.
    Disclosure: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    CommitteeMember: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    DisclosureSettings: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Question: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "v", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    ReplyDeadline: {R.COUNTY_ADMIN: "vac", R.AUDITOR: "v"},
    # Service organisations: the village (or the township keying in for it) records; an organisation and its
    # equipment change through their operations; appointments, fees, records and money are added, never edited;
    # the county sets the sanitation standard, which every level reads.
    ServiceOrganisation: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Equipment: {R.CHAIRMAN: "vac", R.TOWNSHIP_OFFICER: "vac", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    **{model: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"}
       for model in (Leadership, Worker, FeeSchedule, ServiceRecord, ManagementFee, Payroll, AgencyTrade,
                     SanitationFunding)},
    FeeReceipt: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "v", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},  # by the record
    SanitationStandard: {R.COUNTY_ADMIN: "va", R.TOWNSHIP_OFFICER: "v", R.CHAIRMAN: "v", R.AUDITOR: "v"},
    # The distribution (R7): plans added by the village or the township, approved by the township; a dividend's
    # change form takes the member's bank account (who may pay); payments are read here, decided by their buttons.
    DistributionPlan: {R.CHAIRMAN: "va", R.TOWNSHIP_OFFICER: "va", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    Dividend: {R.CHAIRMAN: "vc", R.TOWNSHIP_OFFICER: "vc", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    DividendPayment: {R.CHAIRMAN: "v", R.TOWNSHIP_OFFICER: "v", R.COUNTY_ADMIN: "v", R.AUDITOR: "v"},
    # Supervision (R8): the inspector records inspections, findings and evidence in its scope and nothing else; the
    # township and the auditors record theirs; the chairman reads what concerns the village, reports a rectification
    # done (the change form) and uploads its evidence; nothing is deleted; the breach log is read, never written here.
    Attempt: {R.TOWNSHIP_OFFICER: "v", R.AUDITOR: "v", R.COUNTY_ADMIN: "v"},
    Inspection: {R.INSPECTOR: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "va", R.CHAIRMAN: "v", R.COUNTY_ADMIN: "v"},
    Finding: {R.INSPECTOR: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "va", R.CHAIRMAN: "v", R.COUNTY_ADMIN: "v"},
    Rectification: {R.TOWNSHIP_OFFICER: "v", R.AUDITOR: "v", R.CHAIRMAN: "vc", R.COUNTY_ADMIN: "v"},
    Evidence: {R.INSPECTOR: "va", R.TOWNSHIP_OFFICER: "va", R.AUDITOR: "va", R.CHAIRMAN: "va", R.COUNTY_ADMIN: "v"},
}
MEMBER_PATHS = {Household: "village", Person: "household__village", Member: "cooperative__village",
                ShareTransaction: "cooperative__village", CadreTerm: "village",
                Kinship: "person__household__village",
                BankLoan: "cooperative__village", Drawdown: "loan__cooperative__village",
                PrincipalRepayment: "loan__cooperative__village", InterestPeriod: "loan__cooperative__village",
                InterestPayment: "period__loan__cooperative__village", SubsidyClaim: "cooperative__village",
                Project: "cooperative__village",
                Asset: "cooperative__village", **{model: "project__cooperative__village" for model in (
                    FundsReceipt, Variation, Payment, LabourRecord, Rental)},
                Fund: "cooperative__village",
                FundTerms: "fund__cooperative__village", CapitalReceipt: "fund__cooperative__village",
                GuaranteeGroup: "fund__cooperative__village", Loan: "fund__cooperative__village",
                CarriedLoan: "fund__cooperative__village",
                Repayment: "loan__fund__cooperative__village", Reschedule: "loan__fund__cooperative__village",
                WriteOff: "loan__fund__cooperative__village",
                Disclosure: "village", CommitteeMember: "village", DisclosureSettings: "village",
                Question: "disclosure__village",
                ServiceOrganisation: "cooperative__village", SanitationFunding: "cooperative__village",
                **{model: "organisation__cooperative__village" for model in (
                    Leadership, Worker, Equipment, FeeSchedule, ServiceRecord, FeeReceipt, ManagementFee, Payroll,
                    AgencyTrade)},
                DistributionPlan: "cooperative__village", Dividend: "plan__cooperative__village",
                DividendPayment: "plan__cooperative__village",
                Finding: "village", Rectification: "finding__village", Evidence: "finding__village"}

COUNTY_WIDE = {R.COUNTY_ADMIN, R.AUDITOR, R.INSPECTOR}


def in_scope(w, model, role):
    """Every row of the model the role's user in 留坝县 must see, as a set of primary keys."""
    villages = ({w.v11, w.v12, w.v21, w.v22} if role in COUNTY_WIDE
                else {w.v11, w.v12} if role == R.TOWNSHIP_OFFICER else {w.v11})
    if model is County:
        return {w.c1.pk} if role in COUNTY_WIDE else set()
    if model is Township:
        return {v.township_id for v in villages}
    if model is Village:
        return {v.pk for v in villages}
    if model in (Cooperative, Charter):
        coops = Cooperative.objects.filter(village__in=villages)
        return set((coops if model is Cooperative else Charter.objects.filter(cooperative__in=coops))
                   .values_list("pk", flat=True))
    if model is User:
        return set(User.objects.filter(username__in=[
            "admin1", "officer1", "chair11", "auditor1", "inspector1", "chair21", "officer2"])
            .values_list("pk", flat=True))
    if model is LoginAttempt:
        return set(LoginAttempt.objects.filter(username="chair11").values_list("pk", flat=True))
    if model in (Ledger, Voucher, OpeningBalance, Period, BankDesignation, BankStatement, ReconciliationNote):
        path = "village" if model is Ledger else "ledger__village"
        return set(model.objects.filter(**{f"{path}__in": villages}).values_list("pk", flat=True))
    if model is BankMatch:
        return set(BankMatch.objects.filter(statement_line__statement__ledger__village__in=villages)
                   .values_list("pk", flat=True))
    if model is BankFormat:  # the built-in shared layout, and 留坝县's own (never 佛坪县's)
        if "v" not in RIGHTS[BankFormat].get(role, ""):
            return set()
        return set(BankFormat.objects.filter(Q(county=w.c1) | Q(county__isnull=True)).values_list("pk", flat=True))
    if model is Account:
        return set(Account.objects.filter(village__isnull=True).values_list("pk", flat=True)) | set(
            Account.objects.filter(village__in=villages).values_list("pk", flat=True))
    if model is StatementLine:
        return all_rows(StatementLine) if "v" in RIGHTS[StatementLine].get(role, "") else set()
    if model is SubsidyPolicy:
        counties = {v.township.county_id for v in villages} if "v" in RIGHTS[model].get(role, "") else set()
        return set(SubsidyPolicy.objects.filter(county__in=counties).values_list("pk", flat=True))
    if model in MEMBER_PATHS:
        return set(model.objects.filter(**{f"{MEMBER_PATHS[model]}__in": villages}).values_list("pk", flat=True))
    if model is FundPolicy:
        return set(FundPolicy.objects.filter(county=w.c1).values_list("pk", flat=True)) if "v" in RIGHTS[
            FundPolicy].get(role, "") else set()
    if model is ReportJob:
        return set(ReportJob.objects.filter(requested_by=w.users[role]).values_list("pk", flat=True))
    if model is SanitationStandard:
        return set(SanitationStandard.objects.filter(county=w.c1).values_list("pk", flat=True)) if "v" in RIGHTS[
            SanitationStandard].get(role, "") else set()
    if model is ReplyDeadline:
        return set(ReplyDeadline.objects.filter(county=w.c1).values_list("pk", flat=True)) if role in COUNTY_WIDE \
            else set()
    if model is Inspection:
        return set(Inspection.objects.filter(villages__in=villages).values_list("pk", flat=True))
    if model is Attempt:  # a refusal tied to no village is read only county-wide
        of_c1 = Q(user__county=w.c1) | Q(user__township__county=w.c1) | Q(user__village__township__county=w.c1)
        anywhere = Q(village__isnull=True) & of_c1 if role in COUNTY_WIDE else Q(pk__in=[])
        return set(Attempt.objects.filter(Q(village__in=villages) | anywhere).values_list("pk", flat=True))
    raise AssertionError(model)


def probe(model, pks):
    """The rows on which change and delete rights are tried: a village's own accounts, not the standard; a
    county's own statement layouts, not the built-in shared one."""
    if model is Account:
        return set(Account.objects.filter(pk__in=pks, is_standard=False).values_list("pk", flat=True))
    if model is BankFormat:
        return set(BankFormat.objects.filter(pk__in=pks, county__isnull=False).values_list("pk", flat=True))
    if model is Disclosure:
        return set(Disclosure.objects.filter(pk__in=pks, status="draft").values_list("pk", flat=True))
    if model is Rectification:  # a verified rectification is closed
        return set(Rectification.objects.filter(pk__in=pks, verified_by__isnull=True).values_list("pk", flat=True))
    return set(pks)


def all_rows(model):
    return set(model._default_manager.values_list("pk", flat=True))


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def subsidised_loan(village, chair, officer):
    """A loan of the village with a drawdown, its first period paid, a claim and a pending repayment, under its
    county's policy (monthly settlement and claims, so that November's open month holds them all)."""
    from decimal import Decimal

    county = village.township.county
    if not SubsidyPolicy.objects.filter(county=county).exists():
        admin = User.objects.get(role=R.COUNTY_ADMIN, county=county, username__in=["admin1", "admin2"])
        loans.set_policy(county=county, effective_from=builders.date(2016, 1, 1), method="actual",
                         max_principal=Decimal("300000"), claim_period="monthly", by=admin)
    loan = loans.register_loan(cooperative=village.cooperative, bank="农村信用社", contract_number=village.code,
                               principal=Decimal("10000"), annual_rate=Decimal("4.35"), term_months=12,
                               signed_on=builders.date(2026, 10, 1), settlement="monthly", by=chair)
    loans.approve_drawdown(drawdown=loans.record_drawdown(loan=loan, on=builders.date(2026, 11, 2),
                                                          amount=Decimal("10000"), by=chair), by=officer)
    period = loans.compute_interest_period(loan=loan, by=chair)
    loans.approve_interest_payment(payment=loans.record_interest_payment(
        period=period, on=period.end, interest_paid=period.interest_due, by=chair), by=officer)
    loans.submit_claim(claim=loans.make_claim(cooperative=village.cooperative, within=period.end, by=chair), by=chair)
    loans.record_repayment(loan=loan, on=builders.date(2026, 11, 25), amount=Decimal("100"), by=chair)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and every row the cases read, built once per module (and xdist worker) inside a transaction
    that is rolled back at the end; each case runs in a savepoint within it and is rolled back to this state, as
    Django's setUpTestData does. Built per case, the rows of 1,479 cases cost most of the suite's time."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with transaction.atomic():
            world = builders.world()
            build_attempts(world)
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def world(matrix_world, db):
    """The module's world (the function-scoped one in tests/conftest.py would build a new one per case); its
    uploads and report files stay in the module's MEDIA_ROOT."""
    return matrix_world


@pytest.fixture
def attempts(world):
    """The rows every case reads: part of the module's world (build_attempts)."""
    return world


def build_attempts(world):
    """Failed logins, plus books in three villages (one of them in the other county): a ledger, an opening
    balance, a sub-account designated as the basic bank account, a posted voucher and its bank statement (matched,
    with an explanation) each; a statement layout of each county's own; the fund, the subsidised loan and a
    project of each village; and a report job asked for by each login of 留坝县."""
    officers = {world.t1: world.users[R.TOWNSHIP_OFFICER], world.t2: world.officer2}
    officers[world.t3] = builders.account("officer3", R.TOWNSHIP_OFFICER, township=world.t3)
    for name, by in (("留坝农商银行", officers[world.t1]), ("佛坪农商银行", world.admin2)):
        bank_ops.save_bank_format(bank_format=BankFormat(bank_name=name), by=by)
    for village, chair in ((world.v11, world.users[R.CHAIRMAN]), (world.v21, world.chair21),
                           (world.v31, world.chair31)):
        officer = officers[village.township]
        books = builders.ledger(village, officer, start=builders.date(2026, 11, 1))
        bank = fin.add_sub_account(parent=Account.objects.get(chart="2023", code="102", village=None),
                                   village=village, code="10201", name="农村信用社", by=officer)
        fin.set_opening_balances(ledger=books, by=officer, balances=[(bank, "100", 0), ("301", 0, "100")])
        fin.designate_bank_account(village=village, purpose="basic", account=bank, by=officer)
        builders.posted(books, builders.date(2026, 11, 2), (("10201", "debit", "50"), ("301", "credit", "50")),
                        preparer=chair, approver=officer)
        statement = bank_ops.import_statement(
            ledger=books, account=bank, year=2026, month=11, by=officer, filename="对账单.csv",
            bank_format=BankFormat.objects.get(bank_name="陕西信合(农村信用社)"),
            data=statement_csv([("2026-11-02", "股金存入", "", "", "50.00", "150.00")]))
        bank_ops.auto_match(statement=statement, by=officer)
        bank_ops.explain_difference(ledger=books, account=bank, year=2026, month=11, text="测试说明", by=officer)
        n = village.pk * 10
        household = mem.register_household(village=village, number=f"{n}", is_registered_poor=True, by=chair)
        head = mem.register_person(household=household, name=f"户主{n}", id_number=builders.id_number(n), by=chair)
        spouse = mem.register_person(household=household, name=f"配偶{n}", id_number=builders.id_number(n + 1),
                                     relation="spouse", by=chair)
        member = mem.admit_member(cooperative=village.cooperative, kind="poor_household", household=household,
                                  joined_on=builders.date(2025, 1, 1), by=chair)
        mem.record_share_transaction(cooperative=village.cooperative, kind="pay_in", member=member, shares=2,
                                     on=builders.date(2026, 11, 3), by=chair)
        fund_world_of(village, officer, chair, member, county_admin={world.c1: world.users[R.COUNTY_ADMIN],
                                                                     world.c2: world.admin2})
        mem.record_cadre_term(village=village, person=head, post="committee_member",
                              start=builders.date(2020, 1, 1), by=officer)
        mem.record_kinship(person=head, relative=spouse, relation="spouse", by=officer)
        subsidised_loan(village, chair, officer)
        built_project(village, chair, officer, n)
        disclosures(village, chair, officer, n)
        supervised(village, chair, officer)
        serviced(village, chair, n)
        distributed(village, chair, member)
    for county, admin_user in ((world.c1, world.users[R.COUNTY_ADMIN]), (world.c2, world.admin2)):
        services_ops.set_sanitation_standard(county=county, size="large", amount="4000",
                                             effective_from=builders.date(2016, 1, 1), by=admin_user)
    for county, admin_user in ((world.c1, world.users[R.COUNTY_ADMIN]), (world.c2, world.admin2)):
        disclosure_ops.set_reply_deadline(by=admin_user, county=county, days=10,
                                          effective_from=builders.date(2026, 1, 1))
    for user, village in [*((user, world.v11) for user in world.users.values()), (world.chair21, world.v21)]:
        jobs.enqueue_report(kind="finance.voucher_print", by=user, title=f"{user.username} 的打印",
                            params={"vouchers": []}, villages=[village])
    for name in ("chair11", "chair31"):
        AccessAttempt.objects.create(username=name, ip_address="10.0.0.1", user_agent="test",
                                     failures_since_start=5, attempt_time=timezone.now(),
                                     get_data="", post_data="")


def disclosures(village, chair, officer, n):
    """The village's supervision committee member and disclosure choices, a published sheet with an answered
    question, and a draft."""
    member = disclosure_ops.save_committee_member(by=chair, village=village, name=f"监委{n}", post="chair",
                                                  start=builders.date(2025, 1, 1))
    disclosure_ops.save_settings(by=chair, village=village, monthly=False, names_in_public=False)
    sheet = disclosure_ops.draft(village=village, period="quarter", year=2026, number=4, by=chair)
    disclosure_ops.sign_off(disclosure=sheet, members=[member], by=officer, on=builders.date(2026, 11, 20))
    disclosure_ops.publish(disclosure=sheet, by=chair, posted_on=builders.date(2026, 11, 21))
    question = disclosure_ops.ask(disclosure=sheet, text=f"问题{n}", phone="13991234567")
    disclosure_ops.reply(question=question, text="答复", by=officer)
    disclosure_ops.draft(village=village, period="year", year=2026, by=chair)


def serviced(village, chair, n):
    """An e-commerce team of the village with a worker, a bin, a fee, a served household (its receipt), a payroll, a
    management fee, a sale for a villager; and the village's sanitation subsidy — each waiting for the township."""
    from decimal import Decimal

    from services.operations.pay import PayLine

    on = builders.date(2026, 11, 5)
    team = services_ops.found_organisation(cooperative=village.cooperative, name=f"电商服务点{n}", form="point",
                                           nature="operating", category="ecommerce", fee_mode="fixed", fee_fixed=50,
                                           founded_on=builders.date(2026, 1, 5), by=chair)
    home = mem.register_household(village=village, number=f"{n + 5}", by=chair)
    worker = mem.register_person(household=home, name=f"队员{n}", id_number=builders.id_number(n + 5), by=chair)
    services_ops.add_worker(organisation=team, person=worker, start=builders.date(2026, 1, 5), by=chair)
    services_ops.appoint_leader(organisation=team, person=worker, start=builders.date(2026, 1, 5), by=chair)
    services_ops.register_equipment(organisation=team, name="电脑", kind="tools", value=3000, source="collective",
                                    location="村委会", acquired_on=builders.date(2026, 1, 5), by=chair)
    services_ops.set_fee_schedule(organisation=team, service="代发快递", unit="service", rate=5,
                                  effective_from=builders.date(2026, 1, 5), by=chair)
    services_ops.record_service(organisation=team, service="代发快递", on=on, quantity=Decimal("2"), household=home,
                                by=chair)
    services_ops.record_payroll(organisation=team, year=2026, month=10, on=on, by=chair, lines=[
        PayLine(person=worker, kind="wage", quantity=Decimal("2"), rate=Decimal("100"))])
    services_ops.charge_management_fee(organisation=team, year=2026, month=10, by=chair)
    services_ops.record_trade(organisation=team, kind="sale", person=worker, goods="土蜂蜜", on=on, gross=500,
                              commission=25, counterparty="西安客户", pay_account="6217000012345678", by=chair)
    services_ops.record_sanitation_funding(cooperative=village.cooperative, year=2026, source_kind="collective",
                                           on=on, amount=Decimal("100"), by=chair)


def distributed(village, chair, member):
    """A 2025 plan of the village waiting for the township, its one dividend and a payment of it — written as rows
    (the matrix tries the pages' rights and scope; the plan's arithmetic and R7 are tried in tests/distribution,
    and the matrix world's books hold no 2025 surplus to prepare one from)."""
    from decimal import Decimal

    charter = village.cooperative.charters.order_by("-effective_from").first()
    pool = Decimal("1000.00")
    parts = [pool * ratio / 100 for ratio in (charter.dividend_ratio, charter.development_ratio,
                                               charter.accumulation_ratio)]
    parts[-1] = pool - parts[0] - parts[1]
    plan = DistributionPlan.objects.create(
        cooperative=village.cooperative, year=2025, record_date=builders.date(2025, 12, 31), charter=charter,
        dividend_ratio=charter.dividend_ratio, development_ratio=charter.development_ratio,
        accumulation_ratio=charter.accumulation_ratio, opening_undistributed=0, year_profit=pool,
        distributed_before=0, pool=pool, dividend_pool=parts[0], development_amount=parts[1],
        accumulation_amount=parts[2], shares_total=2, recorded_by=chair)
    Dividend.objects.create(plan=plan, member=member, shares=2, amount=parts[0], payee_bank="留坝县农村信用社",
                            payee_account="6217000000000001")
    DividendPayment.objects.create(plan=plan, on=builders.date(2026, 11, 20), amount=parts[0], recorded_by=chair)


def supervised(village, chair, officer):
    """An inspection of the village by its township with a finding, its evidence and a rectification the village
    reports done (so that saving its change form unchanged is accepted); and a refusal logged in the village."""
    on = builders.date(2026, 11, 10)
    inspection = supervision_ops.record_inspection(line="township", title="日常监督", on=on, villages=[village],
                                                   period_from=builders.date(2026, 11, 1), period_to=on, by=officer)
    finding = supervision_ops.record_finding(inspection=inspection, village=village, rule="R1", amount=100,
                                             description="库存现金超限", requirement="存入银行",
                                             deadline=builders.date(2026, 12, 31), by=officer)
    supervision_ops.upload_evidence(finding=finding, upload=builders.png_upload(), by=officer)
    supervision_ops.mark_done(rectification=finding.rectification, on=on, note="已存入银行", by=chair)
    Attempt.objects.create(user=chair, username=chair.username, door="admin_form", village=village, rule="R1",
                           message="R1 库存现金超过限额")
    if village.township.county.name == "留坝县":
        Attempt.objects.create(door="command", where="verify_books", rule="R3", message="R3 账簿校验不符")


def built_project(village, chair, officer, n):
    """A project of the village taken to its acceptance: a receipt, a variation, a labour and a rental record, a
    paid payroll and the asset it formed (the books open on 1 November, so the money moves in November)."""
    on = builders.date(2026, 11, 4)
    worker_home = mem.register_household(village=village, number=f"{n}9", by=chair)
    worker = mem.register_person(household=worker_home, name=f"工人{n}", id_number=builders.id_number(n + 7), by=chair)
    project = project_ops.apply_for_project(project=Project(
        cooperative=village.cooperative, name=f"通组路{n}", kind="road", body_kind="township", body_name="镇政府",
        body_person="陈镇长", funding="one_matter", total_investment="100000", simple_engineering=True,
        simple_engineering_confirmed_by="刘工", simple_engineering_confirmed_on=on, local_labour=True,
        local_labour_confirmed_by="陈镇长", local_labour_confirmed_on=on, planned_start=on, planned_end=on,
        location="一组"), statement="修路", on=on, by=chair)
    project_ops.decide_project(project=project, approved=True, decided_by="陈镇长", on=on, by=officer)
    project_ops.record_entrustment(project=project, upload=builders.png_upload(), on=on, body_signatory="陈",
                                   cooperative_signatory="王", amount="100000", by=chair)
    project_ops.record_competition(project=project, on=on, selected=0, reason="最低价", by=chair, bids=[
        project_ops.Bid(name, price) for name, price in (("甲队", 90000), ("乙队", 95000), ("丙队", 99000))],
        evaluators=[project_ops.Evaluator("周", True)])
    project_ops.record_contract(project=project, on=on, amount="90000", starts_on=on, ends_on=on, team_leader="李",
                                by=chair)
    receipt = project_ops.record_funds_receipt(project=project, on=on, amount="90000", source="奖补", by=chair)
    project_ops.approve_funds_receipt(receipt=receipt, by=officer)
    project_ops.record_variation(project=project, on=on, amount="1000", reason="加宽", by=chair)
    project_ops.record_labour_batch(project=project, by=chair, rows=[
        project_ops.LabourRow(person=worker, on=on, days=2, daily_wage=builders.Decimal("150"))])
    project_ops.record_rental_batch(project=project, by=chair, rows=[
        project_ops.RentalRow(owner=worker, on=on, item="搅拌机", units=1, rate=builders.Decimal("100"))])
    project_ops.approve_payment(payment=project_ops.pay_labour(project=project, on=on, by=chair), by=officer)
    project_ops.approve_variation(variation=project.variations.get(), by=officer)
    acceptance = project_ops.record_acceptance(
        project=project, on=on, findings="合格", forms_asset=True, asset_name="通组路", condition="good", by=chair,
        committee=[project_ops.CommitteeMember(name, "验收组") for name in ("甲", "乙", "丙")])
    project_ops.confirm_acceptance(acceptance=acceptance, by=officer)


def fund_world_of(village, officer, chair, member, county_admin):
    """A village's fund with its county's policy, its terms, capital approved and a receipt waiting, a guarantee
    group and a loan application."""
    county = village.township.county
    if not FundPolicy.objects.filter(county=county).exists():
        fund_ops.set_policy(county=county, effective_from=builders.date(2016, 1, 1), by=county_admin[county],
                            first_loan_max=5000, loan_max=10000, household_max=20000, max_term_months=12,
                            fee_rate_monthly=6, penalty_rate_daily=5)
    fund = fund_ops.open_fund(cooperative=village.cooperative, name=f"{village.name}扶贫互助资金协会",
                              established_on=builders.date(2016, 6, 1), by=officer)
    fund_ops.set_terms(fund=fund, adopted_on=builders.date(2016, 6, 1), effective_from=builders.date(2016, 6, 1),
                       by=officer, first_loan_max=5000, loan_max=10000, household_max=10000, terms_allowed=[12],
                       methods_allowed=["lump_sum"], fee_rate_monthly=6, penalty_rate_daily=5, group_required=False)
    day = builders.date(2026, 11, 2)
    receipt = fund_ops.record_capital(fund=fund, source="county_capital", amount=300000, received_on=day, by=chair)
    fund_ops.approve_capital(receipt=receipt, by=officer)
    fund_ops.record_capital(fund=fund, source="donation", amount=100, received_on=day, payer="乡贤", by=chair)
    fund_ops.form_group(fund=fund, name="一组", formed_on=day, members=[member], by=chair)
    fund_ops.apply_for_loan(fund=fund, member=member, amount=3000, term_months=12, method="lump_sum",
                            purpose="养蜂", applied_on=day, payee_bank="农村信用社", payee_account="622848001",
                            by=chair)
    running_loan_of(fund, officer, chair, member, day)
    # a loan repaid on paper before the books opened: history, which may be carried over after the first posting
    fund_ops.carry_over_loans(fund=fund, by=officer, rows=[fund_ops.CarriedRow(
        member=member, contract_no="LB-2017-001", lent_on=builders.date(2017, 3, 1), amount=2000, method="lump_sum",
        term_months=12, fee_rate_monthly=6, state="repaid", repaid_principal=2000,
        closed_on=builders.date(2018, 3, 1))])


def running_loan_of(fund, officer, chair, member, day):
    """A second loan paid out, with a repayment, a reschedule asked for and a write-off proposed."""
    loan = fund_ops.apply_for_loan(fund=fund, member=member, amount=2000, term_months=12, method="lump_sum",
                                   purpose="养鸡", applied_on=day, payee_bank="农村信用社",
                                   payee_account="622848001", by=chair)
    loan = fund_ops.review_loan(loan=loan, reviewed_on=day, votes_for=3, votes_against=0, by=chair)
    loan = fund_ops.disburse_loan(loan=fund_ops.approve_loan(loan=loan, by=officer), disbursed_on=day, by=chair)
    fund_ops.repay(loan=loan, paid_on=day, amount=100, by=chair)
    fund_ops.request_reschedule(loan=loan, on=day, reason="外出务工", new_term_months=12, by=chair)
    fund_ops.propose_write_off(loan=loan, on=day, reason="无力偿还", by=chair)


def test_every_registered_admin_model_is_in_the_matrix():
    assert set(admin.site._registry) == set(RIGHTS)


CASES = [(model, role) for model in RIGHTS for role in ROLES]
IDS = [f"{model._meta.model_name}-{role.value}" for model, role in CASES]


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_list_shows_exactly_the_rows_in_scope(world, attempts, client_for, model, role):
    client = client_for(world.users[role])
    response = client.get(url(model, "changelist"))
    if "v" not in RIGHTS[model].get(role, ""):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].queryset}
    assert shown == in_scope(world, model, role)


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_detail_page_opens_in_scope_and_never_outside(world, attempts, client_for, model, role):
    client = client_for(world.users[role])
    inside = in_scope(world, model, role)
    outside = all_rows(model) - inside
    allowed = "v" in RIGHTS[model].get(role, "")
    for pk in inside:
        response = client.get(url(model, "change", pk))
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            can_change = "c" in RIGHTS[model][role] and pk in probe(model, {pk})
            assert ('name="_save"' in response.text) is can_change
    for pk in outside:
        response = client.get(url(model, "change", pk))
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response.url == reverse("admin:index")
        history = client.get(url(model, "history", pk))
        assert history.status_code in (302, 403, 404)


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_add_page_only_for_roles_that_may_add(world, client_for, model, role):
    response = client_for(world.users[role]).get(url(model, "add"))
    assert response.status_code == (200 if "a" in RIGHTS[model].get(role, "") else 403)


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_delete_page_only_for_roles_that_may_delete(world, attempts, client_for, model, role):
    client = client_for(world.users[role])
    pk = min(probe(model, in_scope(world, model, role)) or probe(model, all_rows(model)))
    response = client.get(url(model, "delete", pk))
    if "d" in RIGHTS[model].get(role, "") and pk in in_scope(world, model, role):
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403, 404)
    changelist = client.get(url(model, "changelist"))
    if changelist.status_code == 200:
        actions = changelist.context["action_form"].fields["action"].choices if changelist.context.get(
            "action_form") else []
        assert any(name == "delete_selected" for name, _ in actions) is ("d" in RIGHTS[model][role])


def form_data(response):
    """The POST body the change form would send unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for inline in response.context.get("inline_admin_formsets") or []:  # sent unchanged too: their management forms
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for form in formset.initial_forms:
            for name, field in form.fields.items():
                value = form[name].value()
                if value is not None and not field.disabled and not isinstance(field.widget, CheckboxInput):
                    data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_saving_a_change_is_refused_without_the_right(world, attempts, client_for, model, role):
    client = client_for(world.users[role])
    inside = sorted(probe(model, in_scope(world, model, role)))
    if not inside:
        return
    pk = inside[0]
    page = client.get(url(model, "change", pk))
    if page.status_code != 200:
        assert page.status_code == 403
        return
    if "c" in RIGHTS[model][role]:
        response = client.post(url(model, "change", pk), form_data(page))
        assert response.status_code == 302, response.context["adminform"].form.errors
    else:
        before = model._default_manager.filter(pk=pk).values().get()
        response = client.post(url(model, "change", pk), {"name": "改名"})
        assert response.status_code == 403
        assert model._default_manager.filter(pk=pk).values().get() == before


@pytest.mark.parametrize("role", ROLES)
def test_posting_an_out_of_scope_row_changes_nothing(world, client_for, role):
    client = client_for(world.users[role])
    before = Village.objects.filter(pk=world.v31.pk).values().get()
    response = client.post(url(Village, "change", world.v31.pk), {"name": "改名", "township": world.t1.pk,
                                                                  "code": world.v31.code, "size": "small"})
    assert response.status_code in (302, 403)
    assert Village.objects.filter(pk=world.v31.pk).values().get() == before


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_offers_only_rows_in_scope(world, client_for, role):
    client = client_for(world.users[role])
    for source, field, target in ((Cooperative, "village", Village), (Charter, "cooperative", Cooperative)):
        response = client.get(reverse("admin:autocomplete"), {
            "app_label": "coop", "model_name": source._meta.model_name, "field_name": field, "term": ""})
        if "v" not in RIGHTS[target].get(role, ""):  # Django asks the searched model's admin
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        offered = {int(row["id"]) for row in response.json()["results"]}
        assert offered <= in_scope(world, target, role)
        assert offered == in_scope(world, target, role)


@pytest.mark.parametrize("role", ROLES)
def test_foreign_key_choices_stay_in_scope(world, client_for, role):
    response = client_for(world.users[role]).get(url(Village, "add"))
    if response.status_code == 403:
        return
    choices = {int(pk.value) for pk, _ in response.context["adminform"].form.fields["township"].choices if pk}
    assert choices == in_scope(world, Township, role)


@pytest.mark.parametrize("model", [Village, Cooperative])
@pytest.mark.parametrize("role", ROLES)
def test_export_contains_only_rows_in_scope(world, client_for, model, role):
    client = client_for(world.users[role])
    page = client.get(url(model, "export"))
    if "v" not in RIGHTS[model].get(role, ""):
        assert page.status_code == 403
        return
    form = page.context["form"]
    data = {"format": "0", "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if isinstance(field.widget, CheckboxInput)})
    response = client.post(url(model, "export"), data)
    assert response.status_code == 200, response.content[:500]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    names = {row[2] for row in rows[1:]}  # 村名称 / 合作社名称 are the third column
    expected = {str(obj) for obj in model._default_manager.filter(pk__in=in_scope(world, model, role))}
    assert names == expected


def test_auditor_reads_history_but_cannot_revert(world, client_for):
    world.v11.size = Village.Size.SMALL
    world.v11.save()
    client = client_for(world.users[R.AUDITOR])
    response = client.get(url(Village, "history", world.v11.pk))
    assert response.status_code == 200
    assert "桑园村" in response.text
    record = world.v11.history.order_by("history_id").first()
    revert = client.post(reverse("admin:coop_village_simple_history", args=[world.v11.pk, record.history_id]),
                         {"name": "改名"})
    assert revert.status_code in (200, 403)  # reverting is disabled for everyone (R3); the page is read-only
    assert 'name="_save"' not in revert.text
    assert Village.objects.get(pk=world.v11.pk).name == "桑园村"


@pytest.mark.parametrize("role", ROLES)
def test_posting_to_a_history_page_changes_nothing_for_anyone(world, client_for, role):
    """simple-history's version page saves what is posted to it; here it must not, for any role (R3)."""
    world.v11.size = Village.Size.SMALL
    world.v11.save()
    record = world.v11.history.order_by("history_id").first()
    data = {"township": world.t1.pk, "name": "桑园村", "code": world.v11.code, "size": "large", "cash_cap": "5000"}
    response = client_for(world.users[role]).post(
        reverse("admin:coop_village_simple_history", args=[world.v11.pk, record.history_id]), data)
    assert response.status_code == 403
    world.v11.refresh_from_db()
    assert (world.v11.size, world.v11.cash_cap) == (Village.Size.SMALL, None)


def test_an_auditor_cannot_promote_themselves_through_a_history_page(world, client_for):
    auditor = world.users[R.AUDITOR]
    record = auditor.history.first()
    response = client_for(auditor).post(
        reverse("admin:coop_user_simple_history", args=[auditor.pk, record.history_id]),
        {"username": "auditor1", "role": R.COUNTY_ADMIN, "county": world.c1.pk, "is_active": "on"})
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert auditor.role == R.AUDITOR


def test_a_new_township_without_villages_is_visible_to_its_county_and_its_officer(world, client_for):
    from coop import operations
    from tests.builders import account

    empty = operations.register_township(county=world.c1, name="新区街道", code="610729002")
    officer = account("officer_new", R.TOWNSHIP_OFFICER, township=empty)
    admin_client = client_for(world.users[R.COUNTY_ADMIN])
    assert admin_client.get(url(Township, "change", empty.pk)).status_code == 200
    page = admin_client.get(url(Village, "add"))
    assert empty.pk in {int(pk.value) for pk, _ in page.context["adminform"].form.fields["township"].choices if pk}
    assert admin_client.get(url(User, "change", officer.pk)).status_code == 200
    assert client_for(world.admin2).get(url(Township, "change", empty.pk)).status_code == 302


@pytest.mark.parametrize(("model", "role"), CASES, ids=IDS)
def test_no_list_filter_offers_a_row_outside_the_scope(world, attempts, client_for, model, role):
    """Every related-field filter on every list: its choices are rows the user may see."""
    response = client_for(world.users[role]).get(url(model, "changelist"))
    if response.status_code == 403:
        return
    for spec in response.context["cl"].filter_specs:
        field = getattr(spec, "field", None)
        if field is None or not field.is_relation or not hasattr(spec, "lookup_choices"):
            continue
        related = field.remote_field.model
        offered = {pk for pk, _ in spec.lookup_choices}
        allowed = set(access.visible(world.users[role], related._default_manager.all()).values_list("pk", flat=True))
        assert offered <= allowed, (model, spec.title)


@pytest.mark.parametrize("role", ROLES)
def test_list_filters_offer_only_rows_in_scope(world, client_for, role):
    response = client_for(world.users[role]).get(url(Village, "changelist"))
    if response.status_code == 403:
        return
    offered = set()
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field", None) is not None and spec.field.name == "township":
            offered = {pk for pk, _ in spec.lookup_choices}
    assert offered <= in_scope(world, Township, role)
    assert world.t3.pk not in offered
