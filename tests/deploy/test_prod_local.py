"""`make prod-local` (deploy/prod-local.sh) as an operator starts it: two gunicorn servers,
two Celery workers and one beat on PostgreSQL and Redis, /sante/ on each web server, a
reminder planned and mailed through the workers, everything stopped by pid.

On loopback only: a database this test creates (``test_prodlocal_…``) and drops, a private
redis-server on a Unix socket under the test's temporary folder, a loopback SMTP server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from tests.databases import drop, migrated_copy, url_of
from tests.deploy.stack import health, pid_alive
from tests.tasks.cluster import wait_for
from tests.tasks.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
DB = settings.DATABASES["default"]

pytestmark = [
    pytest.mark.skipif(
        not DB["ENGINE"].endswith("postgresql"),
        reason="prod-local runs on PostgreSQL only; CI runs the suite on PostgreSQL",
    ),
    # The test database must exist (it is copied); nothing of this test runs in it.
    pytest.mark.django_db(transaction=True),
]

# A task due today, for a user with an address, in the database prod-local serves.
TASK = """
from django.utils import timezone
from core.models import User
from tasks.models import Task
user = User.objects.create(username="exploitation", email="exploitation@example.org")
Task.objects.create(title="Relancer Réseau Gesat", assignee=user, due_on=timezone.localdate())
"""


@pytest.fixture
def database():
    """A migrated database of prod-local's own, copied from the test database."""
    name = migrated_copy("prodlocal")
    yield url_of(name)
    drop(name)


def test_prod_local_serves_on_two_web_servers_and_mails_a_reminder_then_stops_cleanly(
    database, redis, mailbox, tmp_path
):
    ports = [free_port(), free_port()]
    var = tmp_path / "var"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        # Its own Redis: no pytest-xdist key prefix, so the plain Celery client below and
        # the workers use the same queues.
        "MAILLAGE_REDIS_PREFIX": "maillage",
        "SECRET_KEY": "tests-only-not-a-secret",
        "DATABASE_URL": database,
        "REDIS_URL": redis.url,
        "MAILLAGE_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "REMINDERS_SEND_FROM": "00:00",
        "LOG_LEVEL": "WARNING",
        "PROD_LOCAL_WEB_PORTS": " ".join(map(str, ports)),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
        "VENV": str(Path(sys.executable).parent.parent),
    }
    done = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", TASK],
                          cwd=ROOT, env=env, check=False, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, f"manage.py shell: {done.stderr[-3000:]}"

    log = open(tmp_path / "prod-local.log", "w")  # noqa: SIM115 (closed below)
    supervisor = subprocess.Popen(
        ["bash", "deploy/prod-local.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    run = var / "prod-local"

    def logs() -> int:
        return sum(path.stat().st_size for path in run.glob("*.log")) if run.exists() else 0

    try:
        # Both web servers answer, the database and Redis reachable from each.
        wait_for(
            lambda: all(
                (report := health(port)) is not None
                and report["checks"]["database"]["ok"]
                and report["checks"]["broker"]["ok"]
                for port in ports
            ),
            "both web servers up",
            progress=logs,
            alive=(supervisor,),
        )
        wait_for(
            lambda: (
                all("ready." in (run / f"worker{n}.log").read_text() for n in (1, 2))
                and "beat: Starting" in (run / "beat.log").read_text()
            ),
            "both workers and beat started",
            progress=logs,
            alive=(supervisor,),
        )
        pids = {path.stem: int(path.read_text()) for path in run.glob("*.pid")}
        assert sorted(pids) == ["beat", "web1", "web2", "worker1", "worker2"]
        # Beat's first tick comes after a whole interval (two minutes): the jobs it would
        # send, sent now through the same Redis.
        client = Celery(broker=redis.url)
        client.send_task("tasks.reminders_plan")
        wait_for(
            lambda: all(
                ((health(port) or {}).get("checks") or {}).get("beat", {}).get("ok")
                for port in ports
            ),
            "a planner run seen as the beat tick by both web servers",
            progress=logs,
            alive=(supervisor,),
        )
        client.send_task("tasks.reminders_send")
        client.close()
        wait_for(
            lambda: mailbox.count() >= 1,
            "the reminder mailed by a worker",
            progress=logs,
            alive=(supervisor,),
        )
        # Nothing late any more: both web servers report the whole deployment healthy.
        wait_for(
            lambda: all((health(port) or {}).get("status") == "ok" for port in ports),
            "both web servers reporting every check ok",
            progress=logs,
            alive=(supervisor,),
        )
        assert mailbox.recipients() == ["exploitation@example.org"]
        assert "Relancer Réseau Gesat" in mailbox.messages[0].get_body().get_content()
    finally:
        os.kill(supervisor.pid, signal.SIGTERM)
        supervisor.wait()
        log.close()
    # A requested stop: exit 0, and everything it started is gone, stopped by pid.
    assert supervisor.returncode == 0
    assert not [name for name, pid in pids.items() if pid_alive(pid)]
    assert "prod-local : arrêté." in (tmp_path / "prod-local.log").read_text()
