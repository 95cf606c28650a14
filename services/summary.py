"""The services' columns in the township's and the county's 村级账务汇总表 (its second table, 业务台账): how many
stations, teams and points a village has, their approved income (service fees and 代购代销 commissions), the
management fees they paid the cooperative, and their pay, in the summary's year up to its end date. Declared from
the app's ready through `finance.queries.declare_figures`, like the fund's and the projects'."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from coop.reports import Column
from finance.queries import Figures
from services.models import AgencyTrade, FeeReceipt, ManagementFee, Payroll, ServiceOrganisation

ZERO = Decimal("0.00")
APPROVED = "approved"
AMOUNTS = ("service_income", "service_management", "service_pay")
COUNTS = ("service_count",)


def columns() -> list[Column]:
    group = _("专业服务组织")
    return [Column("service_count", _("站队点"), "int", width=0.5, group=group),
            Column("service_income", _("服务收入"), "money", group=group),
            Column("service_management", _("上交管理费"), "money", group=group),
            Column("service_pay", _("报酬租金"), "money", group=group)]


def read(ledgers, until) -> dict[int, dict]:
    """Per ledger pk, the figures of the calendar year of `until`, up to `until`: five queries for any number of
    villages."""
    ledger_of = {ledger.village_id: ledger.pk for ledger in ledgers}
    out = {pk: combine([]) for pk in ledger_of.values()}
    village = "cooperative__village"
    for village_id, count in (ServiceOrganisation.objects.filter(**{f"{village}__in": list(ledger_of)},
                                                                  founded_on__lte=until)
                              .values_list(village).annotate(n=Count("pk"))):
        out[ledger_of[village_id]]["service_count"] = count
    period = {"status": APPROVED, "on__year": until.year, "on__lte": until,
              f"organisation__{village}__in": list(ledger_of)}
    for model, field, key in ((FeeReceipt, "amount", "service_income"), (AgencyTrade, "commission", "service_income"),
                              (ManagementFee, "amount", "service_management"), (Payroll, "amount", "service_pay")):
        for village_id, amount in (model.objects.filter(**period).values_list(f"organisation__{village}")
                                   .annotate(s=Sum(field))):
            out[ledger_of[village_id]][key] += amount or ZERO
    return out


def combine(rows: list[dict]) -> dict:
    return {**{key: sum((row.get(key) or ZERO for row in rows), ZERO) for key in AMOUNTS},
            **{key: sum(row.get(key) or 0 for row in rows) for key in COUNTS}}


FIGURES = Figures(columns=columns, read=read, combine=combine)
