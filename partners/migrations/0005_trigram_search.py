"""Search by trigram index on PostgreSQL: the pg_trgm extension and GIN indexes.

`LIKE '%word%'` on the normalised columns (what `__contains` sends) is answered
from these indexes instead of a scan of every row. SQLite keeps its plain scan.
The contacts' e-mail is searched with `icontains`, hence the index on UPPER(email).
"""

from django.db import migrations

from core.migration_ops import postgresql_only


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_keyset_indexes"),
    ]

    operations = [
        postgresql_only("CREATE EXTENSION IF NOT EXISTS pg_trgm", "SELECT 1"),
        postgresql_only(
            "CREATE INDEX organisation_search_trgm ON partners_organisation "
            "USING gin (search_text gin_trgm_ops)",
            "DROP INDEX organisation_search_trgm",
        ),
        postgresql_only(
            "CREATE INDEX contact_name_trgm ON partners_contact "
            "USING gin (name_normalized gin_trgm_ops)",
            "DROP INDEX contact_name_trgm",
        ),
        postgresql_only(
            "CREATE INDEX contact_email_trgm ON partners_contact "
            "USING gin ((UPPER(email::text)) gin_trgm_ops)",
            "DROP INDEX contact_email_trgm",
        ),
    ]
