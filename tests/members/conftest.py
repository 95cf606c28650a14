from datetime import date
from types import SimpleNamespace

import pytest

from coop.roles import Role
from finance import operations as fin
from finance.models import Account
from members import operations as mem
from tests import builders

IDS = ["360426199101010071", "11010519491231002X", "110102199101010078"]


@pytest.fixture
def coop_books(world):
    """桑园村's cooperative with books (bank sub-account 10201) and three member households: two registered
    poor, one capable; plus the chairman, two township officers and an outsider."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    chair = world.users[Role.CHAIRMAN]
    ledger = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    ns = SimpleNamespace(world=world, coop=world.k11, ledger=ledger, chair=chair, officer=officer,
                         officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1),
                         day=date(2026, 11, 2), households=[], members=[])
    for i, (poor, id_number) in enumerate(zip([True, True, False], IDS, strict=False)):
        household = mem.register_household(village=world.v11, number=f"{i + 1:03d}", group="一组",
                                           is_registered_poor=poor, by=chair)
        mem.register_person(household=household, name=f"社员{i + 1}", id_number=id_number, by=chair)
        kind = "poor_household" if poor else "capable_household"
        ns.households.append(household)
        ns.members.append(mem.admit_member(cooperative=world.k11, kind=kind, household=household,
                                           joined_on=date(2025, 1, 10), by=chair))
    return ns


@pytest.fixture
def paid(coop_books):
    """coop_books after pay-ins of 12, 30 and 5 shares and a transfer of 10 from the second to the third."""
    b = coop_books
    for member, shares in zip(b.members, (12, 30, 5), strict=True):
        tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=member, shares=shares,
                                          on=b.day, by=b.chair)
        mem.approve_share_transaction(tx=tx, by=b.officer)
    tx = mem.record_share_transaction(cooperative=b.coop, kind="transfer", member=b.members[1],
                                      to_member=b.members[2], shares=10, on=b.day, by=b.chair)
    mem.approve_share_transaction(tx=tx, by=b.officer)
    return b
