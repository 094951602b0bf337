"""Actions searched without accents, by trigram index on PostgreSQL."""

from django.db import migrations, models

from core.migration_ops import postgresql_only
from core.text import normalize


def fill(apps: object, schema_editor: object) -> None:
    Action = apps.get_model("actions", "Action")
    batch = []
    for action in Action.objects.only("pk", "title").iterator(chunk_size=2000):
        action.title_normalized = normalize(action.title)
        batch.append(action)
        if len(batch) == 2000:
            Action.objects.bulk_update(batch, ["title_normalized"])
            batch = []
    Action.objects.bulk_update(batch, ["title_normalized"])


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_keyset_indexes"),
        ("partners", "0005_trigram_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="title_normalized",
            field=models.CharField(default="", editable=False, max_length=250),
        ),
        # A derived column, not an edit: no history row for it.
        migrations.RunPython(fill, migrations.RunPython.noop),
        postgresql_only(
            "CREATE INDEX action_title_trgm ON actions_action "
            "USING gin (title_normalized gin_trgm_ops)",
            "DROP INDEX action_title_trgm",
        ),
    ]
