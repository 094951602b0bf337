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

import datetime as dt
import re
import subprocess
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tasks.models import Reminder, Task
from tasks.services import planner
from tests.conftest import restore_reference_data
from tests.tasks.cluster import (
    CLAIM_SECONDS,
    Cluster,
    RedisServer,
    delivered,
    delivery,
    log_of,
    plan_due_now,
    report,
    tasks_due_today,
    wait_for,
)

User = get_user_model()

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


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


def test_three_senders_in_parallel_claim_each_of_1000_reminders_once(cluster):
    total, per_user = 1000, 10
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
        "1,000 reminders sent",
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
