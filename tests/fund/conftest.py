"""A village with a mutual-aid fund: 桑园村's books (one bank account, 10201, which serves the fund), the county's
policy, the fund and its terms, 300,000 of county capital approved and posted, and six member households
(the first four registered poor). Helpers walk a loan through its steps the way the doors do."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coop.roles import Role
from finance import operations as fin
from finance.fund import operations as fund_ops
from finance.fund.models import Loan
from finance.models import Account
from members import operations as mem
from tests import builders

DAY = date(2026, 11, 2)
CAPITAL_DAY = date(2026, 1, 2)


@pytest.fixture
def fund_world(paper_world):
    receive(paper_world, "county_capital", "300000", on=CAPITAL_DAY)
    return paper_world


@pytest.fixture
def paper_world(world):
    """The fund_world before any voucher is posted: the books open on 2026-01-01 with nothing in them yet, so the
    fund's history from the paper books may still be carried over (finance.fund.operations.carry_over)."""
    officer, chair = world.users[Role.TOWNSHIP_OFFICER], world.users[Role.CHAIRMAN]
    b = SimpleNamespace(world=world, coop=world.k11, officer=officer, chair=chair, day=DAY,
                        admin=world.users[Role.COUNTY_ADMIN],
                        officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1))
    b.ledger = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    b.policy = fund_ops.set_policy(county=world.c1, effective_from=date(2016, 1, 1), by=b.admin,
                                   first_loan_max=Decimal("5000"), loan_max=Decimal("10000"),
                                   household_max=Decimal("20000"), max_term_months=24,
                                   fee_rate_monthly=Decimal("10"), penalty_rate_daily=Decimal("10"),
                                   cadre_loans_allowed=False, document="留扶办发〔2016〕1号")
    b.fund = fund_ops.open_fund(cooperative=world.k11, name="桑园村扶贫互助资金协会",
                                established_on=date(2016, 6, 1), by=officer)
    b.terms = fund_ops.set_terms(fund=b.fund, adopted_on=date(2016, 6, 1), effective_from=date(2016, 6, 1),
                                 by=officer, **terms_kwargs())
    b.members, b.households = [], []
    for i in range(6):
        household = mem.register_household(village=world.v11, number=f"{i + 1:03d}", group="一组",
                                           is_registered_poor=i < 4, by=chair)
        mem.register_person(household=household, name=f"借款人{i + 1}", id_number=builders.id_number(i + 1),
                            phone=f"1380000000{i}", by=chair)
        b.households.append(household)
        b.members.append(mem.admit_member(cooperative=world.k11, kind="poor_household" if i < 4 else
                                          "capable_household", household=household, joined_on=date(2025, 1, 10),
                                          by=chair))
    return b


def open_through_today(b):
    """Open the books' months up to today's (Asia/Shanghai), for doors that act as of today."""
    today = timezone.localdate()
    while b.ledger.periods.order_by("-year", "-month").values_list("year", "month").first() < (today.year,
                                                                                              today.month):
        fin.open_period(ledger=b.ledger, by=b.officer)


def terms_kwargs(**overrides):
    return {"first_loan_max": Decimal("5000"), "loan_max": Decimal("10000"), "household_max": Decimal("15000"),
            "terms_allowed": [6, 12], "methods_allowed": ["lump_sum", "annuity", "fee_monthly"],
            "fee_rate_monthly": Decimal("6"), "penalty_rate_daily": Decimal("5"), "group_required": False,
            "group_min_size": 3, "guarantor_max_loans": 2, "cadres_barred": True} | overrides


def receive(b, source, amount, *, member=None, on=DAY):
    receipt = fund_ops.record_capital(fund=b.fund, source=source, amount=Decimal(amount), received_on=on,
                                      member=member, payer="留坝县财政局" if member is None else "", by=b.chair)
    return fund_ops.approve_capital(receipt=receipt, by=b.officer)


def apply(b, member, amount="5000", **kw):
    args = {"term_months": 12, "method": "annuity", "purpose": "养殖土鸡", "applied_on": b.day,
            "payee_bank": "农村信用社", "payee_account": "6228480000000001"} | kw
    return fund_ops.apply_for_loan(fund=b.fund, member=member, amount=Decimal(amount), by=b.chair, **args)


def approved(b, member, amount="5000", **kw) -> Loan:
    loan = apply(b, member, amount, **kw)
    loan = fund_ops.review_loan(loan=loan, reviewed_on=b.day, votes_for=5, votes_against=0, by=b.chair)
    return fund_ops.approve_loan(loan=loan, by=b.officer)


def lend(b, member, amount="5000", **kw) -> Loan:
    return fund_ops.disburse_loan(loan=approved(b, member, amount, **kw), disbursed_on=b.day, by=b.chair)


@pytest.fixture
def funded(fund_world):
    return fund_world
