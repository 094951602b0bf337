"""Real Celery workers on a real Redis, mailing a real SMTP server on loopback.

Each worker and beat is a subprocess (`celery -A tests.tasks.worker_app ...`) in its
own process group, so a test can SIGKILL it mid-batch. Redis is a private
redis-server on a Unix socket under the test's temporary folder, never the
machine's. The workers use the test database, so the tests commit their data.

No wait here has a deadline: each one watches something that moves while the work goes on
(mail received, rows sent, a log growing) and fails only when it has stood still for
STALL_SECONDS, so a machine busy with other work makes the tests slower, never red. Nor
does any test sleep to let late mail arrive: it waits until every reminder is marked sent
and no worker is running a job, after which no sender holds a claim that could still mail.
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

pytestmark = pytest.mark.django_db(transaction=True)

# A sender's claim on its batch, in the tests that kill or cut off a sender: its rows come
# back after this, the longest quiet moment by design. Long enough that a slow machine
# never hands a batch back (at half the lease) or takes over a live sender's rows.
CLAIM_SECONDS = 30
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


def delivered(mailbox: Mailbox, total: int) -> Callable[[], bool]:
    return lambda: mailbox.count() >= total and delivery(mailbox)[1] == 0


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
    cluster.claim_seconds = CLAIM_SECONDS
    plan_due_now(total, "crash")
    cluster.mailbox.delay = 0.005
    # With its own beat, so a job that handed its batch back is followed by another.
    worker = cluster.worker("w1", concurrency, beat=True)
    cluster.send("tasks.reminders_send", concurrency)
    wait_for(
        lambda: cluster.mailbox.count() >= 150,
        "150 mails before the kill",
        progress=cluster.mailbox.count,
        alive=(worker,),
    )
    cluster.kill(worker)
    killed_at = time.monotonic()
    sent_at_kill = cluster.mailbox.count()
    assert sent_at_kill < total, "the kill must land mid-batch"

    survivor = cluster.worker("w2", concurrency, beat=True)
    # The killed sender's claimed rows come back after CLAIM_SECONDS: a quiet spell, not a stall.
    wait_for(
        delivered(cluster.mailbox, total),
        "every reminder delivered",
        progress=cluster.mailbox.count,
        alive=(survivor,),
    )
    recovered = time.monotonic() - killed_at
    cluster.settle()
    received, missing, duplicates = delivery(cluster.mailbox)
    report(
        "crash",
        reminders=total,
        sent_before_kill=sent_at_kill,
        received=received,
        missing=missing,
        duplicates=duplicates,
        jobs_in_flight=concurrency,
        claim_seconds=CLAIM_SECONDS,
        recover_seconds=round(recovered, 1),
    )
    assert (received, missing) == (total, 0)
    assert duplicates <= concurrency
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0


def test_two_beats_at_once_deliver_each_reminder_exactly_once(cluster):
    """Beat plans and sends through the worker: reminders arrive, each once."""
    total = 300
    tasks_due_today(total, "double")
    beats = [cluster.beat("beat-a"), cluster.beat("beat-b")]
    worker = cluster.worker("w1", 2)
    wait_for(
        lambda: Reminder.objects.count() == total,
        "the planner's rows",
        progress=Reminder.objects.count,
        alive=(*beats, worker),
    )
    wait_for(
        delivered(cluster.mailbox, total),
        "every reminder delivered",
        progress=cluster.mailbox.count,
        alive=(*beats, worker),
    )

    # Both beats keep ticking: two more rounds of each, planned and sent, and nothing more.
    def ticks() -> list[int]:
        return [log_of(beat).count("Sending due task") for beat in beats]

    jobs = ("tasks.reminders_plan", "tasks.reminders_send")

    def runs() -> list[int]:
        return [cluster.jobs_succeeded(job) for job in jobs]

    ticks_then, runs_then = ticks(), runs()
    wait_for(
        lambda: all(
            n >= then + 4 for n, then in zip(ticks() + runs(), ticks_then + runs_then, strict=True)
        ),
        "two more rounds of both beats",
        # Jobs that succeed, not log lines: a job failing at every tick is not progress.
        progress=runs,
        alive=(*beats, worker),
    )
    cluster.settle()
    received, missing, duplicates = delivery(cluster.mailbox)
    report("double-beat", reminders=total, received=received, duplicates=duplicates, ticks=ticks())
    assert (received, missing, duplicates) == (total, 0, 0)
    assert Reminder.objects.count() == total
    assert sorted(cluster.mailbox.recipients()) == sorted(
        f"double{i}@example.org" for i in range(total)
    )


def test_a_redis_restart_during_a_batch_loses_nothing(smtp_server, tmp_path):
    redis = RedisServer(tmp_path / "redis")
    redis.folder.mkdir()
    redis.start()
    cluster = Cluster(redis.url, smtp_server, tmp_path, claim_seconds=CLAIM_SECONDS)
    try:
        total = 400
        plan_due_now(total, "restart")
        smtp_server.delay = 0.005
        worker = cluster.worker("w1", 2, beat=True)
        wait_for(
            lambda: smtp_server.count() >= 100,
            "100 mails before the restart",
            progress=smtp_server.count,
            alive=(worker,),
        )
        redis.stop()
        stopped_at, sent_at_stop = time.monotonic(), smtp_server.count()
        # Down until the worker has noticed it, however long that takes.
        wait_for(
            lambda: re.search(r"Connection to broker lost|Cannot connect to", log_of(worker)),
            "the worker noticing Redis is gone",
            progress=lambda: len(log_of(worker)),
            alive=(worker,),
        )
        redis.start()
        wait_for(
            delivered(smtp_server, total),
            "every reminder delivered",
            progress=smtp_server.count,
            alive=(worker,),
        )
        recovered = time.monotonic() - stopped_at
        cluster.settle()
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
    worker = cluster.worker("w1", 3)
    start = time.monotonic()
    cluster.send("tasks.reminders_send", 3)
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    wait_for(
        lambda: sent.count() == total,
        "2,000 reminders sent",
        progress=sent.count,
        alive=(worker,),
    )
    elapsed = time.monotonic() - start
    cluster.settle()
    carried = Counter(cluster.mailbox.reminder_ids())
    expected = set(Reminder.objects.values_list("pk", flat=True))
    missing = len(expected - set(carried))
    duplicates = sum(n - 1 for n in carried.values())
    mails = cluster.mailbox.count()
    report("parallel", reminders=total, mails=mails, missing=missing, duplicates=duplicates,
           seconds=round(elapsed, 1))  # fmt: skip
    assert (len(carried), missing, duplicates) == (total, 0, 0)
    assert mails < total
