"""What the deployment tests share: the SMTP sink, the health probe, the process checks."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import urllib.error
import urllib.request
from collections.abc import Iterator

from aiosmtpd.controller import Controller

from tests.tasks.conftest import Mailbox, free_port


@contextlib.contextmanager
def smtp_sink(address: str = "127.0.0.1") -> Iterator[Mailbox]:
    """A real SMTP server on `address` (loopback, or the bridge the test hosts reach)."""
    # aiosmtpd logs every SMTP command at DEBUG: thousands of lines in `pytest -s`.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    box = Mailbox(port=free_port(address))
    controller = Controller(box, hostname=address, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def health(port: int, address: str = "127.0.0.1") -> dict | None:
    """The /sante/ report of the web server at `address:port`, None while it does not answer."""
    try:
        with urllib.request.urlopen(f"http://{address}:{port}/sante/", timeout=30) as answer:
            return json.loads(answer.read())
    except (OSError, urllib.error.URLError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
