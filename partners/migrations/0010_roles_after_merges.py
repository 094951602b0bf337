"""The roles get the permissions of the merge record (read-only for every role)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_interaction_version"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
