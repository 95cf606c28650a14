"""R4 through its one face: who is a cadre, and who is a village cadre's immediate family, on a given date.

The family is followed as the rule means it: spouse, parents, children, grandparents and grandchildren however
recorded (a kinship row either way, or two parent/child rows in any directions), and the cadre's household.
"""

from datetime import date

import pytest

from coop.errors import Rule, RuleViolation
from members import operations as mem
from members.face import cadre_posts, cadre_relations, require_not_cadre, require_not_cadre_or_family
from members.models import Person
from tests.builders import id_number

DAY = date(2017, 6, 1)
HEADLINE = "R4b 村干部直系亲属不得领取报酬:"
DIRECTOR = "张德明(村委会主任 2016-01-01 至今)"


class Villagers:
    """Persons of 桑园村 registered through the operations, each in a household of their own unless told."""

    def __init__(self, b):
        self.b, self.n, self.people = b, 0, {}

    def person(self, name, *, household=None, relation="head"):
        self.n += 1
        if household is None:
            household = mem.register_household(village=self.b.world.v11, number=f"9{self.n:02d}", by=self.b.chair)
        person = mem.register_person(household=household, name=name, id_number=id_number(500 + self.n),
                                     relation=relation, by=self.b.chair)
        self.people[name] = person
        return person

    def __getitem__(self, name):
        return self.people[name]

    def term(self, name, post="committee_director", start=date(2016, 1, 1), end=None):
        return mem.record_cadre_term(village=self.b.world.v11, person=self[name], post=post, start=start, end=end,
                                     by=self.b.officer)

    def kin(self, person, relative, relation):
        """`relative` is the `relation` of `person`, as a clerk records it."""
        mem.record_kinship(person=self[person], relative=self[relative], relation=relation, by=self.b.officer)

    def parent_link(self, older, younger, recorded_as):
        """older is younger's parent, recorded from either side."""
        if recorded_as == "parent":
            self.kin(younger, older, "parent")
        else:
            self.kin(older, younger, "child")


@pytest.fixture
def v(coop_books):
    """张德明, 村委会主任 since 2016; 李桂芳 his wife (recorded kinship), living with him."""
    v = Villagers(coop_books)
    home = v.person("张德明")
    v.person("李桂芳", household=home.household, relation="spouse")
    v.term("张德明")
    v.kin("张德明", "李桂芳", "spouse")
    return v


def refused(persons, on=DAY):
    with pytest.raises(RuleViolation) as err:
        require_not_cadre_or_family(persons, on)
    assert err.value.rule == Rule.R4B
    return err.value


def test_r4b_the_refusal_of_a_spouse_reads_exactly(v):
    mem.end_cadre_term(term=v["张德明"].cadre_terms.get(), on=date(2018, 12, 31), reason="换届", by=v.b.officer)
    assert refused(v["李桂芳"]).messages == [
        "R4b 村干部直系亲属不得领取报酬:李桂芳 是 张德明(村委会主任 2016-01-01 至 2018-12-31)的配偶"]


def test_r4b_a_queryset_of_persons_is_judged_too(v):
    with pytest.raises(RuleViolation) as err:
        require_not_cadre_or_family(Person.objects.filter(name__in=["张德明", "李桂芳"]), DAY, rule="R4b")
    assert set(err.value.offenders) == {v["张德明"].pk, v["李桂芳"].pk}


def test_r4b_the_cadre_himself_is_refused(v):
    assert str(refused(v["张德明"])) == f"{HEADLINE}张德明 本人是村干部(村委会主任 2016-01-01 至今)"


def test_r4b_kinship_recorded_the_other_way_round_counts(v):
    v.person("张父")
    v.kin("张父", "张德明", "child")
    assert str(refused(v["张父"])) == f"{HEADLINE}张父 是 {DIRECTOR}的父母"


# (elder, middle, younger) linked as parent and child, who is paid, and what the payee is to 张德明
CHAINS = {"grandchild": (("张德明", "张小明", "张乐"), "张乐", "孙子女/外孙子女"),
          "grandparent": (("张祖", "张父", "张德明"), "张祖", "祖父母/外祖父母")}


@pytest.mark.parametrize("first", ["parent", "child"])
@pytest.mark.parametrize("second", ["parent", "child"])
@pytest.mark.parametrize("kind", CHAINS)
def test_r4b_a_grandchild_or_grandparent_known_only_through_two_parent_links_is_refused(v, kind, first, second):
    (elder, middle, younger), payee, relation = CHAINS[kind]
    for name in (elder, middle, younger):
        if name not in v.people:
            v.person(name)
    v.parent_link(elder, middle, first)
    v.parent_link(middle, younger, second)
    assert str(refused(v[payee])) == f"{HEADLINE}{payee} 是 {DIRECTOR}的{relation}"


def test_r4b_a_recorded_grandchild_is_refused(v):
    v.person("张乐")
    v.kin("张乐", "张德明", "grandparent")
    assert str(refused(v["张乐"])) == f"{HEADLINE}张乐 是 {DIRECTOR}的孙子女/外孙子女"


def test_r4b_a_sibling_and_the_spouses_parents_are_not_immediate_family(v):
    v.person("张父")
    v.person("张弟")
    v.person("李父")
    v.parent_link("张父", "张德明", "child")
    v.parent_link("张父", "张弟", "parent")
    v.parent_link("李父", "李桂芳", "child")
    assert cadre_relations([v["张弟"], v["李父"]], DAY) == {}
    require_not_cadre_or_family([v["张弟"], v["李父"]], DAY)


def test_r4b_the_same_household_counts_as_family(v):
    v.person("张侄", household=v["张德明"].household, relation="other")
    assert str(refused(v["张侄"])) == f"{HEADLINE}张侄 与 {DIRECTOR}同户,按直系亲属对待"


def test_r4b_a_former_cadre_no_longer_bars_his_family(v):
    mem.end_cadre_term(term=v["张德明"].cadre_terms.get(), on=date(2018, 12, 31), reason="换届", by=v.b.officer)
    require_not_cadre_or_family([v["张德明"], v["李桂芳"]], date(2019, 1, 1))
    refused(v["李桂芳"], date(2018, 12, 31))  # the last day in office still counts


def test_r4b_a_term_starting_after_the_date_does_not_bar(v):
    v.person("王五")
    v.person("王妻")
    v.kin("王五", "王妻", "spouse")
    v.term("王五", start=date(2020, 1, 1))
    require_not_cadre_or_family([v["王五"], v["王妻"]], date(2019, 12, 31))
    refused(v["王妻"], date(2020, 1, 1))


def test_r4b_a_villager_group_leader_does_not_bar_his_family_but_is_refused_as_a_leader(v):
    leader = v.person("赵组长")
    v.person("赵妻", household=leader.household, relation="spouse")
    v.term("赵组长", post="group_leader", start=date(2016, 3, 1))
    require_not_cadre_or_family([v["赵组长"], v["赵妻"]], DAY)
    with pytest.raises(RuleViolation) as err:
        require_not_cadre(v["赵组长"], DAY)
    assert err.value.rule == Rule.R4A
    assert str(err.value) == "R4a 村组干部不得领办经营性服务组织:赵组长 是村组干部(村民小组长 2016-03-01 至今)"
    require_not_cadre(v["赵妻"], DAY)


def test_r4a_a_village_cadre_may_not_lead_and_a_former_one_may(v):
    assert cadre_posts([v["张德明"], v["李桂芳"]], DAY) == {
        v["张德明"].pk: "张德明 是村组干部(村委会主任 2016-01-01 至今)"}
    mem.end_cadre_term(term=v["张德明"].cadre_terms.get(), on=date(2018, 12, 31), reason="换届", by=v.b.officer)
    require_not_cadre(v["张德明"], date(2019, 1, 1))


def payroll(v, size):
    """`size` persons in ten households, among them the cadre's wife, a grandchild through two parent links,
    a housemate and the cadre himself; the rest are unrelated villagers."""
    v.person("张小明")
    v.person("张乐")
    v.parent_link("张德明", "张小明", "parent")
    v.parent_link("张小明", "张乐", "parent")
    v.person("张侄", household=v["张德明"].household, relation="other")
    homes = [v.person(f"村民{i}").household for i in range(10)]
    others = [v.person(f"工人{i}", household=homes[i % 10], relation="child") for i in range(size - 14)]
    return [v["李桂芳"], v["张乐"], v["张侄"], v["张德明"], *[v[f"村民{i}"] for i in range(10)], *others]


def test_r4b_a_payroll_of_fifty_is_judged_in_as_few_queries_as_one_person(v, django_assert_max_num_queries):
    people = payroll(v, 50)
    assert len(people) == 50
    with django_assert_max_num_queries(3):
        require_not_cadre_or_family(people[-1], DAY)
    with django_assert_max_num_queries(3), pytest.raises(RuleViolation) as err:
        require_not_cadre_or_family(people, DAY)
    offenders = err.value.offenders
    assert list(offenders) == [p.pk for p in people[:4]]
    assert offenders[v["张乐"].pk] == f"张乐 是 {DIRECTOR}的孙子女/外孙子女"
    for person in people[:4]:
        assert person.name in str(err.value)
    with django_assert_max_num_queries(1):
        cadre_posts(people, DAY)
