"""A negotiation can go back to draft, and a draft or negotiation can be abandoned, with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conventions import services
from conventions.models import Convention
from tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db


def test_a_negotiation_goes_back_to_draft_through_the_lifecycle(relations_manager):
    convention = ConventionFactory(status="negotiation")
    services.convention_redraft(convention=convention, by=relations_manager)
    convention.refresh_from_db()
    assert (convention.status, convention.version) == ("draft", 2)
    last = convention.history.latest("history_id")
    assert (last.history_change_reason, last.history_user) == (
        "Statut : Brouillon",
        relations_manager,
    )
    with pytest.raises(ValidationError, match="Impossible depuis le statut « Brouillon »"):
        services.convention_redraft(convention=convention, by=relations_manager)


@pytest.mark.parametrize("status", ["draft", "negotiation"])
def test_a_draft_or_a_negotiation_is_abandoned_with_its_reason(relations_manager, status):
    convention = ConventionFactory(status=status)
    with pytest.raises(ValidationError) as refused:
        services.convention_abandon(convention=convention, by=relations_manager, reason="  ")
    assert refused.value.message_dict == {"reason": ["Indiquez le motif de l'abandon."]}
    services.convention_abandon(
        convention=convention, by=relations_manager, reason="Le financeur s'est retiré."
    )
    convention.refresh_from_db()
    assert (convention.status, convention.abandon_reason) == (
        "abandoned",
        "Le financeur s'est retiré.",
    )
    assert convention.get_status_display() == "Abandonnée"
    assert convention.history.latest("history_id").history_change_reason == (
        "Statut : Abandonnée — Le financeur s'est retiré."
    )
    # Terminal: nothing follows an abandon.
    assert services.available_transitions(convention) == []


def test_a_signed_convention_cannot_be_abandoned(relations_manager):
    convention = ConventionFactory(status="signed", signed_on=dt.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="Impossible depuis le statut « Signée »"):
        services.convention_abandon(convention=convention, by=relations_manager, reason="Non")


def test_the_database_refuses_an_abandon_without_reason():
    convention = ConventionFactory()
    convention.status = Convention.Status.ABANDONED
    with pytest.raises(ValidationError, match="porte le motif de l'abandon"):
        convention.full_clean()


def test_the_page_offers_both_steps_and_the_abandon_asks_for_its_reason(client_relations):
    convention = ConventionFactory(status="negotiation", title="Convention avec l'ESAT")
    page = client_relations.get(convention.get_absolute_url()).content.decode()
    abandon = reverse("conventions:convention_transition", args=[convention.pk, "abandon"])
    redraft = reverse("conventions:convention_transition", args=[convention.pk, "redraft"])
    assert abandon in page and redraft in page
    response = client_relations.post(abandon, {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    convention.refresh_from_db()
    assert convention.status == "negotiation"
    response = client_relations.post(abandon, {"reason": "Projet repoussé sine die."}, follow=True)
    page = response.content.decode()
    assert "Abandonnée" in page and "Projet repoussé sine die." in page
    # The list filters on it.
    listing = client_relations.get(reverse("conventions:convention_list"), {"status": "abandoned"})
    assert "Convention avec l&#x27;ESAT" in listing.content.decode()
    assert ">Abandonnée</option>" in listing.content.decode()


def test_a_collaborator_cannot_abandon(client_collaborator):
    convention = ConventionFactory()
    url = reverse("conventions:convention_transition", args=[convention.pk, "abandon"])
    assert client_collaborator.post(url, {"reason": "Non"}).status_code == 403
    convention.refresh_from_db()
    assert convention.status == "draft"
