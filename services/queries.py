"""Reads of the service organisations that are more than a filter: the leaders who became cadres after their
appointment (R4a, computed from the terms, never stored), the organisations a user sees."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from coop import access
from members.models import CadreTerm
from services.models import Leadership, ServiceOrganisation


@dataclass(frozen=True)
class TurnedCadre:
    leadership: Leadership
    since: date   # the first day of the cadre term that began after the appointment
    post: str     # the post, in words


def visible_organisations(user):
    return access.visible(user, ServiceOrganisation.objects.all())


def _later_terms(on: date):
    """The cadre terms (any village or villager-group post) of a leadership's person that began after the
    appointment and are in force on `on`, earliest first — for a Leadership queryset's OuterRef."""
    return CadreTerm.objects.filter(person=OuterRef("person"), start__gt=OuterRef("start"), start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)).order_by("start", "pk")


def with_leader(organisations, on: date | None = None):
    """The organisations annotated with `leader_name` (the leader in office on `on`) and, for an operating one whose
    leader became a cadre after the appointment, `cadre_since` and `cadre_post` — in the list's own query."""
    on = on or timezone.localdate()
    current = Leadership.objects.filter(organisation=OuterRef("pk"), start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)).order_by("-start")
    later = _later_terms(on)
    turned = current.filter(organisation__nature=ServiceOrganisation.Nature.OPERATING).annotate(
        since=Subquery(later.values("start")[:1]), post=Subquery(later.values("post")[:1]))
    return organisations.annotate(leader_name=Subquery(current.values("person__name")[:1]),
                                  cadre_since=Subquery(turned.values("since")[:1]),
                                  cadre_post=Subquery(turned.values("post")[:1]))


def leaders_turned_cadre(organisations, on: date | None = None) -> list[TurnedCadre]:
    """R4a after the fact: the leaders of operating organisations, in office on `on` (today), who hold a village or
    villager-group post whose term began after their appointment and is in force on `on`. One query."""
    on = on or timezone.localdate()
    later = _later_terms(on)
    rows = (Leadership.objects.filter(organisation__in=organisations, start__lte=on,
                                      organisation__nature=ServiceOrganisation.Nature.OPERATING)
            .filter(Q(end__isnull=True) | Q(end__gte=on))
            .annotate(since=Subquery(later.values("start")[:1]), post=Subquery(later.values("post")[:1]))
            .filter(since__isnull=False)
            .select_related("person", "organisation__cooperative__village").order_by("since", "pk"))
    return [TurnedCadre(row, row.since, str(CadreTerm.Post(row.post).label)) for row in rows]


def current_leaders(organisations, on: date | None = None) -> dict[int, Leadership]:
    """{organisation id: its leadership in force on `on`}, one query."""
    on = on or timezone.localdate()
    rows = Leadership.objects.filter(organisation__in=organisations, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)).select_related("person")
    return {row.organisation_id: row for row in rows}
