"""Load the 18 regions and 101 departments shipped in partners/data/territories.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "territories.json"


def load(apps, schema_editor):
    Region = apps.get_model("partners", "Region")
    Department = apps.get_model("partners", "Department")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    regions = {}
    for row in data["regions"]:
        regions[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
    for row in data["departments"]:
        Department.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region": regions[row["region"]]}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
