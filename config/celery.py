"""The Celery application: jobs live in each app's ``jobs.py``."""

import os

from celery import Celery, signals

from config.folders import runtime_folders_create

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
# `related_name="jobs"` so the tasks app never holds a confusing tasks/tasks.py.
app.autodiscover_tasks(related_name="jobs")


# Sent as a worker or a beat starts, before either opens the broker or its schedule
# file (`beat_init` only comes once beat has opened the schedule).
@signals.import_modules.connect(sender=app)
def _create_runtime_folders(sender: Celery, **kwargs: object) -> None:
    runtime_folders_create()
