"""Each roster rule is written once, in members.operations: what a single operation refuses, the roster
import refuses too, at the row and column it came from, and the batch operation names the rows."""

from datetime import date

import pytest

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from members import operations as mem
from members.imports import roster
from members.models import Household, Member, Person
from tests import builders
from tests.builders import id_number

ENDS_IN_X = 7  # builders.id_number(7) ends in the check character X


def row(household="201", name="赵一", n=11, relation="户主", *, group="一组", poor="否", exit_year="", kind="",
        joined="", id_text=None):
    return [household, group, "", name, id_text or id_number(n), relation, "", poor, exit_year, kind, joined]


def registered(world):
    """A household 101 of 桑园村 with its head, whose ID number ends in X."""
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="101", by=chair)
    mem.register_person(household=household, name="王建国", id_number=id_number(ENDS_IN_X), by=chair)
    return household


def new_household(world, **kw):
    return mem.register_household(village=world.v11, number="900", by=world.users[Role.CHAIRMAN], **kw)


# (what, the single operation's call, the roster row that asks the same, the column blamed, words of both)
CASES = [
    ("a household number used in the village",
     lambda w: mem.register_household(village=w.v11, number="101", by=w.users[Role.CHAIRMAN]),
     row("101"), "户编号", "在本村已存在"),
    ("an ID number registered already, written with a small x",
     lambda w: mem.register_person(household=new_household(w), name="王建", by=w.users[Role.CHAIRMAN],
                                   id_number=id_number(ENDS_IN_X).lower()),
     row(id_text=id_number(ENDS_IN_X).lower()), "身份证号", "已登记在本村 101 户"),
    ("an exit year for a household not registered poor",
     lambda w: mem.register_household(village=w.v11, number="900", poverty_exit_year=2019,
                                      by=w.users[Role.CHAIRMAN]),
     row(exit_year=2019), "脱贫年度", "只有建档立卡贫困户才有脱贫年度"),
    ("a group name longer than the register keeps",
     lambda w: mem.register_household(village=w.v11, number="900", group="一" * 21, by=w.users[Role.CHAIRMAN]),
     row(group="一" * 21), "村民小组", "20"),
    ("a second head of a household",
     lambda w: mem.register_person(household=Household.objects.get(number="101"), name="王建", relation="head",
                                   id_number=id_number(12), by=w.users[Role.CHAIRMAN]),
     None, "与户主关系", "一户只能有一位"),
    ("a poor-household member not registered poor",
     lambda w: mem.admit_member(cooperative=w.k11, kind="poor_household", household=new_household(w),
                                joined_on=date(2016, 6, 1), by=w.users[Role.CHAIRMAN]),
     row(kind="贫困户", joined="2016-06-01"), "社员类型", "不是建档立卡贫困户"),
    ("joining before the cooperative was founded",
     lambda w: mem.admit_member(cooperative=w.k11, kind="capable_household", household=new_household(w),
                                joined_on=date(2015, 1, 1), by=w.users[Role.CHAIRMAN]),
     row(kind="能人大户", joined="2015-01-01"), "入社日期", "早于合作社成立日期"),
]


@pytest.mark.parametrize(("single", "roster_row", "column", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_import_refuses_what_the_single_operation_refuses(world, single, roster_row, column, words):
    registered(world)
    with pytest.raises(RuleViolation, match=words) as refused:
        single(world)
    assert refused.value.rule == Rule.MEMBERS
    rows = [roster_row] if roster_row else [row("201", n=11), row("201", "钱二", 12)]
    parsed = roster.parse(builders.xlsx(rows, roster.HEADERS), world.v11)
    blamed = [e for e in parsed.errors if e.column == column and words in e.message]
    assert blamed and blamed[0].row == 1 + len(rows), parsed.errors
    with pytest.raises(RuleViolation, match="未导入任何数据"):
        roster.apply(parsed, world.users[Role.CHAIRMAN])
    assert not Household.objects.filter(number="201").exists()


def test_the_batch_operation_names_the_rows_it_refuses_and_writes_nothing(world):
    registered(world)
    households = [
        mem.HouseholdRow(number="201", row=2, persons=[mem.PersonRow("赵一", id_number(11), row=2)]),
        mem.HouseholdRow(number="101", row=3, persons=[mem.PersonRow("钱二", id_number(ENDS_IN_X).lower(), row=3)]),
        mem.HouseholdRow(number="202", row=4, persons=[mem.PersonRow("孙三", id_number(13), "spouse", row=4)],
                         member_kind="poor_household", joined_on=date(2016, 6, 1), member_row=4),
    ]
    with pytest.raises(mem.BatchRefused) as refused:
        mem.register_roster(village=world.v11, households=households, by=world.users[Role.CHAIRMAN])
    assert sorted((r.row, r.error.field) for r in refused.value.refusals) == [
        (3, "id_number"), (3, "number"), (4, "kind"), (4, "relation")]
    assert Household.objects.count() == 1


def test_the_batch_operation_writes_with_the_reason_in_every_history_row(world):
    chair = world.users[Role.CHAIRMAN]
    written = mem.register_roster(village=world.v11, by=chair, reason="纸质花名册补录", households=[
        mem.HouseholdRow(number="201", is_registered_poor=True, persons=[
            mem.PersonRow("赵一", id_number(11)), mem.PersonRow("钱二", id_number(12), "spouse")],
            member_kind="poor_household", joined_on=date(2016, 6, 1))])
    assert (len(written.households), len(written.persons), [m.number for m in written.members]) == (1, 2, [1])
    for model in (Household, Person, Member):
        assert set(model.history.values_list("history_user", "history_change_reason")) == {(chair.pk, "纸质花名册补录")}


def test_the_batch_operation_refuses_an_auditor(world):
    with pytest.raises(RuleViolation, match="R2"):
        mem.register_roster(village=world.v11, by=world.users[Role.AUDITOR], households=[
            mem.HouseholdRow(number="201", persons=[mem.PersonRow("赵一", id_number(11))])])
    assert not Household.objects.exists()
