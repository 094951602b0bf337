"""Relation fields are autocompletes fed by a bounded JSON endpoint, and work without JavaScript
(item 1 of issue 11): a text typed is resolved on submit, or refused in French."""

import datetime as dt

import pytest
from django.urls import reverse

from conventions.models import Party
from partners.models import Affiliation, Organisation
from tests.factories import (
    ContactFactory,
    ConventionFactory,
    OrganisationFactory,
    TaskFactory,
    UserFactory,
    valid_siret,
)

pytestmark = pytest.mark.django_db


def suggest(client, source: str, **params) -> list[str]:
    response = client.get(reverse("core:autocomplete", args=[source]), params)
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


def test_the_endpoint_answers_at_most_20_accent_insensitive_matches_in_one_query(
    client_coordinator, django_assert_max_num_queries
):
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Régie {n}", name_normalized=f"regie {n}",
                         search_text=f"regie {n}", kind="ea", siret=valid_siret(40_000 + n))
            for n in range(60)
        ]
    )  # fmt: skip
    OrganisationFactory(name="ESAT Les Ateliers du Vieux-Port")
    suggest(client_coordinator, "organisations", q="esat")  # the permissions, now cached
    # Session, user, the search.
    with django_assert_max_num_queries(3):
        found = suggest(client_coordinator, "organisations", q="REGIE")
    assert len(found) == 20 and found[0] == "Régie 0"
    assert suggest(client_coordinator, "organisations", q="vieux port") == [
        "ESAT Les Ateliers du Vieux-Port"
    ]
    assert suggest(client_coordinator, "organisations", q="") == []


def test_contacts_follow_the_chosen_organisation(client_coordinator):
    gesat, unea = OrganisationFactory(name="Réseau Gesat"), OrganisationFactory(name="UNEA")
    inside = ContactFactory(first_name="Élodie", last_name="Martin")
    outside = ContactFactory(first_name="Eloi", last_name="Martin")
    Affiliation.objects.create(contact=inside, organisation=gesat, role_title="Directrice")
    Affiliation.objects.create(contact=outside, organisation=unea, role_title="Chargé")
    assert suggest(client_coordinator, "contacts", q="martin") == ["Élodie Martin", "Eloi Martin"]
    assert suggest(client_coordinator, "contacts", q="martin", organisation=gesat.pk) == [
        "Élodie Martin"
    ]


def test_the_endpoint_is_for_signed_in_people_allowed_to_see_the_rows(client, client_coordinator):
    url = reverse("core:autocomplete", args=["organisations"])
    assert client.get(url, {"q": "esat"}).status_code == 302
    assert client_coordinator.get(reverse("core:autocomplete", args=["nothing"])).status_code == 404
    UserFactory(first_name="Zoé", last_name="Durand")
    assert suggest(client_coordinator, "users", q="zoe") == ["Zoé Durand"]


def party_post(client, convention, **fields):
    data = {"role": "signatory", "order": 1, "organisation": "", "signatory": ""}
    data.update(fields)
    return client.post(reverse("conventions:party_create", args=[convention.pk]), data)


def test_without_javascript_a_typed_name_names_one_organisation_or_is_refused(
    client_relations,
):
    convention = ConventionFactory()
    OrganisationFactory(name="ESAT des Calanques")
    OrganisationFactory(name="ESAT du Vieux-Port")
    OrganisationFactory(name="EA Provence")
    page = party_post(client_relations, convention, organisation_q="esat", signatory_q="")
    assert "Plusieurs organisations correspondent à « esat »" in page.content.decode()
    page = party_post(client_relations, convention, organisation_q="Ligue", signatory_q="")
    assert "Aucune organisation ne correspond à « Ligue »" in page.content.decode()
    page = party_post(client_relations, convention, organisation_q="calanques", signatory_q="")
    assert page.status_code == 302
    assert Party.objects.get().organisation.name == "ESAT des Calanques"


def test_a_signatory_without_a_role_in_the_organisation_is_refused(client_relations):
    convention = ConventionFactory()
    organisation = OrganisationFactory(name="ESAT des Calanques")
    stranger = ContactFactory(first_name="Paul", last_name="Durand")
    page = party_post(
        client_relations, convention,
        organisation=organisation.pk, organisation_q="ESAT des Calanques",
        signatory=stranger.pk, signatory_q="Paul Durand",
    )  # fmt: skip
    assert "n&#x27;occupe aucune fonction dans l&#x27;organisation" in page.content.decode()
    assert not Party.objects.exists()


def test_a_journal_entry_refuses_a_contact_of_another_organisation(client_relations):
    calanques, unea = OrganisationFactory(name="ESAT des Calanques"), OrganisationFactory()
    stranger = ContactFactory(first_name="Paul", last_name="Durand")
    Affiliation.objects.create(contact=stranger, organisation=unea, role_title="Chargé")
    page = client_relations.post(
        reverse("partners:interaction_create"),
        {
            "kind": "call", "occurred_on": dt.date(2026, 11, 20), "subject": "Appel",
            "organisations": [calanques.pk], "organisations_q": "",
            "contacts_q": "paul durand",
        },
    )  # fmt: skip
    assert "Paul Durand n&#x27;occupe aucune fonction" in page.content.decode()
    # The organisation stays ticked, the text typed stays in its input.
    assert 'value="paul durand"' in page.content.decode()
    assert f'value="{calanques.pk}" id="id_organisations_{calanques.pk}" checked' in (
        page.content.decode()
    )


def test_the_assignee_filter_takes_a_pick_a_typed_name_or_me(client_coordinator, coordinator):
    other = UserFactory(first_name="Zoé", last_name="Durand")
    TaskFactory(title="La mienne", assignee=coordinator)
    TaskFactory(title="La sienne", assignee=other)
    url = reverse("tasks:task_list")

    def titles(**params) -> set[str]:
        page = client_coordinator.get(url, {"scope": "team", **params}).context["page_obj"]
        return {task.title for task in page}

    assert titles(assignee="me") == {"La mienne"}
    assert titles(assignee=other.pk, assignee_q="Zoé Durand") == {"La sienne"}
    assert titles(assignee_q="zoe") == {"La sienne"}
    # The text erased drops the filter, even with the id left behind (no JavaScript).
    assert titles(assignee=other.pk, assignee_q="") == {"La mienne", "La sienne"}
