"""The Celery application: jobs live in each app's ``jobs.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
# `related_name="jobs"` so the tasks app never holds a confusing tasks/tasks.py.
app.autodiscover_tasks(related_name="jobs")


@app.on_after_configure.connect
def _create_broker_folders(sender: Celery, **kwargs: object) -> None:
    """The filesystem broker does not create its own folders."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if key in options:
            os.makedirs(options[key], exist_ok=True)
