"""The projects' lines of the county summary (county_summary.registry): how many agency-built projects, and their
total investment (budget plus approved variations) — read by the books summary's own reader, so the two pages
count a project the same way."""

from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from county_summary.registry import INT, MONEY, CountyFigure, admin_list
from projects import summary


def _read(villages, until) -> dict:
    """projects.summary.read keyed by village: it takes ledger-like rows (pk, village_id)."""
    rows = [SimpleNamespace(pk=pk, village_id=pk) for pk in villages.values_list("pk", flat=True)]
    return summary.read(rows, until) if rows else {}


def project_count(villages, since, until) -> dict:
    return {pk: figures["project_count"] for pk, figures in _read(villages, until).items()}


def project_investment(villages, since, until) -> dict:
    return {pk: figures["project_investment"] for pk, figures in _read(villages, until).items()}


def _link(since, until):
    return admin_list("projects_project", application__on__lte=until)


FIGURES = [
    CountyFigure(key="projects", label=_("承接小型基础设施代建项目"), unit=_("个"), kind=INT, order=60,
                 read=project_count, link=_link, reference="15"),
    CountyFigure(key="project_investment", label=_("代建项目总投资"), unit=_("元"), kind=MONEY, order=70,
                 read=project_investment, link=_link, reference="15,000,000.00",
                 note=_("代建项目总投资为立项预算加已批准的变更;调研报告的1500万元与“每个项目低于30万元”(R5)不符,"
                        "见上。")),
]
