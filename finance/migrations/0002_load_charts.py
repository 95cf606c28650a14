"""Load the standard charts of accounts and the provisional statement layouts from finance/data/."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Account = apps.get_model("finance", "Account")
    StatementLine = apps.get_model("finance", "StatementLine")
    for chart in ("2023", "2004"):
        by_code = {}
        with open(DATA / f"chart_{chart}.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                by_code[row["code"]] = Account.objects.create(
                    chart=chart, code=row["code"], name=row["name"], category=row["category"], side=row["side"],
                    allows_sub=row["allows_sub"] == "1", is_standard=True,
                    parent=by_code[row["parent"]] if row["parent"] else None)
        with open(DATA / f"statements_{chart}.csv", encoding="utf-8") as f:
            StatementLine.objects.bulk_create(
                StatementLine(chart=chart, statement=r["statement"], column=r["column"], line_no=int(r["line_no"]),
                              label=r["label"], formula=r["formula"], bold=r["bold"] == "1")
                for r in csv.DictReader(f))


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
