"""The API's plumbing: tokens, permissions, versions, cursor pages, errors, schema, docs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.api.tokens import token_check, token_create
from core.models import ApiToken
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"


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
    from rest_framework.test import APIClient

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


def test_the_api_root_lists_the_resources(client_relations):
    response = client_relations.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {"organisations", "contacts", "conventions", "tasks"} <= set(response.json())


def test_each_token_has_its_own_rate(api_client, relations_manager, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    first, second = api_client(relations_manager), api_client(relations_manager)
    assert [first.get(ORGANISATIONS).status_code for _n in range(3)] == [200, 200, 429]
    assert second.get(ORGANISATIONS).status_code == 200
