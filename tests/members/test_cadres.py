"""R4: who is a cadre, and who is a village cadre's immediate family, on a given date, and why."""

from datetime import date

import pytest

from coop.errors import RuleViolation
from members import operations as mem
from members.cadres import is_cadre, is_village_cadre_or_family
from tests.builders import id_number

IDS = {name: id_number(100 + i) for i, name in enumerate(["张三", "李四", "张小", "张父", "王五"])}


@pytest.fixture
def village(coop_books):
    """张三 is 村委会主任 2016–2018 and 村民小组长 from 2020; 李四 his wife (recorded kinship); 张小 their child
    in the same household (no kinship recorded); 张父 his father (kinship recorded the other way round);
    王五 unrelated."""
    b = coop_books
    home = mem.register_household(village=b.world.v11, number="101", by=b.chair)
    other = mem.register_household(village=b.world.v11, number="102", by=b.chair)
    p = {}
    for name, household, relation in (("张三", home, "head"), ("李四", home, "spouse"), ("张小", home, "child"),
                                      ("张父", other, "head"), ("王五", b.households[0], "spouse")):
        p[name] = mem.register_person(household=household, name=name, id_number=IDS[name], relation=relation,
                                      by=b.chair)
    mem.record_cadre_term(village=b.world.v11, person=p["张三"], post="committee_director",
                          start=date(2016, 1, 1), end=date(2018, 12, 31), by=b.officer)
    mem.record_cadre_term(village=b.world.v11, person=p["张三"], post="group_leader", start=date(2020, 1, 1),
                          by=b.officer)
    mem.record_kinship(person=p["张三"], relative=p["李四"], relation="spouse", by=b.officer)
    mem.record_kinship(person=p["张父"], relative=p["张三"], relation="child", by=b.officer)
    p["officer"], p["chair"] = b.officer, b.chair
    return p


def test_r4a_a_cadre_is_a_cadre_only_during_a_term(village):
    assert is_cadre(village["张三"], date(2017, 6, 1)) == "张三 是村组干部(村委会主任 2016-01-01 至 2018-12-31)"
    assert is_cadre(village["张三"], date(2019, 6, 1)) is None
    assert "村民小组长 2020-01-01 至今" in is_cadre(village["张三"], date(2026, 1, 1))
    assert is_cadre(village["李四"], date(2017, 6, 1)) is None


def test_r4b_the_spouse_of_a_village_cadre_cannot_be_paid(village):
    reason = is_village_cadre_or_family(village["李四"], date(2017, 6, 1))
    assert reason == "李四 是 张三(村委会主任 2016-01-01 至 2018-12-31)的配偶"


def test_r4b_kinship_recorded_the_other_way_round_counts(village):
    reason = is_village_cadre_or_family(village["张父"], date(2017, 6, 1))
    assert reason == "张父 是 张三(村委会主任 2016-01-01 至 2018-12-31)的父母"


def test_r4b_the_same_household_counts_as_family(village):
    assert "同户" in is_village_cadre_or_family(village["张小"], date(2017, 6, 1))


def test_r4b_the_cadre_himself_cannot_be_paid(village):
    assert "本人是村干部" in is_village_cadre_or_family(village["张三"], date(2017, 6, 1))


def test_r4b_applies_on_the_date_of_payment_only(village):
    assert is_village_cadre_or_family(village["李四"], date(2019, 6, 1)) is None


def test_r4b_a_villager_group_leader_is_not_a_village_cadre(village):
    # 张三 leads a villager group from 2020: barred from leading an operating team (R4a), but his family
    # may be paid (R4b names village cadres only)
    assert is_village_cadre_or_family(village["李四"], date(2026, 1, 1)) is None
    assert is_cadre(village["张三"], date(2026, 1, 1)) is not None


def test_r4b_an_unrelated_villager_may_be_paid(village):
    assert is_village_cadre_or_family(village["王五"], date(2017, 6, 1)) is None


def test_cadre_terms_are_kept_by_the_township_not_the_village(village, coop_books):
    with pytest.raises(RuleViolation) as err:
        mem.record_cadre_term(village=coop_books.world.v11, person=village["王五"], post="committee_member",
                              start=date(2020, 1, 1), by=village["chair"])
    assert err.value.rule == "R2"


def test_a_term_cannot_end_before_it_starts(village, coop_books):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        mem.record_cadre_term(village=coop_books.world.v11, person=village["王五"], post="committee_member",
                              start=date(2020, 1, 1), end=date(2019, 1, 1), by=village["officer"])


def test_an_id_number_is_stored_once_whatever_its_case(coop_books):
    from django.core.exceptions import ValidationError

    mem.register_person(household=coop_books.households[1], name="甲", id_number="44011320141005001x",
                        relation="child", by=coop_books.chair)
    with pytest.raises(ValidationError):
        mem.register_person(household=coop_books.households[2], name="乙", id_number="44011320141005001X",
                            relation="child", by=coop_books.chair)
