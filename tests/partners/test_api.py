"""Partners through the API: the screens' checks, versions, filters and cursor pages."""

import pytest
from django.utils import timezone

from partners.models import Contact, Interaction, Organisation
from tasks.models import Task
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
    for search in ({"q": "amelie"}, {"search": "AMÉLIE"}):
        found = client.get("/api/v1/contacts/", search).json()["results"]
        assert [c["id"] for c in found] == [contact.pk]


def test_an_affiliation_is_added_under_its_contact_and_edited_with_its_version(
    api_client, relations_manager, coordinator, django_assert_max_num_queries
):
    contact, organisation = ContactFactory(), OrganisationFactory(name="Unea")
    archived = OrganisationFactory(status=Organisation.Status.ARCHIVED, archived_at=timezone.now())
    client = api_client(relations_manager)
    url = "/api/v1/affiliations/"
    assert client.post(url, {"organisation": organisation.pk}).json() == {
        "contact": ["Choisissez un contact."]
    }
    refused = client.post(url, {"contact": contact.pk, "organisation": archived.pk})
    assert "organisation" in refused.json() and "choix valide" in refused.json()["organisation"][0]
    data = {"contact": contact.pk, "organisation": organisation.pk, "role_title": "Directrice"}
    client.get(url)
    with django_assert_max_num_queries(23):
        created = client.post(url, data)
    assert (created.status_code, created.headers["ETag"]) == (201, '"1"'), created.json()
    assert client.post(url, data).json() == {
        "non_field_errors": ["Ce contact occupe déjà cette fonction ici."]
    }
    affiliation = contact.affiliations.get()
    assert (affiliation.organisation, affiliation.role_title) == (organisation, "Directrice")
    assert affiliation.history.latest().history_change_reason == "API"
    # The contact stays; the edit needs the version read, a stale one answers 412.
    other = ContactFactory()
    patch = {"role_title": "Présidente", "contact": other.pk}
    with django_assert_max_num_queries(26):
        edited = client.patch(f"{url}{affiliation.pk}/", patch, HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["contact"], edited.json()["role_title"]) == (contact.pk, "Présidente")
    assert client.patch(f"{url}{affiliation.pk}/", patch, HTTP_IF_MATCH='"1"').status_code == 412
    assert api_client(coordinator).post(url, data).status_code == 403
    assert client.delete(f"{url}{affiliation.pk}/").status_code == 405


def test_a_relationship_is_created_then_ended_as_on_the_screens(
    api_client, relations_manager, collaborator, django_assert_max_num_queries
):
    source, target = OrganisationFactory(name="Réseau Gesat"), OrganisationFactory(name="Unea")
    client = api_client(relations_manager)
    url = "/api/v1/relationships/"
    itself = client.post(url, {"source": source.pk, "kind": "partner_of", "target": source.pk})
    assert "target" in itself.json(), itself.json()
    data = {"source": source.pk, "kind": "partner_of", "target": target.pk,
            "starts_on": "2025-03-01"}  # fmt: skip
    client.get(url)
    with django_assert_max_num_queries(29):
        created = client.post(url, data)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert client.post(url, data).json() == {"non_field_errors": ["Cette relation existe déjà."]}
    assert client.patch(f"{url}{pk}/", {"notes": "X"}, HTTP_IF_MATCH='"1"').status_code == 405
    end = f"{url}{pk}/end/"
    early = client.post(end, {"ends_on": "2025-01-01"})
    assert early.json() == {"ends_on": ["La fin de la relation doit suivre son début."]}
    assert client.post(end, {"ends_on": "2026-01-01"}, HTTP_IF_MATCH='"0"').status_code == 412
    assert api_client(collaborator).post(end, {"ends_on": "2026-01-01"}).status_code == 403
    with django_assert_max_num_queries(29):
        ended = client.post(end, {"ends_on": "2026-01-01"}, HTTP_IF_MATCH='"1"')
    assert ended.status_code == 200, ended.json()
    assert (ended.json()["ends_on"], ended.headers["ETag"]) == ("2026-01-01", '"2"')
    again = client.post(end, {"ends_on": "2026-02-01"})
    assert again.json() == {"ends_on": ["Cette relation est déjà terminée."]}
    assert source.relationships_out.get().history.latest().history_change_reason == "API"


def test_a_journal_entry_is_logged_with_its_follow_up_corrected_and_deleted(
    api_client, relations_manager, coordinator, django_assert_max_num_queries
):
    organisation = OrganisationFactory(name="Métropole Aix-Marseille-Provence")
    member, stranger = ContactFactory(last_name="Benali"), ContactFactory(last_name="Roux")
    member.affiliations.create(organisation=organisation, role_title="Acheteuse")
    client = api_client(relations_manager)
    url = "/api/v1/journal/"
    entry = {"kind": "meeting", "occurred_on": "2026-03-02", "subject": "Comité de pilotage",
             "organisations": [organisation.pk], "contacts": [member.pk, stranger.pk]}  # fmt: skip
    refused = client.post(url, entry, format="json")
    assert "n'occupe aucune fonction" in refused.json()["contacts"][0]
    entry |= {"contacts": [member.pk], "follow_up": True, "task_title": "Envoyer le compte rendu",
              "task_due_on": "2026-03-09", "task_assignee": relations_manager.pk}  # fmt: skip
    client.get(url)
    with django_assert_max_num_queries(82):
        created = client.post(url, entry, format="json")
    assert created.status_code == 201, created.json()
    interaction = Interaction.objects.get(pk=created.json()["id"])
    assert interaction.author == relations_manager
    assert interaction.history.latest().history_change_reason == "API"
    follow_up = Task.objects.get(title="Envoyer le compte rendu")
    assert follow_up.assignee == relations_manager and follow_up.organisation == organisation
    detail = f"{url}{interaction.pk}/"
    with django_assert_max_num_queries(34):
        edited = client.patch(detail, {"subject": "Comité de pilotage n° 2"}, HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["version"] == 2, edited.json()
    assert api_client(coordinator).delete(detail).status_code == 403
    assert client.delete(detail, HTTP_IF_MATCH='"1"').status_code == 412
    with django_assert_max_num_queries(14):
        assert client.delete(detail).status_code == 204
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
    gone = Interaction.history.filter(id=interaction.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", relations_manager)
    assert gone.history_change_reason == "Entrée du journal supprimée (API)"
