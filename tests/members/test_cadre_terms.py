"""Cadre terms are kept by the township or the county: recorded, ended (离任) with a date and a reason,
corrected only narrowly; through the operations and through the admin."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from members import operations as mem
from members.models import CadreTerm
from tests.builders import id_number


@pytest.fixture
def term(coop_books):
    """王五, 村委会委员 of 桑园村 since 2020, recorded by the township officer."""
    b = coop_books
    household = mem.register_household(village=b.world.v11, number="801", by=b.chair)
    person = mem.register_person(household=household, name="王五", id_number=id_number(801), by=b.chair)
    return mem.record_cadre_term(village=b.world.v11, person=person, post="committee_member",
                                 start=date(2020, 1, 1), by=b.officer)


def refusal(call, **kwargs):
    with pytest.raises(RuleViolation) as err:
        call(**kwargs)
    return err.value


def test_cadre_terms_are_kept_by_the_township_not_the_village(term, coop_books):
    err = refusal(mem.record_cadre_term, village=coop_books.world.v11, person=term.person, post="group_leader",
                  start=date(2021, 1, 1), by=coop_books.chair)
    assert err.rule == Rule.R2


def test_a_term_cannot_end_before_it_starts(term, coop_books):
    err = refusal(mem.record_cadre_term, village=coop_books.world.v11, person=term.person, post="group_leader",
                  start=date(2020, 1, 1), end=date(2019, 1, 1), by=coop_books.officer)
    assert err.field == "end" and "早于开始日期" in str(err)


def test_the_same_post_cannot_be_held_twice_at_once(term, coop_books):
    b = coop_books
    err = refusal(mem.record_cadre_term, village=b.world.v11, person=term.person, post="committee_member",
                  start=date(2019, 1, 1), end=date(2020, 1, 1), by=b.officer)
    assert "重叠" in str(err)
    assert CadreTerm.objects.count() == 1
    # another post at the same time (一肩挑), and the same post before the term, are fine
    mem.record_cadre_term(village=b.world.v11, person=term.person, post="party_secretary", start=date(2020, 1, 1),
                          by=b.officer)
    mem.record_cadre_term(village=b.world.v11, person=term.person, post="committee_member", start=date(2017, 1, 1),
                          end=date(2019, 12, 31), by=b.officer)


def test_ending_a_term_keeps_the_date_the_reason_and_the_history(term, coop_books):
    ended = mem.end_cadre_term(term=term, on=date(2023, 12, 31), reason="换届未连任", by=coop_books.officer)
    term.refresh_from_db()
    assert (term.end, term.end_reason) == (date(2023, 12, 31), "换届未连任") == (ended.end, ended.end_reason)
    last = term.history.order_by("-history_date").first()
    assert last.history_user == coop_books.officer and last.end == date(2023, 12, 31)
    assert "换届未连任" in last.history_change_reason
    assert term.history.count() == 2


@pytest.mark.parametrize(("on", "reason", "words"), [
    (date(2019, 12, 31), "辞职", "早于任职开始日期"),
    (None, "辞职", "晚于今天"),
    (date(2023, 12, 31), "  ", "离任原因"),
])
def test_ending_a_term_is_refused_for_a_wrong_date_or_no_reason(term, coop_books, on, reason, words):
    on = on or timezone.localdate() + timedelta(days=1)
    err = refusal(mem.end_cadre_term, term=term, on=on, reason=reason, by=coop_books.officer)
    assert err.rule == Rule.MEMBERS and words in str(err)
    term.refresh_from_db()
    assert term.end is None


def test_a_term_already_ended_cannot_be_ended_again(term, coop_books):
    mem.end_cadre_term(term=term, on=date(2023, 12, 31), reason="换届", by=coop_books.officer)
    err = refusal(mem.end_cadre_term, term=term, on=date(2024, 6, 30), reason="再次", by=coop_books.officer)
    assert "已于 2023-12-31 离任" in str(err)
    term.refresh_from_db()
    assert term.end == date(2023, 12, 31)


def test_a_chairman_or_another_township_cannot_end_a_term(term, coop_books):
    assert refusal(mem.end_cadre_term, term=term, on=date(2023, 12, 31), reason="换届",
                   by=coop_books.chair).rule == Rule.R2
    assert refusal(mem.end_cadre_term, term=term, on=date(2023, 12, 31), reason="换届",
                   by=coop_books.world.officer2).rule == Rule.R2
    mem.end_cadre_term(term=term, on=date(2023, 12, 31), reason="换届",
                       by=coop_books.world.users[Role.COUNTY_ADMIN])


def correct(term, by, **changes):
    values = {"person": term.person, "post": term.post, "start": term.start, "end": term.end, **changes}
    return mem.correct_cadre_term(term=term, reason="录入错误", by=by, **values)


def test_the_recorder_corrects_a_fresh_term_and_the_history_keeps_the_old_one(term, coop_books):
    correct(term, coop_books.officer, post="committee_director", start=date(2020, 3, 1))
    term.refresh_from_db()
    assert (term.post, term.start) == ("committee_director", date(2020, 3, 1))
    first = term.history.order_by("history_date").first()
    assert (first.post, first.start) == ("committee_member", date(2020, 1, 1))


def test_a_term_is_corrected_only_by_its_recorder_within_the_days_or_by_the_county(term, coop_books):
    b = coop_books
    assert "登记人" in str(refusal(correct, term=term, by=b.officer_b, start=date(2020, 3, 1)))
    term.history.update(history_date=timezone.now() - timedelta(days=mem.cadres.CORRECTION_DAYS + 1))
    assert "登记人" in str(refusal(correct, term=term, by=b.officer, start=date(2020, 3, 1)))
    assert "原因" in str(refusal(mem.correct_cadre_term, term=term, person=term.person, post=term.post,
                                 start=term.start, end=None, reason="", by=b.world.users[Role.COUNTY_ADMIN]))
    correct(term, b.world.users[Role.COUNTY_ADMIN], start=date(2020, 3, 1))
    term.refresh_from_db()
    assert term.start == date(2020, 3, 1)


def test_a_correction_keeps_the_term_rules(term, coop_books):
    with pytest.raises(ValidationError):
        correct(term, coop_books.officer, end=date(2019, 1, 1))


# ---------------------------------------------------------------- the admin door


def end_url(term):
    return reverse("admin:members_cadreterm_end", args=[term.pk])


def test_a_township_officer_ends_a_term_in_the_admin(term, coop_books, client_for):
    client = client_for(coop_books.officer)
    listing = client.get(reverse("admin:members_cadreterm_changelist"))
    assert "在任" in listing.text and end_url(term) in listing.text
    assert client.get(end_url(term)).status_code == 200
    response = client.post(end_url(term), {"on": "2023-12-31", "reason": "换届未连任"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.end, term.end_reason) == (date(2023, 12, 31), "换届未连任")
    listing = client.get(reverse("admin:members_cadreterm_changelist"))
    assert "已离任" in listing.text and end_url(term) not in listing.text
    assert any("已办理离任" in str(m) for m in get_messages(listing.wsgi_request))


@pytest.mark.parametrize(("data", "words"), [({"on": "2019-01-01", "reason": "辞职"}, "早于任职开始日期"),
                                             ({"on": "2023-12-31", "reason": ""}, "离任原因"),
                                             ({"on": "not a date", "reason": "辞职"}, "日期")])
def test_the_admin_shows_a_refused_end_on_the_form(term, coop_books, client_for, data, words):
    response = client_for(coop_books.officer).post(end_url(term), data)
    assert response.status_code == 200 and words in response.text
    term.refresh_from_db()
    assert term.end is None


def test_a_chairman_sees_the_terms_but_cannot_end_one_in_the_admin(term, coop_books, client_for):
    client = client_for(coop_books.chair)
    listing = client.get(reverse("admin:members_cadreterm_changelist"))
    assert listing.status_code == 200 and "在任" in listing.text and end_url(term) not in listing.text
    assert client.get(end_url(term)).status_code == 403
    assert client.post(end_url(term), {"on": "2023-12-31", "reason": "换届"}).status_code == 403
    term.refresh_from_db()
    assert term.end is None


def test_an_officer_of_another_township_cannot_reach_the_term(term, coop_books, client_for):
    response = client_for(coop_books.world.officer2).post(end_url(term), {"on": "2023-12-31", "reason": "换届"})
    assert response.status_code == 404
    term.refresh_from_db()
    assert term.end is None


def test_the_term_list_filters_by_in_office(term, coop_books, client_for):
    b = coop_books
    household = mem.register_household(village=b.world.v11, number="802", by=b.chair)
    former = mem.register_person(household=household, name="钱六", id_number=id_number(802), by=b.chair)
    mem.record_cadre_term(village=b.world.v11, person=former, post="group_leader", start=date(2016, 1, 1),
                          end=date(2018, 12, 31), by=b.officer)
    client = client_for(b.officer)
    url = reverse("admin:members_cadreterm_changelist")
    assert [t.person.name for t in client.get(url, {"in_office": "yes"}).context["cl"].result_list] == ["王五"]
    assert [t.person.name for t in client.get(url, {"in_office": "no"}).context["cl"].result_list] == ["钱六"]


def test_the_recorder_corrects_a_term_in_the_admin_and_another_officer_is_not_offered_it(term, coop_books,
                                                                                       client_for):
    b = coop_books
    url = reverse("admin:members_cadreterm_correct", args=[term.pk])
    listing = client_for(b.officer_b).get(reverse("admin:members_cadreterm_changelist"))
    assert listing.status_code == 200 and url not in listing.text
    refused = client_for(b.officer_b).post(url, {"person": term.person.pk, "post": "committee_director",
                                                 "start": "2020-01-01", "reason": "录错职务"})
    assert refused.status_code == 200 and "登记人" in refused.text
    client = client_for(b.officer)
    assert url in client.get(reverse("admin:members_cadreterm_changelist")).text
    assert client.get(url).status_code == 200
    done = client.post(url, {"person": term.person.pk, "post": "committee_director", "start": "2020-01-01",
                             "reason": "录错职务"})
    assert done.status_code == 302
    term.refresh_from_db()
    assert term.post == "committee_director"
    assert client_for(b.chair).get(url).status_code == 403
