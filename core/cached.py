"""Small lists that change rarely (permissions, filter choices), kept in the cache.

A list page may run five queries; these lists would cost one each. Each entry
lives under its name's *generation*, a random token replaced whenever a row
behind the list is saved or deleted (now and again after commit, so a reader
that rebuilt it from uncommitted data is thrown away too). Entries also expire
after `TIMEOUT`, the longest a process using a local (non-shared) cache can lag.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
TIMEOUT = 300
# Every name in use, so a test can start each one afresh.
NAMES: set[str] = set()


def name(text: str) -> str:
    """Declare a cached list's name (a module constant)."""
    NAMES.add(text)
    return text


def _generation_key(name: str) -> str:
    return f"generation:{name}"


def invalidate(*names: str) -> None:
    """Start a new generation of each `names`: every process rebuilds on next read."""

    def bump() -> None:
        cache.set_many({_generation_key(name): uuid.uuid4().hex for name in names}, None)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def cached(name: str, build: Callable[[], T], part: object = "") -> T:
    """`build()` once per generation of `name` (and `part`, e.g. a user id)."""
    generation = cache.get(_generation_key(name))
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(_generation_key(name), generation, None)
    key = f"{name}:{generation}:{part}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


USERS = name("core.users")


def active_user_choices() -> list[tuple[str, str]]:
    """Active people, by name, as a filter's choices (the system user left out)."""
    from core.models import User

    def build() -> list[tuple[str, str]]:
        users = (
            User.objects.filter(is_active=True)
            .exclude(username=User.SYSTEM_USERNAME)
            .order_by("last_name", "first_name", "username")
        )
        return [(str(user.pk), str(user)) for user in users]

    return cached(USERS, build)
