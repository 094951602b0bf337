"""Partners through the API: the screens' checks, versions, filters and cursor pages."""

import pytest

from partners.models import Contact, Organisation
from tests.factories import ContactFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


def test_creating_an_organisation_checks_what_the_screen_checks(api_client, relations_manager):
    client = api_client(relations_manager)
    response = client.post(URL, {"name": "ESAT du Rhône", "kind": "esat", "siret": "123"})
    assert response.status_code == 400
    assert response.json()["siret"] == ["Un SIRET compte 14 chiffres ; 3 saisis."]
    response = client.post(URL, {"name": "ESAT du Rhône", "kind": "esat", "siret": valid_siret(4)})
    assert response.status_code == 201, response.json()
    organisation = Organisation.objects.get(pk=response.json()["id"])
    last = organisation.history.latest()
    assert (last.history_user, last.history_change_reason) == (relations_manager, "API")


def test_a_near_duplicate_needs_confirming_as_on_the_screen(api_client, relations_manager):
    OrganisationFactory(name="ESAT des Calanques")
    client = api_client(relations_manager)
    response = client.post(URL, {"name": "ESAT les Calanques", "kind": "esat"}, format="json")
    assert response.status_code == 400
    assert "Organisations semblables" in response.json()["name"][0], response.json()
    data = {"name": "ESAT les Calanques", "kind": "esat", "confirm_duplicate": True}
    assert client.post(URL, data, format="json").status_code == 201


def test_an_edit_needs_the_version_read_and_a_stale_one_answers_412(
    api_client, relations_manager, administrator
):
    organisation = OrganisationFactory(name="Réseau Gesat")
    client = api_client(relations_manager)
    read = client.get(f"{URL}{organisation.pk}/")
    assert read.headers["ETag"] == '"1"'
    assert client.patch(f"{URL}{organisation.pk}/", {"city": "Lyon"}).status_code == 428
    response = client.patch(f"{URL}{organisation.pk}/", {"city": "Lyon"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert (response.json()["city"], response.headers["ETag"]) == ("Lyon", '"2"')
    # Someone else saves in between: the old version is refused, naming who and when.
    other = api_client(administrator)
    assert (
        other.patch(f"{URL}{organisation.pk}/", {"city": "Lille", "version": 2}).status_code == 200
    )
    stale = client.patch(f"{URL}{organisation.pk}/", {"city": "Nantes"}, HTTP_IF_MATCH='"2"')
    assert stale.status_code == 412
    body = stale.json()
    assert body["changed_by"] == str(administrator) and body["version"] == 3
    assert "Modifié par" in body["detail"]
    organisation.refresh_from_db()
    assert organisation.city == "Lille"


def test_roles_are_those_of_the_screens(api_client, collaborator):
    organisation = OrganisationFactory()
    client = api_client(collaborator)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"name": "X", "kind": "esat"}).status_code == 403
    patch = client.patch(f"{URL}{organisation.pk}/", {"city": "Lyon"}, HTTP_IF_MATCH='"1"')
    assert patch.status_code == 403
    assert client.get(f"{URL}999999/").status_code == 404


def test_search_ignores_accents_and_pages_follow_the_cursor(api_client, coordinator):
    for n in range(5):
        OrganisationFactory(name=f"Entreprise adaptée Évreux {n}")
    OrganisationFactory(name="Autre chose")
    client = api_client(coordinator)
    first = client.get(URL, {"q": "evreux", "taille": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    names = [o["name"] for o in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        names += [o["name"] for o in page["results"]]
        url = page["next"]
    assert names == [f"Entreprise adaptée Évreux {n}" for n in range(5)]
    back = client.get(page["previous"]).json()
    assert [o["name"] for o in back["results"]] == names[2:4]


def test_lists_cost_a_bounded_number_of_queries(
    api_client, coordinator, django_assert_max_num_queries
):
    client = api_client(coordinator)
    for _n in range(30):
        organisation = OrganisationFactory()
        contact = ContactFactory()
        contact.affiliations.create(organisation=organisation, role_title="Directrice")
    # Token, page with its count, trades prefetch (and the token's last use, once a minute).
    for url, budget in [
        (URL, 4), ("/api/v1/contacts/", 3), ("/api/v1/affiliations/", 3),
        ("/api/v1/journal/", 5), ("/api/v1/relationships/", 3),
    ]:  # fmt: skip
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url, {"taille": 50}).status_code == 200
    with django_assert_max_num_queries(4):
        client.get(f"{URL}{organisation.pk}/")


def test_a_contact_is_written_like_on_the_screen(api_client, relations_manager):
    client = api_client(relations_manager)
    response = client.post(
        "/api/v1/contacts/",
        {"first_name": "Amélie", "last_name": "Durand", "email": "pas-un-courriel"},
    )
    assert response.status_code == 400
    assert response.json()["email"] == ["Saisissez une adresse e-mail valide."]
    data = {"first_name": "Amélie", "last_name": "Durand", "email_consent": True}
    response = client.post("/api/v1/contacts/", data, format="json")
    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.email_consent_at is not None
    found = client.get("/api/v1/contacts/", {"q": "amelie"}).json()["results"]
    assert [c["id"] for c in found] == [contact.pk]
