"""Every route of the application × every role and anonymous, GET and POST, on the demo data.

The routes are walked from the URL resolver itself, so a route added later and missing from
`EXPECTED` fails `test_every_route_is_in_the_table`. Each URL is built with real ids of
the demo data; each POST runs in a transaction rolled back at once, so none leaks into the
next request. The admin has its own matrix (`test_admin_matrix.py`).

Each row of `EXPECTED` is the answer to GET then POST, one letter per caller in `CALLERS`
order (anonymous, Administrateur, Chargé·e de relations, Coordinateur·rice,
Collaborateur·rice):

    2  200 (the page, or a form shown again with its errors)
    L  302 to the login page
    3  302 anywhere else (done, or sent back to the page)
    F  403    N  404    M  405
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import roles
from tests.core.matrix_urls import route_arguments

CALLERS = ("anonyme", "admin", "relations", "coordination", "collaboration")
SKIPPED_NAMESPACES = {"admin"}

EXPECTED: dict[str, tuple[str, str]] = {}


def route_names(resolvers=None, namespace: str = "") -> list[str]:
    """Every named route of the project, "namespace:name", the admin's left out."""
    names = []
    for entry in (resolvers or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            if entry.namespace not in SKIPPED_NAMESPACES:
                names += route_names(entry, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"Route sans nom : {entry.pattern}"
            names.append(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def answer(response) -> str:
    status = response.status_code
    if status == 302:
        login = reverse(settings.LOGIN_URL)
        return "L" if response["Location"].startswith(login) else "3"
    return {200: "2", 403: "F", 404: "N", 405: "M"}.get(status, str(status))


def client_for(caller: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if caller != "anonyme":
        user = get_user_model().objects.get(username=caller)
        client.force_login(user, backend="core.auth.CachedPermissionBackend")
    return client


def observed(caller: str) -> dict[str, tuple[str, str]]:
    client, arguments = client_for(caller), route_arguments()
    found = {}
    for name in route_names():
        url = reverse(name, kwargs=arguments.get(name, {}))
        got = answer(client.get(url))
        with transaction.atomic():
            posted = answer(client.post(url, {}))
            transaction.set_rollback(True)
        found[name] = (got, posted)
    return found


def test_every_route_is_in_the_table():
    names = route_names()
    assert len(names) >= 80
    assert sorted(set(names) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(names)) == []


@pytest.mark.parametrize("index", range(len(CALLERS)), ids=CALLERS)
def test_each_route_answers_each_caller_as_the_table_says(module_demo, db, index):
    caller = CALLERS[index]
    got = observed(caller)
    expected = {name: (get[index], post[index]) for name, (get, post) in EXPECTED.items()}
    assert {n: v for n, v in got.items() if expected.get(n) != v} == {}


def test_the_table_gives_each_role_a_different_reach():
    # A table where every role reads the same would test nothing about roles.
    columns = {CALLERS[i]: "".join(g[i] + p[i] for g, p in EXPECTED.values()) for i in range(5)}
    assert len(set(columns.values())) == 5
    assert set(columns["anonyme"]) <= {"L", "2", "N", "M"}
    assert roles.ADMINISTRATOR  # the demo's "admin" login holds this role
