"""The journal is searched without accents on one trigram-indexed column, and filtered by
kind or author in its own order (newest first) from an index.

The column is filled here for the entries that exist, as `Interaction.save()` fills it (the
history keeps no copy: it is derived).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import postgresql_only
from core.text import normalize

CHUNK = 2_000


def fill(apps: object, schema_editor: object) -> None:
    Interaction = apps.get_model("partners", "Interaction")
    rows = Interaction.objects.only("subject", "location", "notes").order_by("pk")
    batch = []
    for interaction in rows.iterator(chunk_size=CHUNK):
        text = f"{interaction.subject} {interaction.location} {interaction.notes}"
        interaction.search_text = normalize(text)
        batch.append(interaction)
        if len(batch) == CHUNK:
            Interaction.objects.bulk_update(batch, ["search_text"])
            batch = []
    Interaction.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0016_organisation_owner_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="interaction",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        postgresql_only(
            "CREATE INDEX interaction_search_trgm ON partners_interaction "
            "USING gin (search_text gin_trgm_ops)",
            "DROP INDEX interaction_search_trgm",
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["kind", "occurred_on", "id"], name="interaction_kind_keyset"
            ),
        ),
        # The author's own index is the first column of this one.
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["author", "occurred_on", "id"], name="interaction_author_keyset"
            ),
        ),
        migrations.AlterField(
            model_name="interaction",
            name="author",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="interactions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="auteur·rice",
            ),
        ),
    ]
