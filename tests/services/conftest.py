"""桑园村 with books (one bank account, 10201), villagers, and the R4 cases every door is tried with: a village cadre
(村委会主任 张德明, from 2024), his spouse, his son in another household, a grandchild known only through two parent
links, a member of his household, a cadre whose term ended before the dates used, one whose term begins after them,
and a villager-group leader (a cadre for R4a, not for R4b)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from coop.roles import Role
from finance import operations as fin
from finance.models import Account
from members import operations as mem
from members.models import CadreTerm, Kinship, Person
from services import operations as ops
from services.models import ServiceOrganisation as Org
from tests import builders

DAY = date(2026, 6, 10)  # the dates the tests pay, appoint and serve on
K = Kinship.Relation
P = CadreTerm.Post


def organisation(ns, *, name="桑园村农机服务队", nature=Org.Nature.OPERATING, category=Org.Category.FARMING,
                 form=Org.Form.TEAM, leader=None, coop=None, by=None, **kw):
    return ops.found_organisation(cooperative=coop or ns.coop, name=name, form=form, nature=nature,
                                  category=category, founded_on=kw.pop("founded_on", date(2026, 1, 5)),
                                  leader=leader, by=by or ns.chair, **kw)


@pytest.fixture
def site(world, media):
    officer = world.users[Role.TOWNSHIP_OFFICER]
    chair = world.users[Role.CHAIRMAN]
    ledger = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    ns = SimpleNamespace(world=world, coop=world.k11, ledger=ledger, chair=chair, officer=officer,
                         officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1),
                         auditor=world.users[Role.AUDITOR], admin=world.users[Role.COUNTY_ADMIN], day=DAY)
    people = {}
    homes = {}

    def person(name, number, home=None, relation=Person.Relation.HEAD, year=1980):
        if home is None:
            home = mem.register_household(village=world.v11, number=number, group="三组", by=chair)
            homes[name] = home
        people[name] = mem.register_person(household=home, name=name, relation=relation, by=chair,
                                           id_number=builders.id_number(len(people) + 1, year))
        return people[name]

    for i, name in enumerate(["刘一", "陈二", "杨三", "张德明", "赵前", "钱后", "孙组长"], start=1):
        person(name, f"{i:03d}")
    person("李桂芳", "", homes["张德明"], Person.Relation.SPOUSE)
    person("张侄", "", homes["张德明"], Person.Relation.OTHER, 1995)   # lives under his roof: a household member
    person("张小明", "008", year=2000)
    person("张小宝", "", homes["张小明"], Person.Relation.CHILD, 2020)
    term = mem.record_cadre_term
    term(village=world.v11, person=people["张德明"], post=P.COMMITTEE_DIRECTOR, start=date(2024, 1, 1), by=officer)
    term(village=world.v11, person=people["赵前"], post=P.COMMITTEE_MEMBER, start=date(2021, 1, 1),
         end=date(2026, 3, 31), end_reason="换届", by=officer)
    term(village=world.v11, person=people["钱后"], post=P.BRANCH_MEMBER, start=date(2026, 9, 1), by=officer)
    term(village=world.v11, person=people["孙组长"], post=P.GROUP_LEADER, start=date(2024, 1, 1), by=officer)
    kin = mem.record_kinship
    kin(person=people["李桂芳"], relative=people["张德明"], relation=K.SPOUSE, by=officer)
    kin(person=people["张小明"], relative=people["张德明"], relation=K.PARENT, by=officer)  # 张德明 is his parent
    kin(person=people["张小宝"], relative=people["张小明"], relation=K.PARENT, by=officer)
    ns.people = people
    ns.organisation = lambda **kw: organisation(ns, **kw)
    return ns


ZERO = Decimal("0.00")
