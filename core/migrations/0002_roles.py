"""Create the four roles with their permissions (see core/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0002_territories"),
        ("conventions", "0001_initial"),
        ("actions", "0001_initial"),
        ("tasks", "0002_default_reminder_rules"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
