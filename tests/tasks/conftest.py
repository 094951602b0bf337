"""Mail and job fixtures for the tasks tests: a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import itertools
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from config.celery import app as celery_app


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)
REMINDERS = re.compile(rb"^X-Maillage-Reminders:\s*([0-9,]+)", re.MULTILINE)
TO = re.compile(rb"^To:\s*(\S+)", re.MULTILINE)


@dataclass
class Mailbox:
    """What the loopback SMTP server received; `refuse` makes it answer 451 or 550.

    Each mail also keeps the address it came from and its SMTP session, numbered: a session
    cut without QUIT (its sender killed) leaves its last mail unconfirmed to that sender."""

    port: int = 0
    raw: list[bytes] = field(default_factory=list)
    refuse: str = ""
    delay: float = 0.0
    peers: list[str] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)
    quit: set[int] = field(default_factory=set)
    numbers: itertools.count = field(default_factory=itertools.count)

    def _number(self, session) -> int:
        if not hasattr(session, "maillage_number"):
            session.maillage_number = next(self.numbers)
        return session.maillage_number

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        # Kept raw: parsing thousands of mails in the server thread would slow it down.
        self.peers.append(session.peer[0])
        self.sessions.append(self._number(session))
        self.raw.append(envelope.content)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope) -> str:
        self.quit.add(self._number(session))
        return "221 Bye"

    def unconfirmed(self) -> list[int]:
        """The mails (their indexes) last in a session that ended without QUIT: those whose
        sender may have died before learning they were accepted, and so may send again."""
        last = {number: index for index, number in enumerate(list(self.sessions))}
        return sorted(index for number, index in last.items() if number not in self.quit)

    def count(self) -> int:
        return len(self.raw)

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in list(self.raw)]

    def message_ids(self) -> list[str]:
        unfolded = (raw.replace(b"\r\n ", b" ").replace(b"\n ", b" ") for raw in list(self.raw))
        return [MESSAGE_ID.search(raw).group(1).decode() for raw in unfolded]

    def reminder_ids(self, mails: Iterable[int] | None = None) -> list[int]:
        """Every reminder carried by every mail received (or by those `mails`, indexes),
        repeats included."""
        raws = list(self.raw) if mails is None else [self.raw[index] for index in mails]
        return [
            int(pk) for raw in raws for pk in REMINDERS.search(raw).group(1).decode().split(",")
        ]

    def recipients(self) -> list[str]:
        return [TO.search(raw).group(1).decode() for raw in list(self.raw)]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    yield mailbox
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


@pytest.fixture
def eager_jobs():
    """Jobs queued on commit run in the test, as a worker would run them."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
