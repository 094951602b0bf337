"""The conventions list searches one trigram-indexed column: title, reference and parties.

Filled here for the conventions that exist, as `search_text_of` does (the history keeps no
copy: it is derived).
"""

from django.db import migrations, models

from core.migration_ops import postgresql_only
from core.text import normalize

CHUNK = 2_000


def fill(apps: object, schema_editor: object) -> None:
    Convention = apps.get_model("conventions", "Convention")
    Party = apps.get_model("conventions", "Party")
    ids = list(Convention.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        texts: dict[int, list[str]] = {}
        parties = Party.objects.filter(convention_id__in=chunk).order_by("order", "pk")
        for convention_id, text in parties.values_list(
            "convention_id", "organisation__search_text"
        ):
            texts.setdefault(convention_id, []).append(text)
        conventions = list(Convention.objects.filter(pk__in=chunk).only("title", "reference"))
        for convention in conventions:
            own = normalize(f"{convention.title} {convention.reference}")
            convention.search_text = " ".join([own, *texts.get(convention.pk, [])]).strip()
        Convention.objects.bulk_update(conventions, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0008_party_axis_clause_programme_versions"),
        ("partners", "0005_trigram_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="convention",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        postgresql_only(
            "CREATE INDEX convention_search_trgm ON conventions_convention "
            "USING gin (search_text gin_trgm_ops)",
            "DROP INDEX convention_search_trgm",
        ),
    ]
