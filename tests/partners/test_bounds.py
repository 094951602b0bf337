"""Bad values in the journal and on links: a French message next to the field, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from partners.models import Interaction, Relationship
from tasks.models import Task
from tests.conventions.test_bounds import DATE, error_next_to
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_in_2099_with_a_follow_up_due_in_1900_is_explained(
    client_relations, relations_manager
):
    organisation = OrganisationFactory()
    data = {"kind": "meeting", "occurred_on": "2099-03-01", "subject": "Rendez-vous",
            "organisations": [organisation.pk], "follow_up": "on", "task_title": "Relancer",
            "task_due_on": "1900-01-01", "task_assignee": relations_manager.pk}  # fmt: skip
    response = client_relations.post(reverse("partners:interaction_create"), data)
    assert error_next_to(response, "occurred_on", DATE)
    assert error_next_to(response, "task_due_on", DATE)
    assert not Interaction.objects.exists() and not Task.objects.exists()


def test_a_follow_up_due_before_the_meeting_it_follows_is_explained(
    client_relations, relations_manager
):
    organisation = OrganisationFactory()
    data = {"kind": "meeting", "occurred_on": "2026-03-01", "subject": "Rendez-vous",
            "organisations": [organisation.pk], "follow_up": "on", "task_title": "Relancer",
            "task_due_on": "2026-02-01", "task_assignee": relations_manager.pk}  # fmt: skip
    response = client_relations.post(reverse("partners:interaction_create"), data)
    assert error_next_to(
        response, "task_due_on", "Le suivi ne peut être dû avant l'entrée qu'il suit."
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (dt.date(2000, 1, 1), "1990-06-30", "La fin de la relation doit suivre son début."),
        (None, "1900-06-30", DATE),
        (dt.date(2000, 1, 1), "9999-06-30", DATE),
    ],
)
def test_a_relationship_ended_before_it_began_or_at_an_absurd_date_is_explained(
    client_relations, starts_on, ends_on, message
):
    source, target = OrganisationFactory(), OrganisationFactory()
    relationship = Relationship.objects.create(
        source=source, target=target, kind="member_of", starts_on=starts_on
    )
    response = client_relations.post(
        reverse("partners:relationship_end", args=[relationship.pk]),
        {"ends_on": ends_on, "version": 1},
    )
    assert error_next_to(response, "ends_on", message)
    relationship.refresh_from_db()
    assert relationship.ends_on is None


def test_a_relationship_starting_in_year_1_is_explained(client_relations):
    source, target = OrganisationFactory(), OrganisationFactory()
    response = client_relations.post(
        reverse("partners:relationship_create", args=[source.pk]),
        {"kind": "member_of", "target": target.pk, "starts_on": "0001-01-01"},
    )
    assert error_next_to(response, "starts_on", DATE)
    assert not Relationship.objects.exists()
