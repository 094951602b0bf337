"""Conventions through the API: the screens' form, lifecycle services and list filters."""

import datetime as dt

import pytest

from conventions.models import Axis, Clause, Convention, Party, Programme
from conventions.models.locks import LOCKED_MESSAGE
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/conventions/"


def test_signing_is_an_action_with_the_screens_refusals(api_client, relations_manager):
    convention = ConventionFactory(status=Convention.Status.NEGOTIATION)
    party = PartyFactory(convention=convention, organisation=OrganisationFactory(name="Unea"))
    client = api_client(relations_manager)
    refused = client.post(f"{URL}{convention.pk}/sign/")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["Signature impossible : date de signature manquante pour Unea."]
    }
    party.signed_on = dt.date(2026, 2, 3)
    party.save()
    response = client.post(f"{URL}{convention.pk}/sign/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["signed_on"]) == ("signed", "2026-02-03")
    last = Convention.objects.get(pk=convention.pk).history.latest()
    assert last.history_change_reason == "Statut : Signée (API)"
    assert last.history_user == relations_manager


def test_a_coordinator_may_read_but_not_sign(api_client, coordinator):
    convention = ConventionFactory(status=Convention.Status.NEGOTIATION)
    client = api_client(coordinator)
    assert client.get(f"{URL}{convention.pk}/").status_code == 200
    assert client.post(f"{URL}{convention.pk}/sign/").status_code == 403


def test_terminating_needs_the_screens_date_and_reason(api_client, relations_manager):
    convention = ConventionFactory(status=Convention.Status.ACTIVE, signed_on=dt.date(2026, 1, 1))
    client = api_client(relations_manager)
    refused = client.post(f"{URL}{convention.pk}/terminate/", {"terminated_on": "demain"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"terminated_on", "reason"}
    data = {"terminated_on": "2026-06-30", "reason": "Fin du programme"}
    response = client.post(f"{URL}{convention.pk}/terminate/", data)
    assert response.status_code == 200 and response.json()["status"] == "terminated"


def test_creating_and_editing_go_through_the_form(api_client, relations_manager):
    client = api_client(relations_manager)
    bad = {"title": "Partenariat", "starts_on": "2026-05-01", "ends_on": "2026-01-01"}
    refused = client.post(URL, bad)
    assert refused.status_code == 400
    assert "La fin de la convention doit suivre sa prise d'effet." in str(refused.json())
    created = client.post(URL, {**bad, "ends_on": "2027-04-30"})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["reference"].startswith("CONV-") and body["status"] == "draft"
    edited = client.patch(f"{URL}{body['id']}/", {"title": "Partenariat régional", "version": 1})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(f"{URL}{body['id']}/", {**bad, "ends_on": "2027-04-30", "version": 1})
    assert stale.status_code == 412


def test_the_list_filters_like_the_screen_within_its_query_budget(
    api_client, coordinator, django_assert_max_num_queries
):
    for n in range(12):
        convention = ConventionFactory(title=f"Achats responsables {n}")
        PartyFactory(convention=convention)
    ConventionFactory(
        title="Emploi accompagné", status=Convention.Status.ACTIVE, signed_on=dt.date(2026, 1, 1)
    )
    client = api_client(coordinator)
    client.get(URL)
    with django_assert_max_num_queries(3):
        found = client.get(URL, {"q": "achats", "taille": 5}).json()
    assert found["count"] == 12 and len(found["results"]) == 5
    assert client.get(URL, {"search": "achats"}).json()["count"] == 12
    assert [c["title"] for c in client.get(URL, {"status": "active"}).json()["results"]] == [
        "Emploi accompagné"
    ]
    refused = client.get(URL, {"year": "1800"})
    assert refused.status_code == 400 and "year" in refused.json()
    for url in ("/api/v1/parties/", "/api/v1/axes/", "/api/v1/articles/", "/api/v1/programmes/"):
        with django_assert_max_num_queries(3):
            assert (
                client.get(
                    url, {"convention": convention.pk} if "pro" not in url else {}
                ).status_code
                == 200
            )


def test_a_programme_is_created_and_edited_through_its_form(
    api_client, relations_manager, coordinator, django_assert_max_num_queries
):
    pilot = OrganisationFactory(name="GIP Maximilien")
    client = api_client(relations_manager)
    url = "/api/v1/programmes/"
    assert client.post(url, {"pilot": pilot.pk}).json() == {"name": ["Ce champ est obligatoire."]}
    client.get(url)
    with django_assert_max_num_queries(13):
        created = client.post(url, {"name": "MACS Île-de-France", "pilot": pilot.pk})
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    with django_assert_max_num_queries(17):
        edited = client.patch(f"{url}{pk}/", {"acronym": "MACS"}, HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["acronym"] == "MACS"
    assert Programme.objects.get(pk=pk).history.latest().history_change_reason == "API"
    assert client.patch(f"{url}{pk}/", {"acronym": "M"}, HTTP_IF_MATCH='"1"').status_code == 412
    assert api_client(coordinator).post(url, {"name": "Autre"}).status_code == 403
    assert client.delete(f"{url}{pk}/").status_code == 405


@pytest.mark.parametrize(
    ("resource", "data", "budgets"),
    [
        # A party's write also refreshes its convention's search text (three queries).
        ("parties", {"role": "partner", "commitments": "Relayer les appels d'offres."},
         (23, 28, 14)),
        ("axes", {"number": 1, "title": "Achats responsables"}, (15, 20, 11)),
        ("articles", {"number": 1, "title": "Objet", "body": "La présente convention…"},
         (15, 20, 10)),
    ],
)  # fmt: skip
def test_a_convention_text_is_written_until_signed_then_refused_in_french(
    api_client, relations_manager, coordinator, django_assert_max_num_queries,
    resource, data, budgets,
):  # fmt: skip
    create, edit, delete = budgets
    convention = ConventionFactory()
    if resource == "parties":
        data = {**data, "organisation": OrganisationFactory(name="Réseau Gesat").pk}
    client = api_client(relations_manager)
    url = f"/api/v1/{resource}/"
    assert client.post(url, data).json() == {"convention": ["Choisissez une convention."]}
    client.get(url)
    with django_assert_max_num_queries(create):
        created = client.post(url, {**data, "convention": convention.pk})
    assert created.status_code == 201, created.json()
    detail = f"{url}{created.json()['id']}/"
    with django_assert_max_num_queries(edit):
        edited = client.patch(detail, {"title": "Achats", "commitments": "X"}, HTTP_IF_MATCH="1")
    assert edited.status_code == 200, edited.json()
    assert api_client(coordinator).delete(detail).status_code == 403
    with django_assert_max_num_queries(delete):
        assert client.delete(detail).status_code == 204
    kept = client.post(url, {**data, "convention": convention.pk}).json()
    model = {"parties": Party, "axes": Axis, "articles": Clause}[resource]
    assert model.objects.get(pk=kept["id"]).history.latest().history_change_reason == "API"
    # Signed: the same writes are refused with the screens' message, and nothing changes.
    Convention.objects.filter(pk=convention.pk).update(
        status=Convention.Status.SIGNED, signed_on=dt.date(2026, 1, 5)
    )
    locked = {"non_field_errors": [LOCKED_MESSAGE]}
    assert client.post(url, {**data, "convention": convention.pk}).json() == locked
    detail = f"{url}{kept['id']}/"
    assert client.patch(detail, {"title": "Autre"}, HTTP_IF_MATCH="1").json() == locked
    refused = client.delete(detail)
    assert (refused.status_code, refused.json()) == (400, locked)
    assert model.objects.filter(convention=convention).count() == 1


def test_deleting_an_axis_keeps_its_actions_as_on_the_screen(api_client, relations_manager):
    axis = AxisFactory()
    action = ActionFactory(convention=axis.convention, axis=axis)
    assert api_client(relations_manager).delete(f"/api/v1/axes/{axis.pk}/").status_code == 204
    action.refresh_from_db()
    assert action.axis is None
