"""The pieces of the worker tests (tests/tasks/test_workers.py), shared with the deploy
tests: a private redis-server, real Celery workers and beats as subprocesses, waits that
watch progress, and the data and mail checks.

No wait here has a deadline: each one watches something that moves while the work goes on
(mail received, rows sent, a log growing) and fails only when it has stood still for
STALL_SECONDS, so a machine busy with other work makes the tests slower, never red.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from celery import Celery
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from tasks.models import Reminder, Task
from tasks.services import planner
from tests.tasks.conftest import Mailbox

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
User = get_user_model()

# A sender's claim on its batch, in the tests that kill or cut off a sender: its rows come
# back after this, the longest quiet moment by design. Long enough that a slow machine
# never hands a batch back (at half the lease) or takes over a live sender's rows: a batch of
# 20 mails takes well under a second here, a few seconds on a machine busy with a CPU hog.
CLAIM_SECONDS = 15
# The tests where no sender dies keep production's lease: nothing is ever taken over there.
PRODUCTION_CLAIM_SECONDS = 600
# A wait fails when what it watches has not moved for this long, however long it has run.
STALL_SECONDS = 180
assert STALL_SECONDS > 2 * CLAIM_SECONDS


def wait_for(
    condition: Callable[[], bool],
    what: str,
    *,
    progress: Callable[[], object] = lambda: None,
    alive: tuple[subprocess.Popen, ...] = (),
) -> float:
    """Poll `condition` until it holds; the seconds it took.

    Fails when `progress()` (a count of mails, of rows sent, a log's size) has kept the same
    value for STALL_SECONDS, or when one of the `alive` processes has exited."""
    start = moved_at = time.monotonic()
    last = progress()
    while not condition():
        for process in alive:
            if process.poll() is not None:
                name = getattr(process, "log_path", process.args[0])
                raise AssertionError(f"{what}: {name} exited ({process.returncode})")
        now, value = time.monotonic(), progress()
        if value != last:
            last, moved_at = value, now
        elif now - moved_at > STALL_SECONDS:
            raise AssertionError(f"{what}: nothing moved for {STALL_SECONDS} s (at {last!r})")
        time.sleep(0.1)
    return time.monotonic() - start


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
        wait_for(self.ping, "redis-server answering", alive=(self.process,))

    def ping(self) -> bool:
        ping = subprocess.run(
            ["redis-cli", "-s", str(self.socket), "ping"],
            check=False,
            capture_output=True,
            text=True,
        )
        return ping.stdout.strip() == "PONG"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.process = None


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


# Celery's INFO lines for a job a worker took, and for one it is done with.
JOB_RECEIVED = re.compile(r"Task [\w.]+\[([\w-]+)\] received")
JOB_FINISHED = re.compile(
    r"Task [\w.]+\[([\w-]+)\] (?:succeeded|raised|retry|rejected|ignored|INTERNAL ERROR)"
    r"|Discarding revoked task: [\w.]+\[([\w-]+)\]"
)


class Cluster:
    """Workers and beats started for one test, killed at its end."""

    def __init__(
        self,
        broker_url: str,
        mailbox: Mailbox,
        folder: Path,
        *,
        claim_seconds: int = PRODUCTION_CLAIM_SECONDS,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.broker_url, self.mailbox, self.folder = broker_url, mailbox, folder
        self.claim_seconds = claim_seconds
        # What differs on other hosts (tests/deploy/): the addresses of the database and SMTP.
        self.extra_env = extra_env or {}
        self.processes: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        # A private Redis: the key prefix of a pytest-xdist worker (tests/xdist_worker.py)
        # stays out, so a plain Celery client reaches the same queues.
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PYTEST")) and k != "MAILLAGE_REDIS_PREFIX"
        }
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
            "REMINDERS_CLAIM_SECONDS": str(self.claim_seconds),
            "REMINDERS_CLAIM_BATCH": "20",
            # Due from midnight, so the tests do not depend on the hour they run at.
            "REMINDERS_SEND_FROM": "00:00",
            **self.extra_env,
        }

    def start(
        self, name: str, command: list[str], *, on: Sequence[str] = (), is_worker: bool = False
    ) -> subprocess.Popen:
        """`command` in its own process group, `on` the prefix that runs it on another host."""
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [*on, *command],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = self.folder / f"{name}.log"
        process.is_worker = is_worker
        self.processes.append(process)
        return process

    def _start(self, name: str, args: list[str], on: Sequence[str] = ()) -> subprocess.Popen:
        command = [CELERY, "-A", "tests.tasks.worker_app", *args]
        return self.start(name, command, on=on, is_worker=args[0] == "worker")

    def worker(
        self, name: str, concurrency: int, *, beat: bool = False, on: Sequence[str] = (),
        wait: bool = True,
    ) -> subprocess.Popen:  # fmt: skip
        args = ["worker", "-n", f"{name}@%h", "-c", str(concurrency), "-l", "INFO"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:
            args += ["-B", "-s", str(self.folder / f"{name}-beat-schedule")]
        process = self._start(name, args, on)
        if wait:
            self.wait_ready(process)
        return process

    @staticmethod
    def wait_ready(process: subprocess.Popen) -> None:
        wait_for(
            lambda: "ready." in log_of(process),
            f"{process.log_path.stem} ready",
            progress=lambda: len(log_of(process)),
            alive=(process,),
        )

    def beat(self, name: str, *, on: Sequence[str] = ()) -> subprocess.Popen:
        return self._start(
            name, ["beat", "-l", "INFO", "-s", str(self.folder / f"{name}-schedule")], on
        )

    def send(self, job: str, times: int = 1) -> None:
        client = Celery(broker=self.broker_url)
        for _ in range(times):
            client.send_task(job)
        client.close()

    def jobs_running(self) -> int:
        """Jobs the live workers have taken and not finished, from their own logs."""
        running = 0
        for process in self.processes:
            if process.is_worker and process.poll() is None:
                log = log_of(process)
                received = Counter(JOB_RECEIVED.findall(log))
                finished = Counter(a or b for a, b in JOB_FINISHED.findall(log))
                running += sum((received - finished).values())
        return running

    def jobs_succeeded(self, job: str) -> int:
        done = re.compile(rf"Task {re.escape(job)}\[[\w-]+\] succeeded")
        return sum(len(done.findall(log_of(p))) for p in self.processes if p.is_worker)

    def settle(self) -> float:
        """Wait until every reminder is sent and no live worker runs a job.

        Then no sender holds a claim: no mail can still come, late or doubled. (A sender
        that started after the look at the logs found nothing pending to claim.)"""
        pending = Reminder.objects.filter(status=Reminder.Status.PENDING)
        return wait_for(
            lambda: self.jobs_running() == 0 and not pending.exists(),
            "every reminder sent and every worker idle",
            # Not the logs: beats keep them growing even when nothing gets done.
            progress=lambda: (pending.count(), self.mailbox.count()),
        )

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool children at once: a crash, not a shutdown."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


def log_of(process: subprocess.Popen) -> str:
    return process.log_path.read_text(errors="replace")


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


def delivered(mailbox: Mailbox, total: int) -> Callable[[], bool]:
    return lambda: mailbox.count() >= total and delivery(mailbox)[1] == 0


def report(name: str, **figures: object) -> None:
    line = " ".join(f"{k}={v}" for k, v in figures.items())
    sys.stderr.write(f"\n[{name}] {line}\n")
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "worker-figures.txt", "a") as out:
        out.write(f"{dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor} [{name}] {line}\n")
