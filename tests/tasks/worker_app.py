"""The Celery app as the integration tests run it: fast redelivery, beat every second.

Started by the tests as `celery -A tests.tasks.worker_app worker|beat`; the broker,
database, SMTP server and the reminder settings (REMINDERS_CLAIM_SECONDS…) come from
the environment like in production (tests/tasks/test_workers.py sets them).
"""

import os

from django.db.backends.signals import connection_created

from config.celery import app

# Redelivery of a killed worker's job within seconds instead of minutes (RECIPES.md).
app.conf.broker_transport_options = {
    "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "5")),
    "unacked_restore_throttle": 1,
}
app.conf.beat_schedule = {
    "reminders-plan": {"task": "tasks.reminders_plan", "schedule": 1.0, "options": {"expires": 5}},
    "reminders-send": {"task": "tasks.reminders_send", "schedule": 1.0, "options": {"expires": 5}},
}


def _fast_sqlite(sender: object, connection: object, **kwargs: object) -> None:
    # The throw-away test database needs no fsync per commit (WAL keeps it consistent).
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA synchronous=NORMAL")


connection_created.connect(_fast_sqlite)
