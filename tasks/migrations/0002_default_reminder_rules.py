"""The default reminder schedule, as data that administrators can change."""

from django.db import migrations

DEFAULTS = [
    # event, days before, repeat every, notify assignee / owner / coordinator
    ("task_due", 1, None, True, False, False),
    ("task_due", 0, None, True, False, False),
    ("action_due", 7, None, False, True, False),
    ("action_late", 0, 7, False, True, True),
    ("convention_end", 90, None, False, True, True),
    ("convention_end", 30, None, False, True, True),
    ("convention_end", 7, None, False, True, True),
    ("convention_notice", 30, None, False, True, True),
    ("convention_notice", 7, None, False, True, True),
]


def create(apps, schema_editor):
    ReminderRule = apps.get_model("tasks", "ReminderRule")
    for event, days, repeat, assignee, owner, coordinator in DEFAULTS:
        ReminderRule.objects.get_or_create(
            event=event, days_before=days, convention=None,
            defaults={
                "repeat_every_days": repeat, "notify_assignee": assignee,
                "notify_owner": owner, "notify_coordinator": coordinator,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
