"""桑园村 with books from 1 January 2025 (one bank account, 10201), four members who paid in 10, 20, 30 and 40
shares in March 2025 (the last an agribusiness enterprise), and 2025's income: 50,000 of service fees less 10,000
of costs, so 40,000 to distribute by the charter's 60/20/20. A fifth household pays in after the record date."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from stdnum.cn import uscc

from coop.roles import Role
from distribution import operations
from finance import operations as fin
from finance.models import Account
from members import operations as mem
from tests import builders

RECORD_DATE = date(2025, 12, 31)
ASSEMBLY = date(2026, 3, 15)


def credit_code(n: int) -> str:
    body = f"91610729MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def add_members(b, shares, *, on=date(2025, 3, 1), start=0):
    """Households paying in `shares` each on `on` (the last an agribusiness when asked), approved and posted."""
    out = []
    for i, count in enumerate(shares, start=start):
        household = mem.register_household(village=b.world.v11, number=f"{i + 1:03d}", group="一组",
                                           is_registered_poor=True, by=b.chair)
        mem.register_person(household=household, name=f"社员{i + 1}", id_number=builders.id_number(i + 1),
                            by=b.chair)
        member = mem.admit_member(cooperative=b.coop, kind="poor_household", household=household,
                                  joined_on=date(2025, 1, 10), by=b.chair)
        pay_in(b, member, count, on)
        out.append(member)
    return out


def pay_in(b, member, shares, on):
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=member, shares=shares, on=on,
                                      by=b.chair)
    mem.approve_share_transaction(tx=tx, by=b.officer)


@pytest.fixture
def dist(world):
    officer, chair = world.users[Role.TOWNSHIP_OFFICER], world.users[Role.CHAIRMAN]
    b = SimpleNamespace(world=world, coop=world.k11, officer=officer, chair=chair,
                        officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1))
    b.ledger = builders.ledger(world.v11, officer, start=date(2025, 1, 1))
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    b.members = add_members(b, [10, 20, 30])
    enterprise = mem.admit_member(cooperative=b.coop, kind="agribusiness", enterprise_name="留坝县山珍农业有限公司",
                                  credit_code=credit_code(1), joined_on=date(2025, 1, 10), by=chair)
    pay_in(b, enterprise, 40, date(2025, 3, 1))
    b.members.append(enterprise)
    builders.posted(b.ledger, date(2025, 6, 30), [("10201", "debit", "50000"), ("501", "credit", "50000")],
                    preparer=chair, approver=officer)
    builders.posted(b.ledger, date(2025, 9, 30), [("511", "debit", "10000"), ("10201", "credit", "10000")],
                    preparer=chair, approver=officer)
    b.late = add_members(b, [50], on=date(2026, 1, 5), start=10)[0]  # after the record date: counts next year
    return b


def prepare(b, **kw):
    return operations.prepare_plan(cooperative=b.coop, year=2025, record_date=kw.pop("record_date", RECORD_DATE),
                                   by=kw.pop("by", b.chair), **kw)


def resolve(b, plan, *, votes_for=30, attendance=40, votes_against=5):
    return operations.record_assembly(plan=plan, on=ASSEMBLY, attendance=attendance, votes_for=votes_for,
                                      votes_against=votes_against, minutes=builders.png_upload("会议记录.png"),
                                      by=b.chair)


@pytest.fixture
def approved(dist):
    plan = prepare(dist)
    resolve(dist, plan, attendance=4, votes_for=3, votes_against=1)
    dist.plan = operations.approve_plan(plan=plan, by=dist.officer, on=date(2026, 3, 20))
    return dist


def give_accounts(b, dividends):
    return operations.set_payee_accounts(plan=b.plan, by=b.chair, accounts={
        d.pk: ("留坝县农村信用社", f"62170000{d.member.number:08d}") for d in dividends})


ZERO = Decimal("0.00")
