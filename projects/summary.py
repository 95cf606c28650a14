"""The projects' columns in the township's and the county's 村级账务汇总表: how many projects a village has, their
total investment (budget plus approved variations), what was paid and how many were accepted, as they stand at the
end of the summary's range. Same shape as the fund's figures: on merge, the app's ready declares
`finance.queries.declare_figures(Figures(columns=columns, read=read, combine=combine))`."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from coop.reports import Column
from finance.queries import Figures
from projects.models import Payment, Project, Variation

ZERO = Decimal("0.00")
APPROVED = Payment.Status.APPROVED
AMOUNTS = ("project_investment", "project_paid")
COUNTS = ("project_count", "project_accepted")


def columns() -> list[Column]:
    group = _("项目代建")
    return [Column("project_count", _("项目数"), "int", width=0.5, group=group),
            Column("project_investment", _("总投资"), "money", group=group),
            Column("project_paid", _("已支付"), "money", group=group),
            Column("project_accepted", _("已验收"), "int", width=0.5, group=group)]


def read(ledgers, until) -> dict[int, dict]:
    """Per ledger pk, the projects' figures at `until` (projects applied for by then): three queries for any
    number of villages. A rejected application is not counted."""
    ledger_of = {ledger.village_id: ledger.pk for ledger in ledgers}
    out = {pk: combine([]) for pk in ledger_of.values()}
    village = "cooperative__village"
    projects = Project.objects.filter(**{f"{village}__in": list(ledger_of)}, application__on__lte=until).exclude(
        status=Project.Status.REJECTED)
    accepted = Q(acceptance__on__lte=until, acceptance__confirmed_at__isnull=False)
    for village_id, count, budget, done in (projects.values_list(village).annotate(
            n=Count("pk"), s=Sum("total_investment"), a=Count("pk", filter=accepted))
            .values_list(village, "n", "s", "a")):
        out[ledger_of[village_id]].update(project_count=count, project_investment=budget, project_accepted=done)
    for model, key in ((Variation, "project_investment"), (Payment, "project_paid")):
        rows = (model.objects.filter(project__in=projects, status=APPROVED, on__lte=until)
                .values_list(f"project__{village}").annotate(s=Sum("amount")).values_list(f"project__{village}", "s"))
        for village_id, amount in rows:
            out[ledger_of[village_id]][key] += amount
    return out


def combine(rows: list[dict]) -> dict:
    return {**{key: sum((row.get(key) or ZERO for row in rows), ZERO) for key in AMOUNTS},
            **{key: sum(row.get(key) or 0 for row in rows) for key in COUNTS}}


FIGURES = Figures(columns=columns, read=read, combine=combine)
