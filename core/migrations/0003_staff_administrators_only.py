"""Only the Administrateur role is staff; tasks' preferences, notifications and reminder
rules get their own grants (tasks/apps.py `model_grants`)."""

from django.db import migrations

ADMINISTRATOR = "Administrateur"


def forwards(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)
    User = apps.get_model("core", "User")
    administrators = User.objects.filter(groups__name=ADMINISTRATOR).values("pk")
    User.objects.exclude(pk__in=administrators).filter(is_superuser=False).update(is_staff=False)
    User.objects.filter(pk__in=administrators).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
