"""Settings come from the environment, with a safe zero-setup default."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def run_settings(code: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_secret_key_is_refused_outside_debug():
    result = run_settings("print('started')", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire hors DEBUG" in result.stderr


def test_without_urls_the_app_runs_on_sqlite_and_the_filesystem_broker(tmp_path):
    code = (
        "import json; print(json.dumps([settings.DATABASES['default']['ENGINE'],"
        " settings.DATABASES['default']['NAME'], settings.CELERY_BROKER_URL,"
        " settings.CELERY_BROKER_TRANSPORT_OPTIONS]))"
    )
    result = run_settings(code, DEBUG="1", MAILLAGE_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    engine, name, broker, options = json.loads(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "maillage.sqlite3")
    assert broker == "filesystem://"
    folders = [options[k] for k in ("data_folder_in", "data_folder_out", "control_folder")]
    assert all(Path(folder).is_absolute() for folder in folders)
    assert options["data_folder_in"] == options["data_folder_out"]


def test_the_interface_speaks_french_in_paris_time():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.DEFAULT_AUTO_FIELD == "django.db.models.BigAutoField"


def test_jobs_are_acknowledged_late_and_one_at_a_time():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit > conf.task_soft_time_limit > 0


@pytest.mark.django_db
def test_the_configured_database_and_broker_answer():
    """CI sets MAILLAGE_REQUIRE_SERVICES: there, SQLite or a dead Redis is a failure."""
    if os.environ.get("MAILLAGE_REQUIRE_SERVICES"):
        assert connection.vendor == "postgresql"
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)


def test_the_accessibility_contact_is_its_own_setting_or_the_address_maillage_mails_from():
    code = "print(settings.ACCESSIBILITY_CONTACT_EMAIL)"
    env = {"DEBUG": "1", "ACCESSIBILITY_CONTACT_EMAIL": ""}
    default = run_settings(code, **env, DEFAULT_FROM_EMAIL="Réseau <contact@reseau.example.org>")
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "contact@reseau.example.org"
    env["ACCESSIBILITY_CONTACT_EMAIL"] = "accessibilite@reseau.example.org"
    own = run_settings(code, **env)
    assert own.stdout.strip() == "accessibilite@reseau.example.org"
