"""Real Celery workers on a real Redis, mailing a real SMTP server on loopback.

Each worker and beat is a subprocess (`celery -A tests.tasks.worker_app ...`) in its
own process group, so a test can SIGKILL it mid-batch. Redis is a private
redis-server on a Unix socket under the test's temporary folder, never the
machine's. The workers use the test database, so the tests commit their data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from celery import Celery
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from tasks.models import Reminder, Task
from tasks.services import planner
from tests.conftest import restore_reference_data
from tests.tasks.conftest import Mailbox

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
User = get_user_model()

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class RedisServer:
    """A redis-server of our own on a Unix socket, stopped by its pid only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "redis.sock"
        self.pidfile = folder / "redis.pid"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis+socket://{self.socket}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--pidfile", str(self.pidfile),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-s", str(self.socket), "ping"],
                check=False,
                capture_output=True,
                text=True,
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


class Cluster:
    """Workers and beats started for one test, killed at its end."""

    def __init__(self, broker_url: str, mailbox: Mailbox, folder: Path) -> None:
        self.broker_url, self.mailbox, self.folder = broker_url, mailbox, folder
        self.processes: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "tests-only-not-a-secret",
            "DEBUG": "0",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mailbox.port),
            "MAILLAGE_VAR_DIR": str(self.folder / "var"),
            "LOG_LEVEL": "WARNING",
        }

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [CELERY, "-A", "tests.tasks.worker_app", *args],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = self.folder / f"{name}.log"
        self.processes.append(process)
        return process

    def worker(self, name: str, concurrency: int, *, beat: bool = False) -> subprocess.Popen:
        args = ["worker", "-n", f"{name}@%h", "-c", str(concurrency), "-l", "INFO"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:
            args += ["-B", "-s", str(self.folder / f"{name}-beat-schedule")]
        process = self._start(name, args)
        wait_for(lambda: "ready." in process.log_path.read_text(), 30, f"{name} ready")
        return process

    def beat(self, name: str) -> subprocess.Popen:
        return self._start(
            name, ["beat", "-l", "INFO", "-s", str(self.folder / f"{name}-schedule")]
        )

    def send(self, job: str, times: int = 1) -> None:
        client = Celery(broker=self.broker_url)
        for _ in range(times):
            client.send_task(job)
        client.close()

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool children at once: a crash, not a shutdown."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


def wait_for(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    restore_reference_data()


@pytest.fixture
def cluster(private_redis, smtp_server, tmp_path):
    # Jobs left by an earlier test must not run here: this Redis is ours, so emptying it is safe.
    assert private_redis.socket.is_relative_to(private_redis.folder)
    subprocess.run(["redis-cli", "-s", str(private_redis.socket), "flushall"], check=True)
    cluster = Cluster(private_redis.url, smtp_server, tmp_path)
    yield cluster
    cluster.stop_all()


def tasks_due_today(count: int, prefix: str) -> None:
    """`count` open tasks due today, each for its own user: one reminder, one mail each."""
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org") for i in range(count)
    )
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(title=f"Tâche {prefix} {i}", assignee=user, due_on=today)
        for i, user in enumerate(users)
    )


def plan_due_now(count: int, prefix: str) -> None:
    tasks_due_today(count, prefix)
    assert planner.reminders_plan() == count
    # Due at once, whatever the hour the tests run.
    Reminder.objects.update(send_after=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))


def delivery(mailbox: Mailbox) -> tuple[int, int, int]:
    """(distinct reminders received, missing from the ledger, duplicates)."""
    received = Counter(mailbox.message_ids())
    expected = set()
    for pk, key in Reminder.objects.values_list("pk", "key"):
        expected.add(Reminder(pk=pk, key=key).message_id)
    missing = len(expected - set(received))
    duplicates = sum(n - 1 for n in received.values())
    return len(received), missing, duplicates


def report(name: str, **figures: object) -> None:
    line = " ".join(f"{k}={v}" for k, v in figures.items())
    sys.stderr.write(f"\n[{name}] {line}\n")
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "worker-figures.txt", "a") as out:
        out.write(f"{dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor} [{name}] {line}\n")


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_at_most_its_jobs_in_flight(
    cluster,
):
    total, concurrency = 500, 2
    plan_due_now(total, "crash")
    cluster.mailbox.delay = 0.005
    worker = cluster.worker("w1", concurrency)
    cluster.send("tasks.reminders_send", concurrency)
    wait_for(lambda: cluster.mailbox.count() >= 150, 60, "150 mails before the kill")
    cluster.kill(worker)
    killed_at = time.monotonic()
    sent_at_kill = cluster.mailbox.count()
    assert sent_at_kill < total, "the kill must land mid-batch"

    cluster.worker("w2", concurrency, beat=True)
    wait_for(
        lambda: cluster.mailbox.count() >= total and delivery(cluster.mailbox)[1] == 0,
        90,
        "every reminder delivered",
    )
    recovered = time.monotonic() - killed_at
    time.sleep(1.5)  # anything late would show up now
    received, missing, duplicates = delivery(cluster.mailbox)
    report(
        "crash",
        reminders=total,
        sent_before_kill=sent_at_kill,
        received=received,
        missing=missing,
        duplicates=duplicates,
        jobs_in_flight=concurrency,
        recover_seconds=round(recovered, 1),
    )
    assert (received, missing) == (total, 0)
    assert duplicates <= concurrency
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0


def test_two_beats_at_once_deliver_each_reminder_exactly_once(cluster):
    """Beat plans and sends through the worker: reminders arrive, each once."""
    total = 300
    tasks_due_today(total, "double")
    cluster.beat("beat-a")
    cluster.beat("beat-b")
    cluster.worker("w1", 2)
    wait_for(lambda: Reminder.objects.count() == total, 30, "the planner's rows")
    wait_for(
        lambda: cluster.mailbox.count() >= total and delivery(cluster.mailbox)[1] == 0,
        60,
        "every reminder delivered",
    )
    time.sleep(2.5)  # both beats keep ticking: nothing more may arrive
    received, missing, duplicates = delivery(cluster.mailbox)
    ticks = [
        (cluster.folder / f"{name}.log").read_text().count("Sending due task")
        for name in ("beat-a", "beat-b")
    ]
    report("double-beat", reminders=total, received=received, duplicates=duplicates, ticks=ticks)
    assert all(n >= 2 for n in ticks), "both beats must have run their schedule"
    assert (received, missing, duplicates) == (total, 0, 0)
    assert Reminder.objects.count() == total
    assert sorted(cluster.mailbox.recipients()) == sorted(
        f"double{i}@example.org" for i in range(total)
    )


def test_a_redis_restart_during_a_batch_loses_nothing(smtp_server, tmp_path):
    redis = RedisServer(tmp_path / "redis")
    redis.folder.mkdir()
    redis.start()
    cluster = Cluster(redis.url, smtp_server, tmp_path)
    try:
        total = 400
        plan_due_now(total, "restart")
        smtp_server.delay = 0.005
        cluster.worker("w1", 2, beat=True)
        wait_for(lambda: smtp_server.count() >= 100, 60, "100 mails before the restart")
        redis.stop()
        stopped_at, sent_at_stop = time.monotonic(), smtp_server.count()
        time.sleep(1)
        redis.start()
        wait_for(
            lambda: smtp_server.count() >= total and delivery(smtp_server)[1] == 0,
            90,
            "every reminder delivered",
        )
        recovered = time.monotonic() - stopped_at
        time.sleep(1.5)
        received, missing, duplicates = delivery(smtp_server)
        report(
            "redis-restart",
            reminders=total,
            sent_before_stop=sent_at_stop,
            received=received,
            missing=missing,
            duplicates=duplicates,
            recover_seconds=round(recovered, 1),
        )
        assert (received, missing) == (total, 0)
        assert duplicates <= 2
    finally:
        cluster.stop_all()
        redis.stop()


def test_three_senders_in_parallel_claim_each_of_2000_reminders_once(cluster):
    total, per_user = 2000, 10
    users = User.objects.bulk_create(
        User(username=f"parallel{i}", email=f"parallel{i}@example.org")
        for i in range(total // per_user)
    )
    today = timezone.localdate()
    # Ten tasks per person, so each mail groups several reminders.
    Task.objects.bulk_create(
        Task(title=f"Tâche {n}", assignee=user, due_on=today)
        for user in users
        for n in range(per_user)
    )
    assert planner.reminders_plan() == total
    Reminder.objects.update(send_after=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    cluster.worker("w1", 3)
    start = time.monotonic()
    cluster.send("tasks.reminders_send", 3)
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    wait_for(lambda: sent.count() == total, 90, "2,000 reminders sent")
    elapsed = time.monotonic() - start
    carried = Counter(cluster.mailbox.reminder_ids())
    expected = set(Reminder.objects.values_list("pk", flat=True))
    missing = len(expected - set(carried))
    duplicates = sum(n - 1 for n in carried.values())
    mails = cluster.mailbox.count()
    report("parallel", reminders=total, mails=mails, missing=missing, duplicates=duplicates,
           seconds=round(elapsed, 1))  # fmt: skip
    assert (len(carried), missing, duplicates) == (total, 0, 0)
    assert mails < total
