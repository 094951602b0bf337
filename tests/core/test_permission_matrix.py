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
    B  400 (a form that cannot be read)    F  403    N  404    M  405
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
# The API (/api/v1/) has its own matrix: every write operation of its schema × every role
# (tests/core/test_api_matrix.py), a token per role against every operation of its schema
# (tests/core/test_api_fuzz.py) and each app's tests/<app>/test_api.py.
SKIPPED_NAMESPACES = {"admin", "api"}

EXPECTED: dict[str, tuple[str, str]] = {
    "core:home": ("L2222", "L2222"),
    "core:health": ("22222", "MMMMM"),
    # The accessibility statement: the law wants it reachable by all, before any login.
    "core:accessibility": ("22222", "MMMMM"),
    "core:history_restore": ("L22FF", "L33FF"),
    "core:history_list": ("L2222", "LMMMM"),
    "core:autocomplete": ("L2222", "LMMMM"),
    "partners:organisation_merge": ("L22FF", "L22FF"),
    "partners:contact_merge": ("L22FF", "L22FF"),
    # One's own API tokens (the route's token is collaboration's).
    "core:token_list": ("L2222", "L2222"),
    "core:token_revoke": ("LNNN2", "LNNN3"),
    # The API's description, no data: public, like any OpenAPI schema.
    "api_schema": ("22222", "MMMMM"),
    "api_docs": ("22222", "MMMMM"),
    "api_redoc": ("22222", "MMMMM"),
    "partners:organisation_list": ("L2222", "L2222"),
    "partners:organisation_export": ("L2222", "L2222"),
    "partners:organisation_create": ("L22FF", "L22FF"),
    "partners:organisation_detail": ("L2222", "L2222"),
    "partners:organisation_update": ("L22FF", "L22FF"),
    "partners:organisation_archive": ("L22FF", "L33FF"),
    "partners:organisation_unarchive": ("LMMMM", "L33FF"),
    "partners:relationship_create": ("L22FF", "L22FF"),
    "partners:relationship_end": ("L22FF", "L22FF"),
    "partners:contact_list": ("L2222", "L2222"),
    "partners:contact_export": ("L2222", "L2222"),
    "partners:contact_create": ("L22FF", "L22FF"),
    "partners:contact_detail": ("L2222", "L2222"),
    "partners:contact_update": ("L22FF", "L22FF"),
    "partners:contact_data_export": ("L22FF", "L22FF"),
    "partners:contact_erase": ("L22FF", "L22FF"),
    "partners:contact_unsubscribe": ("22222", "22222"),
    "partners:affiliation_create": ("L22FF", "L22FF"),
    "partners:affiliation_update": ("L22FF", "L22FF"),
    "partners:interaction_list": ("L2222", "L2222"),
    "partners:interaction_export": ("L2222", "L2222"),
    "partners:interaction_create": ("L22FF", "L22FF"),
    "partners:interaction_update": ("L22FF", "L22FF"),
    "partners:interaction_delete": ("L22FF", "L33FF"),
    "partners:provider_list": ("L2222", "L2222"),
    "partners:provider_export": ("L2222", "L2222"),
    "partners:import_upload": ("L22FF", "L22FF"),
    "partners:import_sample": ("L2222", "L2222"),
    "partners:datajob_list": ("L2222", "L2222"),
    "partners:datajob_detail": ("LNNN2", "LNNN2"),
    "partners:datajob_confirm": ("LMMMM", "LNNNF"),
    "partners:datajob_download": ("LNNNN", "LNNNN"),
    "purchases:purchase_list": ("L2222", "L2222"),
    "purchases:purchase_create": ("L22FF", "L22FF"),
    "purchases:purchase_update": ("L22FF", "L22FF"),
    "purchases:purchase_delete": ("L22FF", "L33FF"),
    "purchases:purchase_import": ("L22FF", "L22FF"),
    "purchases:buyer_purchases": ("L2222", "L2222"),
    "purchases:buyer_purchases_export": ("L2222", "L2222"),
    "purchases:provider_sales": ("L2222", "L2222"),
    "purchases:network_sales": ("L2222", "L2222"),
    "purchases:provider_sales_export": ("L2222", "L2222"),
    "purchases:network_sales_export": ("L2222", "L2222"),
    "purchases:buyer_oeth": ("L2222", "L2222"),
    "purchases:attestation_download": ("L2222", "L2222"),
    "conventions:convention_list": ("L2222", "L2222"),
    "conventions:convention_export": ("L2222", "L2222"),
    "conventions:convention_create": ("L22FF", "L22FF"),
    "conventions:convention_detail": ("L2222", "L2222"),
    # A tab of the convention workspace (here its action plan).
    "conventions:convention_section": ("L2222", "L2222"),
    "conventions:convention_update": ("L22FF", "L22FF"),
    "conventions:convention_transition": ("L22FF", "L33FF"),
    "conventions:convention_amend": ("L22FF", "L22FF"),
    "conventions:party_create": ("L33FF", "L33FF"),
    "conventions:party_update": ("L33FF", "L33FF"),
    "conventions:party_delete": ("L33FF", "L33FF"),
    "conventions:axis_create": ("L33FF", "L33FF"),
    "conventions:axis_update": ("L33FF", "L33FF"),
    "conventions:axis_delete": ("L33FF", "L33FF"),
    "conventions:clause_create": ("L33FF", "L33FF"),
    "conventions:clause_update": ("L33FF", "L33FF"),
    "conventions:clause_delete": ("L33FF", "L33FF"),
    "conventions:programme_list": ("L2222", "L2222"),
    "conventions:programme_create": ("L22FF", "L22FF"),
    "conventions:programme_detail": ("L2222", "L2222"),
    "conventions:programme_update": ("L22FF", "L22FF"),
    "conventions:document_list": ("L2222", "L2222"),
    "conventions:convention_pdf": ("LMMMM", "L22FF"),
    "conventions:committee_report_pdf": ("LMMMM", "L222F"),
    "conventions:document_upload": ("LMMMM", "LBBFF"),
    "conventions:document_download": ("L2222", "L2222"),
    "conventions:report_batch_create": ("L222F", "L333F"),
    "conventions:report_batch_detail": ("LNN2N", "LNN2N"),
    "conventions:report_batch_download": ("LNNNN", "LNNNN"),
    "actions:action_list": ("L2222", "L2222"),
    "actions:action_export": ("L2222", "L2222"),
    "actions:action_create": ("L2F2F", "L2F2F"),
    "actions:action_detail": ("L2222", "L2222"),
    "actions:action_update": ("L2F2F", "L2F2F"),
    "actions:action_close": ("L2F2F", "L3F3F"),
    "actions:action_move": ("LMFMF", "L3F3F"),
    "actions:actioncomment_create": ("LMFMF", "L3F3F"),
    "actions:indicator_create": ("L2F2F", "L2F2F"),
    "actions:indicator_detail": ("L2222", "L2222"),
    "actions:indicator_update": ("L2F2F", "L2F2F"),
    "actions:measurement_create": ("LMFMF", "L2F2F"),
    "actions:measurement_update": ("L2F2F", "L2F2F"),
    "actions:measurement_delete": ("L2F2F", "L3F3F"),
    "tasks:task_list": ("L2222", "L2222"),
    "tasks:task_export": ("L2222", "L2222"),
    "tasks:task_create": ("L2222", "L2222"),
    "tasks:task_detail": ("L2222", "L2222"),
    "tasks:task_update": ("L2222", "L2222"),
    "tasks:task_complete": ("LMMMM", "L3333"),
    "tasks:task_reopen": ("LMMMM", "L3333"),
    "tasks:notification_list": ("L2222", "L2222"),
    "tasks:notification_open": ("LNNN3", "LNNN3"),
    "tasks:notification_read_all": ("LMMMM", "L3333"),
    "tasks:preference_update": ("L2222", "L2222"),
    "tasks:preference_ics_renew": ("LMMMM", "L3333"),
    "tasks:preference_ics_revoke": ("L2222", "L2222"),
    "tasks:calendar_feed": ("22222", "22222"),
    "tasks:reminder_failed_list": ("L2FFF", "L2FFF"),
    "tasks:reminder_retry": ("LMMMM", "L3FFF"),
    "login": ("23333", "23333"),
    "logout": ("MMMMM", "LLLLL"),
    "set_language": ("33333", "33333"),
}


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
    return {200: "2", 400: "B", 403: "F", 404: "N", 405: "M"}.get(status, str(status))


def client_for(caller: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if caller != "anonyme":
        user = get_user_model().objects.get(username=caller)
        client.force_login(user, backend="core.auth.CachedPermissionBackend")
    return client


def observed(caller: str, method: str) -> dict[str, str]:
    """The answer of every route to `caller`; each POST rolled back before the next request."""
    client, arguments = client_for(caller), route_arguments()
    found = {}
    for name in route_names():
        url = reverse(name, kwargs=arguments.get(name, {}))
        if method == "GET":
            found[name] = answer(client.get(url))
            continue
        with transaction.atomic():
            found[name] = answer(client.post(url, {}))
            transaction.set_rollback(True)
    return found


def test_every_route_is_in_the_table():
    names = route_names()
    assert len(names) >= 80
    assert sorted(set(names) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(names)) == []


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("index", range(len(CALLERS)), ids=CALLERS)
def test_each_route_answers_each_caller_as_the_table_says(module_demo, db, index, method):
    got = observed(CALLERS[index], method)
    column = 0 if method == "GET" else 1
    expected = {name: row[column][index] for name, row in EXPECTED.items()}
    assert {name: answer for name, answer in got.items() if expected.get(name) != answer} == {}


# Routes that answer without login: the secret or signed token in the address is the credential.
PUBLIC = {"core:health", "tasks:calendar_feed", "partners:contact_unsubscribe", "login",
          "core:accessibility", "api_schema", "api_docs", "api_redoc",
          "logout", "set_language"}  # fmt: skip


def test_the_table_gives_each_role_a_different_reach():
    # A table where every role reads the same would test nothing about roles.
    columns = {CALLERS[i]: "".join(g[i] + p[i] for g, p in EXPECTED.values()) for i in range(5)}
    assert len(set(columns.values())) == 5
    # Anonymous visitors are sent to the login page everywhere else.
    assert {n for n, (g, p) in EXPECTED.items() if (g[0], p[0]) != ("L", "L")} == PUBLIC


def test_the_demo_logins_hold_the_roles_the_table_names(module_demo, db):
    from django.contrib.auth import get_user_model

    held = {u.username: roles.role_names(u) for u in get_user_model().objects.all()}
    assert [held[caller] for caller in CALLERS[1:]] == [[role] for role in roles.ALL_ROLES]


def _task_of(username: str):
    from tasks.models import Task

    return Task.objects.filter(assignee__username=username, status=Task.Status.OPEN).first()


def test_nobody_reaches_another_users_task_notification_or_calendar(module_demo, db):
    from django.contrib.auth import get_user_model

    from tasks.models import Notification
    from tasks.services import preferences

    users = get_user_model().objects.in_bulk(["relations", "collaboration"], field_name="username")
    task = _task_of("relations")
    notification = Notification.objects.create(user=users["relations"], title="À moi", url="/")
    theirs = preferences.ics_token_renew(user=users["relations"]).ics_token
    mine = preferences.ics_token_renew(user=users["collaboration"]).ics_token
    client = client_for("collaboration")
    assert client.get(reverse("tasks:task_update", args=[task.pk])).status_code == 404
    assert client.post(reverse("tasks:task_complete", args=[task.pk])).status_code == 404
    assert client.get(reverse("tasks:notification_open", args=[notification.pk])).status_code == 404
    client.post(reverse("tasks:preference_ics_renew"))
    assert Client().get(reverse("tasks:calendar_feed", args=[mine])).status_code == 404
    assert Client().get(reverse("tasks:calendar_feed", args=[theirs])).status_code == 200
    notification.refresh_from_db()
    task.refresh_from_db()
    assert notification.read_at is None and task.status == task.Status.OPEN


def test_a_forged_unsubscribe_link_reaches_no_contact(module_demo, db):
    from partners.models import Contact
    from partners.privacy import unsubscribe_token

    contact = Contact.objects.filter(email_consent=True).first()
    forged = unsubscribe_token(contact)[:-2] + "xx"
    response = Client().post(reverse("partners:contact_unsubscribe", args=[forged]))
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.email_consent
