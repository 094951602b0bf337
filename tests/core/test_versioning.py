"""One lost-update mechanism for every edited model: the second of two edits is refused."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from partners.models import Contact, Organisation, Trade
from tasks.models import Task
from tests.factories import ContactFactory, OrganisationFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

OPENED_AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def edits(obj, coordinator):
    """The edit URL of `obj` and the form data of two users' edits, both from version 1."""
    if isinstance(obj, Organisation):
        base = {"name": obj.name, "kind": "esat", "status": "active", "version": 1}
        url = reverse("partners:organisation_update", args=[obj.pk])
        return url, {**base, "phone": "04 91 00 00 00"}, {**base, "name": "ESAT Le Phare"}
    if isinstance(obj, Contact):
        base = {"first_name": obj.first_name, "last_name": obj.last_name, "email": obj.email,
                "version": 1}  # fmt: skip
        url = reverse("partners:contact_update", args=[obj.pk])
        return url, {**base, "phone": "06 12 34 56 78"}, {**base, "last_name": "Le Goff"}
    base = {"title": obj.title, "assignee": coordinator.pk, "due_on": "2026-12-01",
            "recurrence_interval": 1, "version": 1}  # fmt: skip
    url = reverse("tasks:task_update", args=[obj.pk])
    return url, {**base, "description": "Appeler avant midi"}, {**base, "title": "Relancer UNEA"}


@pytest.mark.parametrize(
    ("make", "changed_label"),
    [
        (lambda: OrganisationFactory(name="ESAT des Calanques"), "téléphone"),
        (lambda: ContactFactory(first_name="Yann", last_name="Goff"), "téléphone"),
        (lambda: TaskFactory(title="Relancer"), "description"),
    ],
    ids=["organisation", "contact", "task"],
)
def test_the_second_of_two_edits_is_refused_naming_who_what_and_when_and_keeps_its_input(
    client, coordinator, make, changed_label
):
    with time_machine.travel(OPENED_AT - dt.timedelta(hours=1), tick=False):
        obj = make()
    first = UserFactory(first_name="Inès", last_name="Morel", is_superuser=True)
    second = UserFactory(first_name="Paul", last_name="Durand", is_superuser=True)
    url, first_edit, second_edit = edits(obj, coordinator)
    with time_machine.travel(OPENED_AT, tick=False):
        client.force_login(first)
        assert client.post(url, first_edit).status_code == 302
    client.force_login(second)
    response = client.post(url, second_edit)
    assert response.status_code == 200
    page = response.content.decode()
    said = re.search(
        r"Modifié par Inès Morel le 25/11/2026 à 10:00 \(champs modifiés : ([^)]*)\)", page
    )
    assert said and changed_label in said.group(1).split(", ")
    assert escape("après l'ouverture de votre formulaire") in page
    kept = second_edit.get("name") or second_edit.get("last_name") or second_edit["title"]
    assert f'value="{escape(kept)}"' in page
    assert 'name="version" value="2"' in page
    obj.refresh_from_db()
    assert obj.version == 2
    # Saving again now knowingly replaces the newer version.
    assert client.post(url, {**second_edit, "version": 2}).status_code == 302
    obj.refresh_from_db()
    assert obj.version == 3


def test_an_organisation_edit_saves_its_trades_with_the_version(client_relations):
    organisation = OrganisationFactory()
    laundry = Trade.objects.create(name="Blanchisserie")
    url = reverse("partners:organisation_update", args=[organisation.pk])
    data = {"name": organisation.name, "kind": "esat", "status": "active", "version": 1,
            "trades": [laundry.pk]}  # fmt: skip
    assert client_relations.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert list(organisation.trades.all()) == [laundry] and organisation.version == 2


def test_archiving_makes_an_open_edit_form_stale(client_relations):
    organisation = OrganisationFactory()
    url = reverse("partners:organisation_update", args=[organisation.pk])
    client_relations.post(reverse("partners:organisation_archive", args=[organisation.pk]))
    data = {"name": "Nouveau nom", "kind": "esat", "status": "active", "version": 1}
    assert "Modifié par" in client_relations.post(url, data).content.decode()
    organisation.refresh_from_db()
    assert organisation.status == "archived"


def test_completing_a_task_makes_an_open_edit_form_stale(client_coordinator, coordinator):
    task = TaskFactory(assignee=coordinator)
    client_coordinator.post(reverse("tasks:task_complete", args=[task.pk]))
    data = {"title": "Nouveau", "assignee": coordinator.pk, "due_on": "2026-12-01",
            "recurrence_interval": 1, "version": 1}  # fmt: skip
    response = client_coordinator.post(reverse("tasks:task_update", args=[task.pk]), data)
    assert "Modifié par" in response.content.decode()
    task.refresh_from_db()
    assert (task.title, task.status) != ("Nouveau", Task.Status.OPEN)
