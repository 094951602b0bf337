"""How long reminders_plan takes over 100,000 open tasks (run by `make bench`).

Creates its own throw-away database (SQLite file under var/, or `<name>_bench` on
PostgreSQL when DATABASE_URL is set), loads 100,000 open tasks spread over the
coming year plus 2,000 actions and 300 conventions, then times `ticks()`: a full pass
(inserting what is owed today), the steady incremental tick every two minutes, the first
tick of a new day, and a full pass again (what every tick cost before the planner read
only what changed). bench/national.py calls `ticks()` over its 10M tasks.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django

django.setup()

from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

TASKS, USERS, CONVENTIONS, ACTIONS_PER_CONVENTION = 100_000, 200, 300, 7


def load() -> None:
    from actions.models import Action
    from conventions.models import Convention
    from core.models import User
    from tasks.models import Task

    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.org") for i in range(USERS)
    )
    conventions = []
    for i in range(CONVENTIONS):
        convention = Convention(
            title=f"Convention {i}",
            status=Convention.Status.ACTIVE,
            signed_on=today - dt.timedelta(days=400),
            starts_on=today - dt.timedelta(days=365),
            ends_on=today + dt.timedelta(days=i % 365),
            notice_days=60 if i % 2 else 0,
            owner=users[i % USERS],
            coordinator=users[(i + 1) % USERS],
        )
        convention.save()
        conventions.append(convention)
    Action.objects.bulk_create(
        Action(
            convention=c,
            number=str(n + 1),
            order=n,
            title=f"Action {n}",
            owner_user=users[(c.pk + n) % USERS],
            due_on=today + dt.timedelta(days=(c.pk * 7 + n * 13) % 120 - 60),
        )
        for c in conventions
        for n in range(ACTIONS_PER_CONVENTION)
    )
    batch = []
    for i in range(TASKS):
        batch.append(
            Task(
                title=f"Tâche {i}",
                assignee=users[i % USERS],
                due_on=today + dt.timedelta(days=i % 365),
                convention=conventions[i % CONVENTIONS] if i % 4 == 0 else None,
            )
        )
        if len(batch) == 10_000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)


def ticks() -> list[tuple[str, float, int]]:
    """The planner over what the database holds: (what, seconds, new reminders) for a full
    pass (no mark: the first tick ever, as every tick was before it became incremental),
    the steady tick every two minutes, and the first tick of the next day."""
    from django.utils import timezone

    from tasks.models import Heartbeat
    from tasks.services import planner, planner_scope

    def timed(now: dt.datetime | None = None) -> tuple[float, int]:
        started = time.perf_counter()
        created = planner.reminders_plan(now)
        return time.perf_counter() - started, created

    Heartbeat.objects.filter(job=planner_scope.MARK_JOB).delete()
    full = timed()
    steady = timed()
    again = timed()
    # The mark back one day: what the first tick after midnight reads.
    Heartbeat.objects.filter(job=planner_scope.MARK_JOB).update(
        ran_at=timezone.now() - dt.timedelta(days=1)
    )
    tomorrow = timed()
    Heartbeat.objects.filter(job=planner_scope.MARK_JOB).delete()
    full_again = timed()
    return [
        ("full pass (no mark: the first tick)", *full),
        ("steady tick (incremental, same day)", *steady),
        ("steady tick again", *again),
        ("first tick of a new day (incremental)", *tomorrow),
        ("full pass again (every tick before this change)", *full_again),
    ]


def main() -> None:
    from tasks.models import Reminder, Task

    if connection.vendor == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench.sqlite3")
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = (
            connection.settings_dict["NAME"] + "_bench"
        )
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        started = time.perf_counter()
        load()
        loaded = time.perf_counter() - started
        open_tasks = Task.objects.open().count()
        timings = ticks()
        print(
            f"reminders_plan on {connection.vendor}: {open_tasks} open tasks, "
            f"{CONVENTIONS * ACTIONS_PER_CONVENTION} actions, {CONVENTIONS} conventions "
            f"(loaded in {loaded:.1f} s)"
        )
        for label, seconds, created in timings:
            print(f"  {label}: {seconds * 1000:.0f} ms, {created} new reminder(s)")
        print(f"  reminders in the ledger: {Reminder.objects.count()}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
