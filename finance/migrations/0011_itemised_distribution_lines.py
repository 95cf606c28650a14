"""收益及收益分配表: the one line "减:各项分配" itemised as the official 2004 form prints it (提取公积公益金,
提取应付福利费, 外来投资分利, 农户分配, 其他; REFERENCE-ACCOUNTS.md §4.2), each fed by a standard
detail account under 32201 各项分配;
the provisional 2023 layout likewise, less 应付福利费 (the 2023 chart removed 212 应付福利费).

The accounts and lines come from finance/data/ (the one data file, which 0002 loads on a new database): here they
are added where missing, and the distribution lines of a database loaded before them are replaced. A village's own
sub-account under 32201 that already uses one of the new codes keeps it (its own wins, finance.operations)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
DETAIL_PARENT = "32201"
DISTRIBUTION_LINES = range(27, 36)  # 减:各项分配 … 六、年末未分配收益


def itemise(apps, schema_editor):
    Account = apps.get_model("finance", "Account")
    StatementLine = apps.get_model("finance", "StatementLine")
    for chart in ("2023", "2004"):
        parent = Account.objects.filter(chart=chart, code=DETAIL_PARENT, village__isnull=True).first()
        if parent is None:
            continue
        with open(DATA / f"chart_{chart}.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["parent"] == DETAIL_PARENT and not Account.objects.filter(
                        chart=chart, code=row["code"], village__isnull=True).exists():
                    Account.objects.create(chart=chart, code=row["code"], name=row["name"], category=row["category"],
                                           side=row["side"], allows_sub=row["allows_sub"] == "1", is_standard=True,
                                           parent=parent)
        with open(DATA / f"statements_{chart}.csv", encoding="utf-8") as f:
            wanted = [r for r in csv.DictReader(f)
                      if r["statement"] == "income" and int(r["line_no"]) in DISTRIBUTION_LINES]
        StatementLine.objects.filter(chart=chart, statement="income", line_no__in=DISTRIBUTION_LINES).exclude(
            line_no__in=[int(r["line_no"]) for r in wanted]).delete()
        for r in wanted:
            StatementLine.objects.update_or_create(
                chart=chart, statement="income", column=r["column"], line_no=int(r["line_no"]),
                defaults={"label": r["label"], "formula": r["formula"], "bold": r["bold"] == "1"})


def restore(apps, schema_editor):
    """Back to the single line. The detail accounts stay: standard accounts are never deleted (a database trigger)."""
    StatementLine = apps.get_model("finance", "StatementLine")
    for chart in ("2023", "2004"):
        StatementLine.objects.filter(chart=chart, statement="income", line_no__in=range(28, 35)).delete()
        StatementLine.objects.update_or_create(chart=chart, statement="income", column="main", line_no=27, defaults={
            "label": "减:各项分配", "formula": "-32201", "bold": False})
        StatementLine.objects.filter(chart=chart, statement="income", line_no=35).update(formula="=26-27")


class Migration(migrations.Migration):
    dependencies = [("finance", "0010_voucher_line_ledger")]
    operations = [migrations.RunPython(itemise, restore)]
