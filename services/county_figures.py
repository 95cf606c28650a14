"""The service organisations' lines of the county summary (county_summary.registry): organisations founded by the
end of the range (the field report counts 57 stations, teams and points), service records in the range, and the
sanitation money from its three sources."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from county_summary.registry import INT, MONEY, CountyFigure, admin_list
from services.models import FeeReceipt, SanitationFunding, ServiceOrganisation, ServiceRecord

VILLAGE = "cooperative__village"


def organisations(villages, since, until) -> dict:
    rows = ServiceOrganisation.objects.filter(**{f"{VILLAGE}__in": villages}, founded_on__lte=until)
    return dict(rows.values_list(VILLAGE).annotate(n=Count("pk")).values_list(VILLAGE, "n"))


def records(villages, since, until) -> dict:
    village = f"organisation__{VILLAGE}"
    rows = ServiceRecord.objects.filter(**{f"{village}__in": villages}, on__gte=since, on__lte=until)
    return dict(rows.values_list(village).annotate(n=Count("pk")).values_list(village, "n"))


def sanitation_funding(villages, since, until) -> dict:
    """The three sources added up (as services.queries.sanitation reads them): the approved fiscal allocations and
    collective subsidies of the years the range touches, and households' cleaning fees received in the range. Two
    queries, whatever the range."""
    out: dict[int, Decimal] = defaultdict(Decimal)
    funding = SanitationFunding.objects.filter(**{f"{VILLAGE}__in": villages}, status="approved",
                                               year__gte=since.year, year__lte=until.year)
    fees = FeeReceipt.objects.filter(**{f"organisation__{VILLAGE}__in": villages}, status="approved",
                                     on__gte=since, on__lte=until,
                                     organisation__category=ServiceOrganisation.Category.SANITATION)
    for rows, village in ((funding, VILLAGE), (fees, f"organisation__{VILLAGE}")):
        for village_id, amount in rows.values_list(village).annotate(s=Sum("amount")).values_list(village, "s"):
            out[village_id] += amount
    return dict(out)


FIGURES = [
    CountyFigure(key="service_orgs", label=_("专业服务组织(站、队、点)"), unit=_("个"), kind=INT, order=40,
                 read=organisations, reference="57", note=_("专业服务组织按期末已成立的站、队、点计数。"),
                 link=lambda since, until: admin_list("services_serviceorganisation", founded_on__lte=until)),
    CountyFigure(key="service_records", label=_("服务活动"), unit=_("次"), kind=INT, order=80,
                 read=records, reference=_("100余次"),
                 link=lambda since, until: admin_list("services_servicerecord", on__gte=since, on__lte=until)),
    CountyFigure(key="sanitation_funding", label=_("环境卫生保洁经费"), unit=_("元"), kind=MONEY, order=85,
                 read=sanitation_funding, note=_("保洁经费为期间所涉各年度财政拨款、集体积累补贴和农户保洁费之和。"),
                 link=lambda since, until: admin_list("services_sanitationfunding")),
]
