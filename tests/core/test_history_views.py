"""The shared "Historique" block and restoring an earlier version."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from core.history import history_entries
from partners.models import Department, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def edit(organisation: Organisation, user, **changes) -> None:
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation._history_user = user
    organisation.save()


def test_history_names_who_changed_which_field_from_what_to_what(relations_manager):
    organisation = OrganisationFactory(name="ESAT des Calanques")
    edit(
        organisation, relations_manager, name="ESAT Les Calanques",
        department=Department.objects.get(code="13"),
    )  # fmt: skip
    latest, creation = history_entries(organisation)
    assert latest.user == relations_manager
    assert latest.kind == "Modification"
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["raison sociale"] == ("ESAT des Calanques", "ESAT Les Calanques")
    assert changes["département"] == ("—", "Bouches-du-Rhône (13)")
    assert changes["région"] == ("—", "Provence-Alpes-Côte d'Azur")
    assert creation.kind == "Création"


def test_reading_history_costs_the_same_for_5_or_50_versions(
    relations_manager, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    for n in range(50):
        edit(organisation, relations_manager, name=f"Nom {n}", workforce=n)
    with django_assert_max_num_queries(3):
        entries = history_entries(organisation)
    assert len(entries) == 20


def test_restoring_asks_for_confirmation_then_restores_as_a_new_version(
    client_relations, relations_manager
):
    organisation = OrganisationFactory(name="Ancien nom")
    first = organisation.history.get()
    edit(organisation, relations_manager, name="Nouveau nom")
    url = reverse(
        "core:history_restore", args=["partners.organisation", organisation.pk, first.history_id]
    )
    page = client_relations.get(url).content.decode()
    assert "Nouveau nom" in page and "Ancien nom" in page
    organisation.refresh_from_db()
    assert organisation.name == "Nouveau nom"

    client_relations.post(url)
    organisation.refresh_from_db()
    assert organisation.name == "Ancien nom"
    latest = organisation.history.first()
    assert latest.history_user == relations_manager
    assert latest.history_change_reason.startswith("Restauration de la version du ")
    assert organisation.history.count() == 3


def test_a_restore_that_breaks_a_rule_is_refused_with_its_message(client_relations):
    organisation = OrganisationFactory()
    old_siret = organisation.siret
    first = organisation.history.get()
    organisation.siret = ""
    organisation.save()
    OrganisationFactory(siret=old_siret)
    url = reverse(
        "core:history_restore", args=["partners.organisation", organisation.pk, first.history_id]
    )
    response = client_relations.post(url, follow=True)
    assert "Une organisation porte déjà ce SIRET." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.siret == ""


def test_a_collaborator_may_not_restore(client_collaborator):
    organisation = OrganisationFactory()
    record = organisation.history.get()
    url = reverse(
        "core:history_restore", args=["partners.organisation", organisation.pk, record.history_id]
    )
    assert client_collaborator.post(url).status_code == 403


def test_users_and_unknown_models_cannot_be_restored(client_administrator, administrator):
    record = administrator.history.first()
    for label, pk in [("core.user", administrator.pk), ("nope.nothing", 1)]:
        url = reverse("core:history_restore", args=[label, pk, record.history_id])
        assert client_administrator.get(url).status_code == 404


def test_amounts_are_written_the_french_way():
    rendered = Template("{% load core_tags %}{{ a|euros }} | {{ b|euros }}").render(
        Context({"a": 1_900_000, "b": "1234.5"})
    )
    assert rendered == "1\u202f900\u202f000\u202f€ | 1\u202f234,50\u202f€"


def test_pagination_links_keep_the_filters():
    request = RequestFactory().get("/", {"q": "métropole", "kind": "esat", "page": "2"})
    rendered = Template("{% load core_tags %}{% query_transform page=3 %}").render(
        Context({"request": request})
    )
    assert rendered == "q=m%C3%A9tropole&amp;kind=esat&amp;page=3"
