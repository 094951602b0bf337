"""Every page of the admin × every role and anonymous, GET and POST, on the demo data.

Generated from the admin's own registry, so a model registered later is covered without
editing this file: only the Administrateur role gets in; every other signed-in user gets
403, before any view runs; anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core import roles
from tests.factories import UserFactory

OTHER_ROLES = (roles.RELATIONS_MANAGER, roles.COORDINATOR, roles.COLLABORATOR)


def admin_urls() -> list[str]:
    """The index, each app's index, and each model's list, add, change, delete, history
    and history-form pages for one of its rows (the newest), when it has one."""
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:jsi18n")]
    urls.append(reverse("admin:autocomplete"))
    labels = set()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        labels.add(meta.app_label)
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        row = model._default_manager.order_by("-pk").first()
        if row is None:
            continue
        for action in ("change", "delete", "history"):
            urls.append(reverse(f"{prefix}_{action}", args=[row.pk]))
        if isinstance(model_admin, SimpleHistoryAdmin):
            record = model.history.filter(id=row.pk).first()
            if record is not None:
                urls.append(reverse(f"{prefix}_simple_history", args=[row.pk, record.history_id]))
    urls += [reverse("admin:app_list", args=[label]) for label in sorted(labels)]
    return urls


@pytest.fixture
def urls(module_demo, db) -> list[str]:
    return admin_urls()


def _client(role: str) -> Client:
    client = Client()
    user = UserFactory(username=f"matrice-{role}", role=role)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_matrix_covers_every_registered_model_with_its_rows(urls):
    assert len(admin.site._registry) >= 25
    # Most models hold demo rows, so their change, delete and history pages are in it too.
    assert sum("/history/" in url for url in urls) >= 30


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_admin_page_refuses_every_other_role(urls, role):
    client = _client(role)
    answers = {}
    for url in urls:
        for method in ("get", "post"):
            status = getattr(client, method)(url, {"post": "yes"}).status_code
            if status != 403:
                answers[f"{method.upper()} {url}"] = status
    assert answers == {}


def test_every_admin_page_sends_anonymous_visitors_to_the_login(urls):
    client = Client()
    answers = {}
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"post": "yes"})
            if response.status_code != 302 or "/admin/login/" not in response["Location"]:
                answers[f"{method.upper()} {url}"] = response.status_code
    assert answers == {}


def test_every_admin_page_opens_for_the_administrator_without_an_error(urls):
    client = _client(roles.ADMINISTRATOR)
    errors = {url: status for url in urls if (status := client.get(url).status_code) >= 500}
    assert errors == {}
