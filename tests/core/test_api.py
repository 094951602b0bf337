"""The API's plumbing: tokens, permissions, versions, cursor pages, errors, schema, docs; and
issue 16's acceptance on the demo: a relationship manager feeds Maillage through the API
alone, from a new provider to a signed convention with the Métropole, every step in the
history as made through the API; a collaborator may not, no token may not, a stale edit
may not."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conventions.models import Convention, Party
from core.api.tokens import token_check, token_create
from core.models import ApiToken
from partners.models import Affiliation, Contact, Organisation
from tests.factories import OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"
API_V1 = "/api/v1"


def test_a_token_is_stored_hashed_and_shown_once(client_relations, relations_manager):
    response = client_relations.post(reverse("core:token_list"), {"name": "Tableur", "days": 30})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=relations_manager)
    assert secret.startswith(token.prefix) and secret not in (token.digest, token.prefix)
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    assert secret not in client_relations.get(reverse("core:token_list")).content.decode()


def test_a_token_reads_with_its_holders_rights_and_records_its_use(relations_manager):
    OrganisationFactory(name="ESAT des Calanques")
    token, secret = token_create(user=relations_manager, name="Tableur")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = client.get(ORGANISATIONS)
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["ESAT des Calanques"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_expired_revoked_or_wrong_token_answers_401(relations_manager, client):
    token, secret = token_create(user=relations_manager, name="Tableur")
    assert client.get(ORGANISATIONS, HTTP_AUTHORIZATION="Token nimportequoi").status_code == 401
    assert client.get(ORGANISATIONS, HTTP_AUTHORIZATION=f"Token {secret}x").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert token_check(secret) is None
    assert client.get(ORGANISATIONS, HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401
    response = client.get(ORGANISATIONS)
    assert response.status_code == 401
    assert "Informations d'authentification non fournies" in response.json()["detail"]


def test_revoking_asks_first_and_touches_only_ones_own(
    client_relations, relations_manager, collaborator
):
    mine, _secret = token_create(user=relations_manager, name="Tableur")
    theirs, _secret = token_create(user=collaborator, name="Autre")
    url = reverse("core:token_revoke", args=[mine.pk])
    assert "Révoquer le jeton « Tableur » ?" in client_relations.get(url).content.decode()
    assert ApiToken.objects.filter(pk=mine.pk).exists()
    client_relations.post(url)
    assert not ApiToken.objects.filter(pk=mine.pk).exists()
    other = reverse("core:token_revoke", args=[theirs.pk])
    assert client_relations.post(other).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_schema_and_its_documentation_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/conventions/{id}/sign/" in schema.content
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url).content.decode()
        assert "cdn" not in page.lower() and "<script>" not in page
        assert "/static/drf_spectacular_sidecar/" in page


def test_a_creation_links_to_what_its_new_id_opens(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    created = paths["/api/v1/conventions/"]["post"]["responses"]["201"]
    assert created["links"]["v1_conventions_sign_create"]["parameters"] == {
        "id": "$response.body#/id"
    }
    assert created["links"]["v1_conventions_partial_update"]["parameters"] == {
        "id": "$response.body#/id", "header.If-Match": "$response.header.ETag",
    }  # fmt: skip
    assert created["links"]["v1_parties_create"]["requestBody"] == {
        "convention": "$response.body#/id"
    }
    assert "ETag" in created["headers"]


def test_the_api_root_lists_the_resources(client_relations):
    response = client_relations.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {"organisations", "contacts", "conventions", "tasks", "purchases"} <= set(
        response.json()
    )


def test_each_token_has_its_own_rate(api_client, relations_manager, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    first, second = api_client(relations_manager), api_client(relations_manager)
    assert [first.get(ORGANISATIONS).status_code for _n in range(3)] == [200, 200, 429]
    assert second.get(ORGANISATIONS).status_code == 200


def _reasons(instance) -> list[str]:
    """The history reasons of one row, oldest first."""
    return list(
        instance.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )


def test_a_relationship_manager_signs_a_convention_through_the_api_alone(
    module_demo, db, api_client, relations_manager, collaborator
):
    client = api_client(relations_manager)
    found = client.get(f"{API_V1}/organisations/", {"search": "metropole"}).json()
    names = [o["name"] for o in found["results"]]
    assert "Métropole Aix-Marseille-Provence" in names, names
    assert found["count"] < Organisation.objects.count()
    metropole = next(o for o in found["results"] if o["name"] == "Métropole Aix-Marseille-Provence")

    provider = {"name": "EA Les Jardins de l’Estaque", "kind": "ea", "city": "Marseille"}
    bad = client.post(f"{API_V1}/organisations/", {**provider, "siret": "73282932000075"})
    assert bad.status_code == 400
    assert bad.json() == {
        "siret": ["Ce SIRET n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."]
    }
    created = client.post(f"{API_V1}/organisations/", {**provider, "siret": valid_siret(9101)})
    assert created.status_code == 201, created.json()
    organisation = Organisation.objects.get(pk=created.json()["id"])

    person = {
        "first_name": "Inès",
        "last_name": "Carpentier",
        "email": "ines@jardins-estaque.example.fr",
    }
    contact = client.post(f"{API_V1}/contacts/", person)
    assert contact.status_code == 201, contact.json()
    role = {"contact": contact.json()["id"], "organisation": organisation.pk,
            "role_title": "Directrice"}  # fmt: skip
    affiliation = client.post(f"{API_V1}/affiliations/", role)
    assert affiliation.status_code == 201, affiliation.json()

    terms = {"title": "Achats responsables de la Métropole auprès des Jardins de l’Estaque",
             "starts_on": "2026-01-01", "ends_on": "2027-12-31"}  # fmt: skip
    convention = client.post(f"{API_V1}/conventions/", terms)
    assert convention.status_code == 201, convention.json()
    pk = convention.json()["id"]
    parties = [
        {"organisation": organisation.pk, "role": "signatory", "signs": True,
         "signatory": contact.json()["id"], "signatory_title": "Directrice",
         "signed_on": "2026-01-05"},
        {"organisation": metropole["id"], "role": "signatory", "signs": True,
         "signatory_title": "Président", "signed_on": "2026-01-06"},
    ]  # fmt: skip
    for party in parties:
        response = client.post(f"{API_V1}/parties/", {**party, "convention": pk})
        assert response.status_code == 201, response.json()
    assert client.post(f"{API_V1}/conventions/{pk}/negotiate/").status_code == 200
    signed = client.post(f"{API_V1}/conventions/{pk}/sign/")
    assert signed.status_code == 200, signed.json()
    assert (signed.json()["status"], signed.json()["signed_on"]) == ("signed", "2026-01-06")

    # Each step in the object's history, by its author, through the API.
    signed_convention = Convention.objects.get(pk=pk)
    assert _reasons(organisation) == ["API"]
    assert _reasons(Contact.objects.get(pk=contact.json()["id"])) == ["API"]
    assert _reasons(Affiliation.objects.get(pk=affiliation.json()["id"])) == ["API"]
    assert _reasons(signed_convention) == [
        "API", "Statut : En négociation (API)", "Statut : Signée (API)",
    ]  # fmt: skip
    for party in Party.objects.filter(convention=signed_convention):
        assert _reasons(party) == ["API"]
    assert signed_convention.history.latest().history_user == relations_manager

    # Once signed, the parties are the signed text's.
    late = client.post(f"{API_V1}/parties/", {**parties[0], "convention": pk, "role": "partner"})
    assert "créez un avenant" in late.json()["non_field_errors"][0]

    # A collaborator reads but writes none of it; without a token, nothing.
    other = api_client(collaborator)
    writes = [
        (f"{API_V1}/organisations/", {**provider, "siret": valid_siret(9102)}),
        (f"{API_V1}/contacts/", person),
        (f"{API_V1}/affiliations/", role),
        (f"{API_V1}/conventions/", terms),
        (f"{API_V1}/parties/", {**parties[0], "convention": pk}),
        (f"{API_V1}/conventions/{pk}/sign/", {}),
    ]
    for url, data in writes:
        assert other.post(url, data).status_code == 403, url
        assert APIClient().post(url, data).status_code == 401, url
    assert other.get(f"{API_V1}/conventions/{pk}/").status_code == 200

    # An edit from a stale read is refused, naming who changed it.
    url = f"{API_V1}/organisations/{organisation.pk}/"
    read = client.get(url).headers["ETag"]
    assert client.patch(url, {"website": "https://jardins-estaque.example.fr"}, HTTP_IF_MATCH=read)
    stale = client.patch(url, {"city": "Aubagne"}, HTTP_IF_MATCH=read)
    assert stale.status_code == 412
    assert stale.json()["changed_by"] == str(relations_manager)
    assert Organisation.objects.get(pk=organisation.pk).city == "Marseille"
