"""The organisation's own line of the county summary: the pilot cooperatives founded by the end of the range."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from county_summary.registry import INT, CountyFigure, admin_list


def cooperatives(villages, since, until) -> dict:
    return dict(villages.filter(cooperative__founded_on__lte=until).values_list("pk").annotate(n=Count("cooperative"))
                .values_list("pk", "n"))


COOPERATIVES = CountyFigure(
    key="cooperatives", label=_("试点村扶贫互助合作社"), unit=_("个"), kind=INT, order=10, read=cooperatives,
    link=lambda since, until: admin_list("coop_cooperative", founded_on__lte=until), reference="11")
