"""Databases of their own for tests that start `manage.py`, gunicorn or Celery processes.

Migrating a new PostgreSQL database takes a minute on a busy 2-core machine; the suite's
test database is already migrated, so a new one is copied from it (``CREATE DATABASE …
TEMPLATE``): the same schema and reference rows in about a second. Only databases named
``test_…`` that the caller created are ever dropped.
"""

from __future__ import annotations

import secrets
import time

import psycopg
from django.db import connection, connections

from tests.conftest import restore_reference_data


def admin_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    )


def url_of(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def migrated_copy(prefix: str) -> str:
    """A new database ``test_<prefix>_<token>`` with the test database's schema; its name.

    The test database gets its reference rows back first (transactional tests flush them),
    then every connection to it is closed: PostgreSQL copies only a template nobody uses.
    """
    restore_reference_data()
    template = connection.settings_dict["NAME"]
    connections.close_all()
    name = f"test_{prefix}_{secrets.token_hex(4)}"
    with admin_connection() as admin:
        _template_released(admin, template)
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def _template_released(admin: psycopg.Connection, template: str) -> None:
    """No session left on the suite's own test database but the admin one.

    A thread or process of an earlier test (a live server's request thread, a worker
    still exiting) may still hold a connection: it is cut, and its end awaited. Only the
    test database is touched, never another one.
    """
    assert template.startswith("test_"), template
    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    admin.execute(f"SELECT pg_terminate_backend(pid) {others}", [template])
    deadline = time.monotonic() + 60
    while admin.execute(f"SELECT count(*) {others}", [template]).fetchone()[0]:
        assert time.monotonic() < deadline, f"{template} still has sessions after 60 s"
        time.sleep(0.05)


def drop(name: str) -> None:
    assert name.startswith("test_"), name
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
