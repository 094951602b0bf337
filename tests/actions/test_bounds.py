"""Bad values on the action plan: a French message next to the field, never a 500."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Indicator, Measurement
from partners.models import Affiliation
from tests.conventions.test_bounds import DATE, NEGATIVE, error_next_to
from tests.factories import (
    ActionFactory,
    ContactFactory,
    ConventionFactory,
    IndicatorFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_15_june_2026():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"status": "planned", "progress": 100}, "progress",
         "Une action « À lancer » n'a pas encore avancé : avancement 0 %."),
        ({"status": "planned", "progress": 40}, "progress",
         "Une action « À lancer » n'a pas encore avancé : avancement 0 %."),
        ({"status": "in_progress", "progress": 100}, "progress",
         "Une action avancée à 100 % est réalisée : choisissez le statut « Réalisée »."),
        ({"status": "in_progress", "progress": 10, "due_on": "2099-01-01"}, "due_on", DATE),
        ({"status": "in_progress", "progress": 10, "starts_on": "0001-01-01"}, "starts_on", DATE),
    ],
)  # fmt: skip
def test_a_bad_value_on_an_action_is_explained_next_to_its_field(
    client_coordinator, values, field, message
):
    action = ActionFactory(title="Avant")
    url = reverse("actions:action_update", args=[action.pk])
    data = {"number": action.number, "title": "Après", "version": 1, **values}
    assert error_next_to(client_coordinator.post(url, data), field, message)
    action.refresh_from_db()
    assert (action.title, action.version) == ("Avant", 1)


def test_an_action_owner_from_outside_the_lead_party_is_refused(client_coordinator):
    party = PartyFactory()
    action = ActionFactory(convention=party.convention)
    outsider = ContactFactory()
    url = reverse("actions:action_update", args=[action.pk])
    data = {"number": action.number, "title": "T", "version": 1, "status": "planned",
            "progress": 0, "lead_party": party.pk, "owner_contact": outsider.pk}  # fmt: skip
    assert error_next_to(
        client_coordinator.post(url, data),
        "owner_contact",
        "Ce contact n'occupe aucune fonction dans l'organisation de la partie pilote.",
    )
    Affiliation.objects.create(
        contact=outsider, organisation=party.organisation, role_title="Chargée de mission"
    )
    assert client_coordinator.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.owner_contact == outsider


def test_an_owner_contact_without_a_lead_party_holds_a_role_in_one_of_the_parties():
    party = PartyFactory()
    contact = ContactFactory()
    action = ActionFactory.build(convention=party.convention, owner_contact=contact)
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert caught.value.message_dict["owner_contact"] == [
        "Ce contact n'occupe aucune fonction dans une organisation partie à la convention."
    ]
    Affiliation.objects.create(contact=contact, organisation=party.organisation, role_title="DG")
    action.full_clean()


def test_a_target_equal_to_the_baseline_is_refused_next_to_the_target(client_coordinator):
    convention = ConventionFactory()
    url = reverse("actions:indicator_create", args=[convention.pk])
    data = {"name": "Marchés réservés", "unit": "marchés", "baseline": 4, "target": 4,
            "frequency": "yearly", "order": 1}  # fmt: skip
    response = client_coordinator.post(url, data)
    assert error_next_to(response, "target", "La cible doit différer de la valeur de départ.")
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"measured_on": "2026-01-31", "value": "-1"}, "value", NEGATIVE),
        ({"measured_on": "1800-01-31", "value": "3"}, "measured_on", DATE),
    ],
)
def test_a_bad_measurement_is_explained_next_to_its_field(
    client_coordinator, values, field, message
):
    indicator = IndicatorFactory()
    url = reverse("actions:measurement_create", args=[indicator.pk])
    assert error_next_to(client_coordinator.post(url, values), field, message)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("status", "progress", "message"),
    [
        ("planned", 100, "Une action « À lancer » n'a pas encore avancé : avancement 0 %."),
        ("done", 60, "Une action réalisée est avancée à 100 %."),
        ("blocked", 100,
         "Une action avancée à 100 % est réalisée : choisissez le statut « Réalisée »."),
    ],
)  # fmt: skip
def test_the_model_keeps_status_and_progress_together_whatever_writes_it(status, progress, message):
    # The edit form sets 100 % for a done action; an import or a job goes through the model.
    action = ActionFactory.build(status=status, progress=progress, completed_on=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert caught.value.message_dict["progress"] == [message]
