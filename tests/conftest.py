"""Fixtures shared by every test: users per role, logged-in clients."""

import importlib
import itertools
import os
from collections.abc import Iterator
from io import StringIO

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from config.folders import runtime_folders_create
from core import roles
from tests.factories import UserFactory


def pytest_configure() -> None:
    # As manage.py does: the SQLite test database and the filesystem broker live under var/.
    runtime_folders_create()
    # Production's PBKDF2 spends half a second per password on purpose; tests make hundreds of
    # users. They hash with MD5 first, as Django's testing guide advises, and keep the real
    # hashers after it for users logging in to a server started in another process.
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    # A transactional test (browser, worker) ends with a flush of every table, then Django
    # sends post_migrate: the roles, territories and reminder rules come back there, so the
    # next test finds them whatever ran before it, on whichever pytest-xdist worker.
    from django.apps import apps
    from django.db.models.signals import post_migrate

    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    post_migrate.connect(
        _reference_data_back, sender=last_app, weak=False, dispatch_uid="tests-reference-data"
    )


def _reference_data_back(using: str = "default", **kwargs: object) -> None:
    restore_reference_data()


@pytest.fixture(autouse=True)
def fresh_cached_lists() -> None:
    """Each test starts with new generations of the cached lists (core/cached.py).

    The test database restarts its ids at each run while Redis keeps the cache.
    """
    from core.cached import NAMES, invalidate

    invalidate(*NAMES)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-test", role=roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def relations_manager(db):
    return UserFactory(username="relations-test", role=roles.RELATIONS_MANAGER)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordination-test", role=roles.COORDINATOR)


@pytest.fixture
def collaborator(db):
    return UserFactory(username="collaboration-test", role=roles.COLLABORATOR)


def restore_reference_data() -> None:
    """Roles, territories and default reminder rules, as the migrations create them.

    Transactional tests (browser, worker) end with a flush of every table; these rows come
    back after it (post_migrate, see pytest_configure) and where a test needs them first.
    """
    from django.apps import apps

    from core.roles import sync_roles

    sync_roles(apps)
    for module, function in [
        ("partners.migrations.0002_territories", "load"),
        ("tasks.migrations.0002_default_reminder_rules", "create"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`manage.py demo` run once per test module (about 4 s); yields what it printed.

    The demo is loaded in a transaction held open for the whole module and rolled back at
    its end. Every test still runs in its own savepoint inside it (pytest-django's `db`), so
    a test that writes leaves the next one the demo exactly as loaded. Transactional tests
    (browser, worker) cannot use it: they commit and flush.
    """
    out = StringIO()
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
    try:
        with django_db_blocker.unblock():
            call_command("demo", stdout=out)
        yield out.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Within each run of a module's tests, those on `module_demo` go last.

    So the module's other tests never see the demo rows. Runs, not whole modules: the order
    pytest-django set (database tests, then transactional ones, then the rest) is kept.
    """
    runs = itertools.groupby(items, key=lambda item: getattr(item, "module", None))
    items[:] = [
        item
        for _module, run in runs
        for item in sorted(run, key=lambda item: "module_demo" in item.fixturenames)
    ]


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    return client


@pytest.fixture
def client_administrator(administrator):
    return _client_for(administrator)


@pytest.fixture
def client_relations(relations_manager):
    return _client_for(relations_manager)


@pytest.fixture
def client_coordinator(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def client_collaborator(collaborator):
    return _client_for(collaborator)


@pytest.fixture
def api_client():
    """`api_client(user)`: a DRF client sending that user's new API token."""
    from rest_framework.test import APIClient

    from core.api.tokens import token_create

    def for_user(user) -> APIClient:
        _token, secret = token_create(user=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client

    return for_user
