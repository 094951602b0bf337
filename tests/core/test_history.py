"""Each edit through a model form writes one history row naming its author."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action
from tests.admin_forms import admin_post_data
from tests.factories import (
    ActionFactory,
    ContactFactory,
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def edit_in_back_office(client, instance, **changes):
    meta = instance._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[instance.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, admin_post_data(page, **changes))
    errors = getattr(response, "context", None) and response.context.get("errors")
    assert response.status_code == 302, errors
    instance.refresh_from_db()
    return instance


def test_editing_an_organisation_writes_one_history_row_with_its_author(
    client_administrator, administrator
):
    organisation = OrganisationFactory(name="ESAT du Vieux-Port")
    before = organisation.history.count()
    edit_in_back_office(client_administrator, organisation, name="ESAT du Vieux-Port (Marseille)")
    assert organisation.history.count() == before + 1
    latest = organisation.history.first()
    assert latest.history_user == administrator
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "ESAT du Vieux-Port", "ESAT du Vieux-Port (Marseille)")
    ]


def test_editing_a_contact_records_its_author(client_administrator, administrator):
    contact = ContactFactory(last_name="Durand")
    before = contact.history.count()
    edit_in_back_office(client_administrator, contact, last_name="Durand-Leclerc")
    assert contact.history.count() == before + 1
    assert contact.history.first().history_user == administrator


def test_editing_a_convention_records_its_author(client_administrator, administrator):
    convention = PartyFactory().convention
    before = convention.history.count()
    edit_in_back_office(client_administrator, convention, title="Convention MACS — version 2")
    assert convention.history.count() == before + 1
    assert convention.history.first().history_user == administrator


def test_editing_an_action_records_its_author(client_administrator, administrator):
    action = ActionFactory(convention=ConventionFactory())
    before = action.history.count()
    edit_in_back_office(client_administrator, action, status="in_progress", progress="40")
    assert action.history.count() == before + 1
    assert action.history.first().history_user == administrator
    assert Action.objects.get(pk=action.pk).progress == 40


def test_a_collaborator_completes_their_own_task_with_history(client_collaborator, collaborator):
    # On the task's screen: the admin is the administrators' only.
    task = TaskFactory(assignee=collaborator, due_on=dt.date(2026, 11, 25))
    before = task.history.count()
    response = client_collaborator.post(reverse("tasks:task_complete", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.history.count() == before + 1
    assert task.history.first().history_user == collaborator
    assert task.status == "done"
