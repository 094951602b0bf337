"""Fixtures of the deployment tests: a private Redis and a loopback SMTP server."""

from __future__ import annotations

import pytest

from tests.deploy.stack import smtp_sink
from tests.tasks.cluster import RedisServer


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.folder.mkdir()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox():
    with smtp_sink() as box:
        yield box
