"""A journal entry is corrected or deleted with a trace, by those who may write the journal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partners import services
from partners.models import Interaction
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(relations_manager):
    organisation = OrganisationFactory(name="ESAT des Deux Rives")
    return services.interaction_log(
        by=relations_manager, organisations=[organisation], contacts=[], kind="call",
        occurred_on=dt.date(2026, 11, 20), subject="Appel de suivi", notes="Rappeler lundi",
    )  # fmt: skip


def edit(entry: Interaction, **changes: object) -> dict:
    data = {
        "kind": entry.kind, "occurred_on": "20/11/2026", "subject": entry.subject,
        "location": "", "notes": entry.notes, "version": entry.version,
        "organisations": [o.pk for o in entry.organisations.all()],
    }  # fmt: skip
    return {**data, **changes}


def test_a_relations_manager_corrects_an_entry_and_the_history_keeps_the_old_one(
    client_relations, entry, relations_manager, django_assert_max_num_queries
):
    url = reverse("partners:interaction_update", args=[entry.pk])
    with django_assert_max_num_queries(20):
        page = client_relations.get(url).content.decode()
    assert "Corriger une entrée du journal" in page and "Créer une tâche de suivi" not in page
    response = client_relations.post(url, edit(entry, subject="Appel de suivi du comité"))
    assert response.status_code == 302
    assert response.url == entry.organisations.get().get_absolute_url()
    entry.refresh_from_db()
    assert (entry.subject, entry.version) == ("Appel de suivi du comité", 2)
    subjects = [h.subject for h in entry.history.order_by("history_id")]
    assert (subjects[0], subjects[-1]) == ("Appel de suivi", "Appel de suivi du comité")
    assert entry.history.latest("history_id").history_user == relations_manager


def test_a_correction_over_a_newer_one_is_refused_with_who_changed_it(client_relations, entry):
    url = reverse("partners:interaction_update", args=[entry.pk])
    client_relations.post(url, edit(entry, subject="Première correction"))
    response = client_relations.post(url, edit(entry, subject="Seconde correction"))
    assert response.status_code == 200
    assert "après l&#x27;ouverture de votre formulaire" in response.content.decode()
    entry.refresh_from_db()
    assert entry.subject == "Première correction"


def test_deleting_an_entry_asks_first_then_keeps_it_in_the_history(
    client_relations, entry, relations_manager
):
    url = reverse("partners:interaction_delete", args=[entry.pk])
    page = client_relations.get(url).content.decode()
    assert "Supprimer l&#x27;entrée du journal" in page and "Confirmer la suppression" in page
    assert Interaction.objects.filter(pk=entry.pk).exists()
    response = client_relations.post(url)
    assert response.status_code == 302
    assert not Interaction.objects.filter(pk=entry.pk).exists()
    deleted = Interaction.history.filter(id=entry.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", relations_manager)
    assert deleted.subject == "Appel de suivi"


def test_the_journal_offers_corrections_only_to_those_who_may_make_them(
    client_relations, client_collaborator, entry
):
    journal = reverse("partners:interaction_list")
    update = reverse("partners:interaction_update", args=[entry.pk])
    assert update in client_relations.get(journal).content.decode()
    assert update not in client_collaborator.get(journal).content.decode()


@pytest.mark.parametrize("name", ["interaction_update", "interaction_delete"])
def test_a_read_only_collaborator_cannot_correct_the_journal(
    client_collaborator, client_coordinator, entry, name
):
    url = reverse(f"partners:{name}", args=[entry.pk])
    for client in (client_collaborator, client_coordinator):
        assert client.get(url).status_code == 403
        assert client.post(url, edit(entry, subject="Effacé")).status_code == 403
    entry.refresh_from_db()
    assert entry.subject == "Appel de suivi"


def test_an_entry_about_an_organisation_archived_since_can_still_be_corrected(
    client_relations, entry, relations_manager
):
    organisation = entry.organisations.get()
    services.organisation_archive(organisation=organisation, by=relations_manager)
    url = reverse("partners:interaction_update", args=[entry.pk])
    assert client_relations.post(url, edit(entry, notes="Rappelé lundi")).status_code == 302
    entry.refresh_from_db()
    assert (entry.notes, list(entry.organisations.all())) == ("Rappelé lundi", [organisation])
