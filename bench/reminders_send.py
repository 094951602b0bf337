"""How long two senders take to deliver 10,000 due reminders to a loopback SMTP server.

Runs on its own throw-away database (`<name>_bench` on PostgreSQL with DATABASE_URL, a
SQLite file under var/ otherwise): 10,000 open tasks due today, ten per user, planned,
then two sender processes (`reminders_send_due()` in a loop, as two Celery workers run it)
mail aiosmtpd's Sink on 127.0.0.1 until every reminder is marked sent. Prints the time,
the rate and how many reminders are left unsent (0 expected). `make bench`, or
`SECRET_KEY=x DATABASE_URL=… .venv/bin/python bench/reminders_send.py [--reminders N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import socket
import subprocess
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

SENDERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(count: int, users: int) -> None:
    from core.models import User
    from tasks.models import Reminder, Task
    from tasks.services import planner

    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.org") for i in range(users)
    )
    today = timezone.localdate()
    Task.objects.bulk_create(
        (
            Task(title=f"Tâche {i}", assignee=users[i % len(users)], due_on=today)
            for i in range(count)
        ),
        batch_size=5_000,
    )
    planner.reminders_plan()
    Reminder.objects.update(send_after=timezone.now() - dt.timedelta(minutes=1))


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{port}/{settings['NAME']}"


class CountingSink:
    """aiosmtpd handler: accepts every mail, counts them in a file read at the end."""

    def __init__(self, path: str) -> None:
        self.path, self.count = path, 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        Path(self.path).write_text(str(self.count))
        return "250 OK"


def sink_serve(port: int, path: str) -> None:
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every command of every session at the level Django's logging leaves.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(CountingSink(path), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait({signal.SIGTERM})
    controller.stop()


def sender_loop() -> None:
    """One sender: what a worker does every minute, back to back until nothing is due."""
    from tasks.models import Reminder
    from tasks.services import sender

    while True:
        sent = sender.reminders_send_due()
        pending = Reminder.objects.filter(
            status=Reminder.Status.PENDING, send_after__lte=timezone.now()
        ).exists()
        if not sent and not pending:
            return
        if not sent:
            time.sleep(0.05)


def deliver(count: int) -> tuple[float, int, int]:
    from tasks.models import Reminder

    port = free_port()
    counter = ROOT / "var" / "bench-send-mails.txt"
    counter.parent.mkdir(exist_ok=True)
    counter.write_text("0")
    sink = subprocess.Popen([sys.executable, __file__, "--sink", str(port), str(counter)])
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    try:
        for _attempt in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        started = time.perf_counter()
        senders = [
            subprocess.Popen([sys.executable, __file__, "--sender"], env=env)
            for _n in range(SENDERS)
        ]
        for process in senders:
            process.wait(timeout=1800)
        seconds = time.perf_counter() - started
    finally:
        sink.terminate()
        sink.wait()
    unsent = Reminder.objects.filter(
        status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED],
        send_after__lte=timezone.now(),
    ).count()
    return seconds, unsent, int(counter.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--per-user", type=int, default=10, help="reminders per recipient")
    parser.add_argument("--sender", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sink", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.sink:
        sink_serve(int(options.sink[0]), options.sink[1])
        return
    if options.sender:
        sender_loop()
        return
    if connection.vendor == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench-send.sqlite3")
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = (
            connection.settings_dict["NAME"] + "_bench"
        )
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        users = max(1, options.reminders // options.per_user)
        load(options.reminders, users)
        seconds, unsent, mails = deliver(options.reminders)
        print(
            f"reminders_send on {connection.vendor}: {options.reminders} reminders for "
            f"{users} users, {SENDERS} senders, loopback SMTP: {seconds:.1f} s "
            f"({options.reminders / seconds:.0f} reminders/s), {mails} mails, "
            f"{unsent} left unsent"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
