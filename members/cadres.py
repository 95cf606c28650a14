"""R4 cadre exclusion: the one face services/ and projects/ call before an appointment or a payment.

(a) No village or villager-group cadre (村组干部) may lead an operating service organisation:
    `require_not_cadre(persons, on)` refuses with R4a; `cadre_posts(persons, on)` answers without raising.
(b) No village cadre (村干部) nor any immediate family member of one (直系亲属) may be paid, neither wages nor
    rent: `require_not_cadre_or_family(persons, on)` refuses with R4b; `cadre_relations(persons, on)` answers
    without raising, for a screen that marks each line of a payroll.

`persons` is one Person or any iterable of them (a whole payroll). The refusal names the rule and, for every
offender, the cadre, the term and the relation:
    R4b 村干部直系亲属不得领取报酬:李桂芳 是 张德明(村委会主任 2016-01-01 至 2018-12-31)的配偶
and carries `offenders` ({person id: reason}), so a payroll screen can mark each line.

Both judge on a date, by the terms in force that day (start ≤ on ≤ end; a term without an end is in force).
A former cadre no longer bars anyone; a cadre appointed later does not yet.

直系亲属, as the field means it: spouse, parents, children, grandparents and grandchildren, however the family
was recorded — a `Kinship` row in either direction, or a grandparent/grandchild reached through two
parent/child rows in any combination of directions (cadre → son → grandchild) — and anyone of the cadre's
household. A spouse's parents, a parent's spouse and siblings are not 直系 and are not followed (two steps
through a spouse, or up then down, are not); the household rule catches those who live under one roof.

Cost: a constant number of queries whatever the number of persons — the kinship rows touching the persons,
the parent/child rows one step further, and the terms in force of the persons reached (with the persons'
households). The walk is two fixed steps, so two plain queries are enough; a recursive CTE would buy nothing
and read differently on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.refusals import Refusal
from members.models import CadreTerm, Kinship, Person

R = Kinship.Relation

# How many generations the relative stands above the person in a row "relative is person's <relation>".
GENERATIONS = {R.PARENT: 1, R.CHILD: -1, R.GRANDPARENT: 2, R.GRANDCHILD: -2}
# A person standing `n` generations above a cadre is the cadre's <relation>.
BY_GENERATION = {1: R.PARENT, -1: R.CHILD, 2: R.GRANDPARENT, -2: R.GRANDCHILD}
LINEAL_LINKS = (R.PARENT, R.CHILD)


class CadreExclusion(RuleViolation):
    """An R4 refusal. `offenders` maps each refused person's id to the reason, in the order given."""

    def __init__(self, rule: Rule, headline: str, offenders: dict[int, str]):
        self.offenders = offenders
        super().__init__(rule, f"{headline}:{';'.join(offenders.values())}")


def require_not_cadre_or_family(persons: Person | Iterable[Person], on: date, rule: Rule = Rule.R4B) -> None:
    """R4b: refuse a payment (wage or rent) to a village cadre or a cadre's immediate family on the date."""
    offenders = cadre_relations(persons, on)
    if offenders:
        raise CadreExclusion(rule, _("村干部直系亲属不得领取报酬"), offenders)


def require_not_cadre(persons: Person | Iterable[Person], on: date, rule: Rule = Rule.R4A) -> None:
    """R4a: refuse a village or villager-group cadre as the leader of an operating service organisation."""
    offenders = cadre_posts(persons, on)
    if offenders:
        raise CadreExclusion(rule, _("村组干部不得领办经营性服务组织"), offenders)


def cadre_posts(persons: Person | Iterable[Person], on: date) -> dict[int, str]:
    """R4a without raising: {person id: reason} for each person holding any village or villager-group post."""
    people = _as_list(persons)
    terms = _first_terms(CadreTerm.objects.filter(in_office(on), person_id__in=[p.pk for p in people]))
    return {p.pk: _("%(person)s 是村组干部(%(term)s)") % {"person": p.name, "term": term_words(terms[p.pk])}
            for p in people if p.pk in terms}


def cadre_relations(persons: Person | Iterable[Person], on: date) -> dict[int, str]:
    """R4b without raising: {person id: reason} for each person who is a village cadre on the date or
    immediate family of one; the nearest tie is named (the cadre himself, then kinship, then the household)."""
    people = _as_list(persons)
    if not people:
        return {}
    ids = {p.pk for p in people}
    kin = _kin_of(ids)
    cadre_ids = {cadre for ties in kin.values() for cadre in ties} | ids
    households = {p.household_id for p in people}
    terms = list(CadreTerm.objects.filter(in_office(on), post__in=CadreTerm.VILLAGE_POSTS)
                 .filter(Q(person_id__in=cadre_ids) | Q(person__household_id__in=households))
                 .select_related("person"))
    by_cadre = _first_terms(terms)
    out = {}
    for person in people:
        reason = _reason(person, kin.get(person.pk, {}), by_cadre, terms)
        if reason:
            out[person.pk] = reason
    return out


def in_office(on: date) -> Q:
    """The terms in force on the date: started on or before it, not ended before it."""
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def terms_begun_after(person, start, on: date):
    """R4a after the fact: the cadre terms (any village or villager-group post) of `person` begun after `start` (an
    appointment) and in force on `on`, earliest first. `person` and `start` may be OuterRefs, for a subquery on
    the appointments' own query."""
    return CadreTerm.objects.filter(in_office(on), person=person, start__gt=start).order_by("start", "pk")


def post_label(post: str) -> str:
    return str(CadreTerm.Post(post).label)


def term_words(term: CadreTerm) -> str:
    end = _("至 %(end)s") % {"end": term.end.isoformat()} if term.end else _("至今")
    return f"{term.get_post_display()} {term.start.isoformat()} {end}"


def _reason(person: Person, ties: dict[int, str], by_cadre: dict[int, CadreTerm], terms: list[CadreTerm]):
    if person.pk in by_cadre:
        return _("%(person)s 本人是村干部(%(term)s)") % {"person": person.name,
                                                      "term": term_words(by_cadre[person.pk])}
    for cadre_id, relation in ties.items():
        if cadre_id in by_cadre:
            term = by_cadre[cadre_id]
            return _("%(person)s 是 %(cadre)s(%(term)s)的%(relation)s") % {
                "person": person.name, "cadre": term.person.name, "term": term_words(term),
                "relation": R(relation).label}
    housemate = next((t for t in terms if t.person.household_id == person.household_id), None)
    if housemate is not None:
        return _("%(person)s 与 %(cadre)s(%(term)s)同户,按直系亲属对待") % {
            "person": person.name, "cadre": housemate.person.name, "term": term_words(housemate)}
    return None


def _kin_of(ids: set[int]) -> dict[int, dict[int, str]]:
    """{person id: {relative id: what the person is to that relative}} for every immediate relative of the
    persons, direct rows and two parent/child steps alike; direct rows come first."""
    direct = _edges(Kinship.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)))
    out: dict[int, dict[int, str]] = {pid: {} for pid in ids}
    middle: dict[int, list[tuple[int, int]]] = {}  # the person's parents and children: (who, generations above)
    for pid in ids:
        for other, relation in direct.get(pid, {}).items():
            out[pid][other] = relation
            if relation in LINEAL_LINKS:
                middle.setdefault(pid, []).append((other, -GENERATIONS[relation]))
    steps = {m for links in middle.values() for m, _generations in links}
    if steps:
        further = _edges(Kinship.objects.filter(Q(person_id__in=steps) | Q(relative_id__in=steps),
                                                relation__in=LINEAL_LINKS))
        for pid, links in middle.items():
            for m, m_over_person in links:
                for other, relation in further.get(m, {}).items():  # m is other's <relation>
                    person_over_other = GENERATIONS[relation] - m_over_person
                    if other != pid and person_over_other in BY_GENERATION:
                        out[pid].setdefault(other, BY_GENERATION[person_over_other])
    return out


def _edges(rows) -> dict[int, dict[int, str]]:
    """Each kinship row read both ways: {a: {b: what a is to b}}."""
    out: dict[int, dict[int, str]] = {}
    for person_id, relative_id, relation in rows.values_list("person_id", "relative_id", "relation"):
        out.setdefault(relative_id, {})[person_id] = relation  # the relative is the person's <relation>
        inverse = R.SPOUSE if relation == R.SPOUSE else BY_GENERATION[-GENERATIONS[relation]]
        out.setdefault(person_id, {})[relative_id] = inverse
    return out


def _first_terms(terms) -> dict[int, CadreTerm]:
    """Each person's earliest term among those given (the one a refusal names)."""
    out: dict[int, CadreTerm] = {}
    for term in sorted(terms, key=lambda t: (t.start, t.pk)):
        out.setdefault(term.person_id, term)
    return out


def _as_list(persons: Person | Iterable[Person]) -> list[Person]:
    """One person or many, each once, in the order given (a payroll's line order)."""
    people = [persons] if isinstance(persons, Person) else list(persons)
    return list({p.pk: p for p in people}.values())


def cadre_refusals(lines: list[tuple[int, Person, date]]) -> list[Refusal]:
    """R4b for a batch: each row whose person is a village cadre or a cadre's immediate family on its date, with
    the relation in words (one members.face call per distinct date)."""
    by_date = defaultdict(list)
    for _row, person, on in lines:
        by_date[on].append(person)
    relations = {on: cadre_relations(persons, on) for on, persons in by_date.items()}
    return [Refusal(row, RuleViolation(Rule.R4B, _("村干部直系亲属不得领取报酬:%(why)s") % {
        "why": relations[on][person.pk]}, field="person"))
        for row, person, on in lines if person.pk in relations[on]]
