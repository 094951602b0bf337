"""Partners screens: what each role sees and may do, and what the user notices."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import (
    Affiliation,
    Contact,
    Department,
    Interaction,
    Organisation,
    Relationship,
)
from tasks.models import Task
from tests.factories import ContactFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def calanques():
    return OrganisationFactory(
        name="ESAT des Calanques", siret="73282932000074", city="Marseille",
        department=Department.objects.get(code="13"),
    )  # fmt: skip


def test_a_collaborator_reads_but_does_not_edit_organisations(client_collaborator, calanques):
    detail = client_collaborator.get(calanques.get_absolute_url())
    assert detail.status_code == 200
    assert "Modifier" not in page(detail)
    assert client_collaborator.get(reverse("partners:organisation_create")).status_code == 403
    update = reverse("partners:organisation_update", args=[calanques.pk])
    assert client_collaborator.post(update, {"name": "Piraté"}).status_code == 403
    archive = reverse("partners:organisation_archive", args=[calanques.pk])
    assert client_collaborator.post(archive).status_code == 403
    assert client_collaborator.get(reverse("partners:import_upload")).status_code == 403
    calanques.refresh_from_db()
    assert calanques.name == "ESAT des Calanques"


def test_an_unknown_organisation_answers_404(client_relations):
    response = client_relations.get(reverse("partners:organisation_detail", args=[999999]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, calanques):
    response = client.get(calanques.get_absolute_url())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_organisation_page_shows_the_siret_formatted(client_coordinator, calanques):
    assert "732 829 320 00074" in page(client_coordinator.get(calanques.get_absolute_url()))


def test_the_organisation_page_shows_relationships_both_ways(client_relations, calanques):
    unea = OrganisationFactory(name="UNEA", kind=Organisation.Kind.NETWORK)
    gip = OrganisationFactory(name="GIP Maximilien", kind=Organisation.Kind.PUBLIC_BUYER)
    Relationship.objects.create(source=calanques, kind="member_of", target=unea)
    Relationship.objects.create(source=gip, kind="federates", target=calanques)
    html = page(client_relations.get(calanques.get_absolute_url()))
    assert "Membre de" in html and "UNEA" in html
    assert "Fédéré·e par" in html and "GIP Maximilien" in html
    assert "A pour membre" in page(client_relations.get(unea.get_absolute_url()))


def test_the_organisation_page_shows_contacts_conventions_and_open_tasks(
    client_relations, calanques, relations_manager
):
    from tests.factories import PartyFactory, TaskFactory

    contact = ContactFactory(first_name="Inès", last_name="Morel")
    Affiliation.objects.create(contact=contact, organisation=calanques, role_title="Directrice")
    PartyFactory(organisation=calanques, convention__title="Convention Calanques 2026")
    TaskFactory(organisation=calanques, title="Relancer la directrice", assignee=relations_manager)
    TaskFactory(organisation=calanques, title="Tâche close", status="cancelled")
    html = page(client_relations.get(calanques.get_absolute_url()))
    assert "Inès Morel" in html and "Directrice" in html
    assert "Convention Calanques 2026" in html
    assert "Relancer la directrice" in html
    assert "Tâche close" not in html


def test_creating_with_an_invalid_siret_says_why_next_to_the_field(client_relations):
    response = client_relations.post(
        reverse("partners:organisation_create"),
        {"name": "ESAT Neuf", "kind": "esat", "status": "active", "siret": "732 829 320 00075"},
    )
    assert response.status_code == 200
    assert "sa clé de contrôle est fausse" in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert not Organisation.objects.filter(name="ESAT Neuf").exists()


def test_creating_an_organisation_records_who_created_it(client_relations, relations_manager):
    response = client_relations.post(
        reverse("partners:organisation_create"),
        {"name": "ESAT Neuf", "kind": "esat", "status": "active", "siret": "732 829 320 00074"},
    )
    organisation = Organisation.objects.get(name="ESAT Neuf")
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.siret == "73282932000074"
    assert organisation.history.get().history_user == relations_manager


def test_a_likely_duplicate_is_flagged_before_creation_and_can_be_confirmed(
    client_relations, calanques
):
    data = {"name": "ESAT les Calanques", "kind": "esat", "status": "active"}
    url = reverse("partners:organisation_create")
    warned = client_relations.post(url, data)
    assert "Cette organisation existe peut-être déjà" in page(warned)
    assert "ESAT des Calanques" in page(warned)
    assert Organisation.objects.count() == 1
    client_relations.post(url, {**data, "confirm_duplicate": "1"})
    assert Organisation.objects.count() == 2


def test_the_same_siret_is_refused_naming_the_existing_organisation(client_relations, calanques):
    response = client_relations.post(
        reverse("partners:organisation_create"),
        {"name": "Autre nom", "kind": "ea", "status": "active", "siret": "73282932000074"},
    )
    assert "Une organisation porte déjà ce SIRET : ESAT des Calanques." in page(response)


def test_an_archived_organisation_leaves_the_list_but_stays_reachable_and_restorable(
    client_relations, calanques
):
    archive = reverse("partners:organisation_archive", args=[calanques.pk])
    assert "Archiver ESAT des Calanques ?" in page(client_relations.get(archive))
    client_relations.post(archive)
    calanques.refresh_from_db()
    assert calanques.status == Organisation.Status.ARCHIVED and calanques.archived_at
    listing = page(client_relations.get(reverse("partners:organisation_list") + "?q=calanques"))
    assert "Aucune organisation ne répond à ces critères." in listing
    archived = reverse("partners:organisation_list") + "?status=archived"
    assert "ESAT des Calanques" in page(client_relations.get(archived))
    assert "Désarchiver" in page(client_relations.get(calanques.get_absolute_url()))
    client_relations.post(reverse("partners:organisation_unarchive", args=[calanques.pk]))
    calanques.refresh_from_db()
    assert calanques.status == Organisation.Status.ACTIVE and calanques.archived_at is None


def test_editing_shows_in_the_history_with_a_restore_link(client_relations, calanques):
    url = reverse("partners:organisation_update", args=[calanques.pk])
    data = {"name": "ESAT Les Calanques", "kind": "esat", "status": "active", "version": 1}
    assert client_relations.post(url, data).status_code == 302
    html = page(client_relations.get(calanques.get_absolute_url()))
    assert "ESAT des Calanques" in html and "ESAT Les Calanques" in html
    assert "Restaurer la version du" in html


def test_a_coordinator_sees_the_history_without_restore(client_coordinator, calanques):
    calanques.name = "Nouveau"
    calanques.save()
    html = page(client_coordinator.get(calanques.get_absolute_url()))
    assert "Historique" in html and "Restaurer la version" not in html


def test_adding_then_ending_a_relationship(client_relations, calanques):
    unea = OrganisationFactory(name="UNEA", kind=Organisation.Kind.NETWORK)
    create = reverse("partners:relationship_create", args=[calanques.pk])
    data = {"kind": "member_of", "target": unea.pk, "starts_on": "2020-01-01"}
    client_relations.post(create, data)
    relationship = Relationship.objects.get(source=calanques, target=unea)
    # The same link twice is refused in French, not by the database.
    assert "Cette relation existe déjà." in page(client_relations.post(create, data))
    end = reverse("partners:relationship_end", args=[relationship.pk])
    refused = client_relations.post(end, {"ends_on": "2019-12-31", "version": 1})
    assert "La fin de la relation doit suivre son début." in page(refused)
    client_relations.post(end, {"ends_on": "2025-06-30", "version": 1})
    relationship.refresh_from_db()
    assert relationship.ends_on == dt.date(2025, 6, 30)
    assert "jusqu'au 30/06/2025" in page(client_relations.get(calanques.get_absolute_url()))


def test_a_coordinator_cannot_add_a_relationship(client_coordinator, calanques):
    url = reverse("partners:relationship_create", args=[calanques.pk])
    assert client_coordinator.get(url).status_code == 403


def test_a_contact_with_roles_in_two_organisations(client_relations, calanques):
    other = OrganisationFactory(name="UNEA", kind=Organisation.Kind.NETWORK)
    contact = ContactFactory(first_name="Inès", last_name="Morel")
    Affiliation.objects.create(contact=contact, organisation=calanques, role_title="Directrice")
    Affiliation.objects.create(
        contact=contact, organisation=other, role_title="Administratrice",
        starts_on=dt.date(2019, 1, 1), ends_on=dt.date(2022, 12, 31),
    )  # fmt: skip
    html = page(client_relations.get(contact.get_absolute_url()))
    assert "Directrice" in html and "Administratrice" in html
    assert "jusqu'au 31/12/2022" in html


def test_creating_a_contact_records_the_consent_date(client_relations):
    client_relations.post(
        reverse("partners:contact_create"),
        {
            "first_name": "Inès",
            "last_name": "Morel",
            "email": "ines@example.org",
            "email_consent": "on",
        },
    )
    contact = Contact.objects.get(email="ines@example.org")
    assert contact.email_consent and contact.email_consent_at is not None


def test_adding_an_affiliation_to_a_contact(client_relations, calanques):
    contact = ContactFactory()
    create = reverse("partners:affiliation_create", args=[contact.pk])
    data = {"organisation": calanques.pk, "role_title": "Directrice", "starts_on": "2024-01-15"}
    client_relations.post(create, data)
    assert contact.affiliations.get().organisation == calanques
    # The same role twice is refused in French, not by the database.
    assert "Ce contact occupe déjà cette fonction ici." in page(client_relations.post(create, data))


def test_a_collaborator_cannot_create_contacts(client_collaborator):
    assert client_collaborator.get(reverse("partners:contact_create")).status_code == 403


def test_logging_a_meeting_with_a_follow_up_task_in_one_form(
    client_relations, calanques, relations_manager
):
    contact = ContactFactory()
    # A contact met holds a role in the organisation the entry is about.
    Affiliation.objects.create(contact=contact, organisation=calanques, role_title="Directrice")
    response = client_relations.post(
        reverse("partners:interaction_create"),
        {
            "kind": "event", "occurred_on": "2026-11-20", "subject": "Handiformelles 2026",
            "organisations": [calanques.pk], "contacts": [contact.pk], "notes": "Trophées.",
            "follow_up": "on", "task_title": "Envoyer la plaquette", "task_due_on": "2026-12-01",
            "task_assignee": relations_manager.pk,
        },
    )  # fmt: skip
    assert response["Location"] == calanques.get_absolute_url()
    interaction = Interaction.objects.get()
    assert list(interaction.organisations.all()) == [calanques]
    task = Task.objects.get()
    assert task.organisation == calanques and task.created_by == relations_manager
    assert "Handiformelles 2026" in task.description
    html = page(client_relations.get(calanques.get_absolute_url()))
    assert "Handiformelles 2026" in html and "Envoyer la plaquette" in html


def test_a_follow_up_without_its_title_creates_nothing(client_relations, calanques):
    response = client_relations.post(
        reverse("partners:interaction_create"),
        {
            "kind": "call", "occurred_on": "2026-11-20", "subject": "Appel",
            "organisations": [calanques.pk], "follow_up": "on", "task_due_on": "2026-12-01",
        },
    )  # fmt: skip
    assert "Obligatoire pour créer la tâche de suivi." in page(response)
    assert not Interaction.objects.exists() and not Task.objects.exists()


def test_a_coordinator_cannot_log_to_the_journal(client_coordinator):
    assert client_coordinator.get(reverse("partners:interaction_create")).status_code == 403


def test_sourcing_answers_which_providers_in_a_department_do_laundry(client_coordinator):
    from partners.models import Trade

    laundry = Trade.objects.create(name="Blanchisserie")
    bdr = Department.objects.get(code="13")
    for n in range(3):
        OrganisationFactory(name=f"ESAT Lavandière {n}", department=bdr).trades.add(laundry)
    OrganisationFactory(
        name="ESAT ailleurs", department=Department.objects.get(code="75")
    ).trades.add(laundry)
    OrganisationFactory(name="Acheteur du 13", kind="public_buyer", department=bdr).trades.add(
        laundry
    )
    url = reverse("partners:provider_list") + f"?trade={laundry.pk}&department={bdr.pk}"
    html = page(client_coordinator.get(url))
    assert "3 prestataires trouvés" in html
    assert "ESAT ailleurs" not in html and "Acheteur du 13" not in html
    by_region = reverse("partners:provider_list") + f"?trade={laundry.pk}&region={bdr.region_id}"
    assert "3 prestataires trouvés" in page(client_coordinator.get(by_region))
    export = client_coordinator.get(
        reverse("partners:provider_export", args=["csv"])
        + f"?trade={laundry.pk}&department={bdr.pk}"
    )
    assert export.content.decode("utf-8-sig").count("ESAT Lavandière") == 3


def test_htmx_requests_get_only_the_results(client_relations, calanques):
    response = client_relations.get(
        reverse("partners:organisation_list") + "?q=calanques", headers={"HX-Request": "true"}
    )
    html = page(response)
    assert "ESAT des Calanques" in html and "<html" not in html


def test_bad_filter_values_never_break_the_list(client_relations, calanques):
    url = reverse("partners:organisation_list") + "?kind=zzz&region=abc&page=xyz&sort=hack"
    assert client_relations.get(url).status_code == 200


def test_an_unknown_export_format_answers_404(client_relations):
    url = reverse("partners:organisation_export", args=["pdf"])
    assert client_relations.get(url).status_code == 404


def test_the_sample_files_download(client_relations):
    response = client_relations.get(reverse("partners:import_sample", args=["organisations.csv"]))
    assert b"raison_sociale" in b"".join(response.streaming_content)
    assert (
        client_relations.get(reverse("partners:import_sample", args=["secret.py"])).status_code
        == 404
    )


def test_valid_siret_helper_is_used_by_the_factories():
    assert len(valid_siret(1)) == 14 and timezone.now()


def test_the_organisation_forms_take_their_fixed_lists_from_the_cache(
    client_relations, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    create = reverse("partners:organisation_create")
    update = reverse("partners:organisation_update", args=[organisation.pk])
    client_relations.get(create)
    # Session, user, the notification badge, the owner shown; the organisation and its
    # trades when editing. Departments, regions and trades were a query each.
    with django_assert_max_num_queries(4):
        page = client_relations.get(create).content.decode()
    assert '<option value="1">' in page and "Bouches-du-Rhône" in page
    with django_assert_max_num_queries(6):
        assert client_relations.get(update).status_code == 200
