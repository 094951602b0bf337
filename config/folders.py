"""The folders the settings point into, created when a program starts, not by the settings.

Importing the settings writes nothing; `manage.py`, the WSGI application, the Celery
worker and beat (config/celery.py) and the test suite call `runtime_folders_create()`
before they use the SQLite file, the filesystem broker, the demo mailbox or uploads.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# kombu's filesystem transport writes into these and creates none of them.
BROKER_FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")


def _sqlite_folders() -> list[Path]:
    folders = []
    for database in settings.DATABASES.values():
        if not database["ENGINE"].endswith("sqlite3"):
            continue
        for name in (database["NAME"], database.get("TEST", {}).get("NAME")):
            if name and str(name) != ":memory:" and not str(name).startswith("file:"):
                folders.append(Path(name).parent)
    return folders


def runtime_folders() -> list[Path]:
    """Every folder the configured database, broker, mailbox, uploads and beat write into."""
    folders = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT), *_sqlite_folders()]
    if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        folders.append(Path(settings.EMAIL_FILE_PATH))
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS or {}
    folders += [Path(options[key]) for key in BROKER_FOLDER_OPTIONS if key in options]
    folders.append(Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent)
    return folders


def runtime_folders_create() -> None:
    for folder in runtime_folders():
        folder.mkdir(parents=True, exist_ok=True)
