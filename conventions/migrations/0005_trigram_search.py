"""Conventions searched by trigram index on PostgreSQL (the extension comes with partners)."""

from django.db import migrations

from core.migration_ops import postgresql_only


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0004_keyset_indexes"),
        ("partners", "0005_trigram_search"),
    ]

    operations = [
        postgresql_only(
            "CREATE INDEX convention_title_trgm ON conventions_convention "
            "USING gin (title_normalized gin_trgm_ops)",
            "DROP INDEX convention_title_trgm",
        ),
        postgresql_only(
            "CREATE INDEX convention_reference_trgm ON conventions_convention "
            "USING gin ((UPPER(reference::text)) gin_trgm_ops)",
            "DROP INDEX convention_reference_trgm",
        ),
    ]
