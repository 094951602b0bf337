"""Mail and job fixtures for the tasks tests: a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from config.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the loopback SMTP server received; `refuse` makes it answer 451 or 550."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: str = ""
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]).strip() for m in self.messages]

    def recipients(self) -> list[str]:
        with self.lock:
            return [m["To"] for m in self.messages]


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


def ensure_reference_data() -> None:
    """Roles and default reminder rules, as the migrations create them.

    A transactional test flushes them; `serialized_rollback` should restore them but
    does not once Playwright has run in the test thread (the connection it restores
    on is a fresh one without the serialized copy), so tests that need them after a
    flush recreate them."""
    import importlib

    from django.apps import apps

    from core import roles

    defaults = importlib.import_module("tasks.migrations.0002_default_reminder_rules")
    roles.sync_roles(apps)
    defaults.create(apps, None)
