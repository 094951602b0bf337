"""/sante/: what a load balancer and monitoring read, without login, revealing nothing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core import registry

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ["database", "broker", "beat", "reminders"]


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_the_health_page_answers_anyone_with_every_registered_check(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    report = response.json()
    assert list(report["checks"]) == CHECKS
    assert report["checks"]["database"] == {"ok": True, "critical": True}
    assert report["checks"]["broker"] == {"ok": True, "critical": True}


@pytest.mark.django_db
def test_only_reads_are_allowed(client):
    assert client.post(reverse("core:health")).status_code == 405


@pytest.fixture
def failing_check(monkeypatch):
    def explode() -> dict:
        raise RuntimeError("db-primary.internal:5432 password=hunter2")

    checks = dict(registry.health._checks)
    monkeypatch.setattr(registry.health, "_checks", checks)
    return explode


@pytest.mark.django_db
def test_a_critical_check_that_raises_answers_503_naming_only_the_error_class(
    client, failing_check
):
    registry.health.register("exploding", failing_check, critical=True)
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["checks"]["exploding"] == {"ok": False, "error": "RuntimeError", "critical": True}
    assert b"hunter2" not in response.content and b"internal" not in response.content


@pytest.mark.django_db
def test_a_failing_check_that_is_not_critical_only_degrades(client, failing_check):
    registry.health.register("exploding", failing_check, critical=False)
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


def test_a_database_and_broker_out_of_reach_answer_503_without_their_addresses():
    """A real refused connection to PostgreSQL and Redis, in a process of its own."""
    db_port, redis_port = closed_port(), closed_port()
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/sante/');"
        "print(json.dumps({'status': r.status_code, 'body': r.content.decode()}))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-not-a-secret",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{db_port}/maillage_absent",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    report = json.loads(answer["body"])
    assert report["status"] == "error"
    assert {name: check["ok"] for name, check in report["checks"].items()} == dict.fromkeys(
        CHECKS, False
    )
    for secret in ("127.0.0.1", str(db_port), str(redis_port), "maillage_absent", "postgres"):
        assert secret not in answer["body"]
