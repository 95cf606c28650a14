"""R4 cadre exclusion, as two questions services/ and projects/ ask before an appointment or a payment.

(a) No village or villager-group cadre (村组干部) may lead an operating service organisation: `is_cadre`.
(b) No village cadre (村干部) nor any immediate family member — spouse, parents, children, grandparents,
grandchildren, and anyone of the same household — may be paid: `is_village_cadre_or_family`.
Both judge on a date, by the terms of office in force that day, and answer with the reason in words.
"""

from datetime import date

from django.db.models import Q

from members.models import CadreTerm, Kinship, Person

INVERSE = {
    Kinship.Relation.SPOUSE: Kinship.Relation.SPOUSE,
    Kinship.Relation.PARENT: Kinship.Relation.CHILD,
    Kinship.Relation.CHILD: Kinship.Relation.PARENT,
    Kinship.Relation.GRANDPARENT: Kinship.Relation.GRANDCHILD,
    Kinship.Relation.GRANDCHILD: Kinship.Relation.GRANDPARENT,
}


def _in_office(on: date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def _term_words(term: CadreTerm) -> str:
    end = f"至 {term.end.isoformat()}" if term.end else "至今"
    return f"{term.get_post_display()} {term.start.isoformat()} {end}"


def is_cadre(person: Person, on: date) -> str | None:
    """R4a: the reason if the person holds any village or villager-group post on the date, else None."""
    term = CadreTerm.objects.filter(_in_office(on), person=person).order_by("start").first()
    if term is None:
        return None
    return f"{person.name} 是村组干部({_term_words(term)})"


def is_village_cadre_or_family(person: Person, on: date) -> str | None:
    """R4b: the reason if the person is a village cadre on the date, or immediate family of one (by a
    recorded kinship in either direction, or by living in the same household), else None."""
    terms = list(CadreTerm.objects.filter(_in_office(on), post__in=CadreTerm.VILLAGE_POSTS)
                 .select_related("person").order_by("start"))
    if not terms:
        return None
    by_cadre = {t.person_id: t for t in terms}
    if person.pk in by_cadre:
        return f"{person.name} 本人是村干部({_term_words(by_cadre[person.pk])})"
    for kin in Kinship.objects.filter(Q(person=person, relative_id__in=by_cadre) |
                                      Q(relative=person, person_id__in=by_cadre)).select_related("person", "relative"):
        if kin.relative_id == person.pk:  # the person is the cadre's <relation>
            cadre, relation = kin.person, kin.get_relation_display()
        else:  # the cadre is the person's <relation>, so the person is the cadre's inverse
            cadre, relation = kin.relative, Kinship.Relation(INVERSE[kin.relation]).label
        return f"{person.name} 是 {cadre.name}({_term_words(by_cadre[cadre.pk])})的{relation}"
    housemate = next((t for t in terms if t.person.household_id == person.household_id), None)
    if housemate is not None:
        return (f"{person.name} 与 {housemate.person.name}({_term_words(housemate)})同户,"
                f"按直系亲属对待")
    return None
