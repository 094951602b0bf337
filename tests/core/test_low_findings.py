"""The low findings of the security review, each closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import roles
from core.text import parse_id
from partners.exports import neutralise
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


@pytest.mark.parametrize("value", ["²", "٣", "1²", " ", "", "9" * 19, "-1", "1e3", None])
def test_only_ascii_digits_make_an_id(value):
    assert parse_id(value) is None


def test_an_id_is_read_back():
    assert parse_id(" 42 ") == 42


@pytest.mark.parametrize("name", ["organisation", "convention", "action"])
def test_the_new_task_page_ignores_a_superscript_id(client_coordinator, name):
    response = client_coordinator.get(reverse("tasks:task_create"), {name: "²"})
    assert response.status_code == 200


def test_the_journal_ignores_a_superscript_organisation(client_collaborator):
    OrganisationFactory()
    response = client_collaborator.get(reverse("partners:interaction_list"), {"organisation": "²"})
    assert response.status_code == 200


@pytest.mark.parametrize("cell", [" =1+1", '\n=HYPERLINK("http://x")', "\t\r\n @SUM(A1)", "  -2"])
def test_a_formula_behind_spaces_or_line_breaks_is_neutralised(cell):
    assert neutralise(cell) == f"'{cell}"


def test_the_reminder_ledger_cannot_be_added_to_in_the_admin(client):
    superuser = UserFactory(role=roles.ADMINISTRATOR, is_superuser=True)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("admin:tasks_reminder_add")).status_code == 403
    assert client.get(reverse("admin:tasks_digest_add")).status_code == 403
    assert client.get(reverse("admin:tasks_reminder_changelist")).status_code == 200


def _fail(client, username: str, address: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": "faux"},
        REMOTE_ADDR=address,
    )


def _login(client, username: str, address: str):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )


def test_one_address_cannot_try_a_password_on_every_account(client):
    users = [UserFactory(username=f"compte{i}", password=PASSWORD) for i in range(6)]
    for user in users[:5]:
        _fail(client, user.username, "198.51.100.7")
    # The sixth account, right password, same address: locked out.
    assert _login(client, users[5].username, "198.51.100.7").status_code == 429
    assert _login(client, users[5].username, "198.51.100.8").status_code == 302


def test_one_account_is_locked_whatever_the_address(client):
    UserFactory(username="cible", password=PASSWORD)
    for i in range(5):
        _fail(client, "cible", f"203.0.113.{i + 1}")
    assert _login(client, "cible", "203.0.113.99").status_code == 429
