"""Reads of the service organisations that are more than a filter: the leaders who became cadres after their
appointment (R4a, computed from the terms, never stored), the organisations a user sees."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from coop import access
from members.face import post_label, terms_begun_after
from services.models import FeeReceipt, Leadership, SanitationFunding, SanitationStandard, ServiceOrganisation


@dataclass(frozen=True)
class TurnedCadre:
    leadership: Leadership
    since: date   # the first day of the cadre term that began after the appointment
    post: str     # the post, in words


def visible_organisations(user):
    return access.visible(user, ServiceOrganisation.objects.all())


def _later_terms(on: date):
    """A leadership's person's cadre terms begun after the appointment, in force on `on` (members' R4 call)."""
    return terms_begun_after(OuterRef("person"), OuterRef("start"), on)


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
    return [TurnedCadre(row, row.since, post_label(row.post)) for row in rows]


def current_leaders(organisations, on: date | None = None) -> dict[int, Leadership]:
    """{organisation id: its leadership in force on `on`}, one query."""
    on = on or timezone.localdate()
    rows = Leadership.objects.filter(organisation__in=organisations, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)).select_related("person")
    return {row.organisation_id: row for row in rows}


@dataclass(frozen=True)
class SanitationYear:
    """A village's sanitation money of a year against the county's standard: its three sources and the gap."""

    village: object
    standard: Decimal | None
    fiscal: Decimal
    collective: Decimal
    fees: Decimal

    @property
    def total(self) -> Decimal:
        return self.fiscal + self.collective + self.fees

    @property
    def gap(self) -> Decimal:
        """What is still missing to reach the standard (0 when met)."""
        return max((self.standard or Decimal("0")) - self.total, Decimal("0.00"))

    @property
    def met(self) -> bool:
        return self.standard is not None and self.total >= self.standard


def sanitation(villages, year: int) -> list[SanitationYear]:
    """Each village's sanitation year: the standard in force at the year's end for its county and size; the fiscal
    allocation and the collective subsidy (approved SanitationFunding, whose fiscal vouchers are in the books), and
    households' cleaning fees (approved receipts of its sanitation organisations). Four queries for any number."""
    villages = list(villages.select_related("township"))
    end = date(year, 12, 31)
    standards = {}
    for row in SanitationStandard.objects.filter(county__in={v.township.county_id for v in villages},
                                                  effective_from__lte=end).order_by("effective_from"):
        standards[(row.county_id, row.size)] = row.amount  # the latest wins
    funding = defaultdict(Decimal)
    for village_id, source, amount in (SanitationFunding.objects.filter(
            cooperative__village__in=villages, year=year, status="approved")
            .values_list("cooperative__village", "source").annotate(s=Sum("amount"))):
        funding[(village_id, source)] = amount
    fees = dict(FeeReceipt.objects.filter(organisation__cooperative__village__in=villages, on__year=year,
                                          status="approved",
                                          organisation__category=ServiceOrganisation.Category.SANITATION)
                .values_list("organisation__cooperative__village").annotate(s=Sum("amount")))
    zero = Decimal("0.00")
    return [SanitationYear(village=v, standard=standards.get((v.township.county_id, v.size)),
                           fiscal=funding.get((v.pk, "fiscal"), zero),
                           collective=funding.get((v.pk, "collective"), zero),
                           fees=fees.get(v.pk, zero)) for v in villages]
