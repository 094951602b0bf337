"""Duplicates: warned of on the forms, skipped on import, merged on a screen of their own."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from conventions.models import Convention
from core.history_feed import history_feed
from partners.importers import import_check
from partners.models import Affiliation, Contact, Merge, Organisation, Relationship, Trade
from partners.services import interaction_log
from tests.factories import (
    ContactFactory,
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
)
from tests.partners.import_files import as_csv

pytestmark = pytest.mark.django_db


def merge_url(record, other=None):
    url = reverse(f"partners:{record._meta.model_name}_merge", args=[record.pk])
    return f"{url}?autre={other.pk}" if other else url


def history_rows() -> set:
    """Every history row of every model, as (table, history id)."""
    return {
        (model._meta.label, pk)
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        for pk in model.objects.values_list("pk", flat=True)
    }


# Duplicate warnings


def test_a_second_contact_with_the_same_name_is_warned_of_then_created_on_confirmation(
    client_relations,
):
    yann = ContactFactory(first_name="Yann", last_name="Le Goff", email="")
    Affiliation.objects.create(
        contact=yann,
        organisation=OrganisationFactory(name="Tremplin Armor"),
        role_title="Commercial",
    )
    data = {"first_name": "yann", "last_name": "Le  Goff", "civility": "m"}
    page = client_relations.post(reverse("partners:contact_create"), data)
    content = page.content.decode()
    assert "Ce contact existe peut-être déjà" in content
    assert yann.get_absolute_url() in content and "Tremplin Armor" in content
    assert "Créer quand même" in content
    assert Contact.objects.count() == 1

    response = client_relations.post(
        reverse("partners:contact_create"), {**data, "confirm_duplicate": "1"}
    )
    assert response.status_code == 302
    assert Contact.objects.count() == 2


def test_a_professional_email_already_known_is_warned_of(client_relations):
    known = ContactFactory()
    Affiliation.objects.create(
        contact=known,
        organisation=OrganisationFactory(),
        role_title="DG",
        email="dg@esat.example.org",
    )
    data = {"first_name": "Autre", "last_name": "Nom", "email": "DG@esat.example.org"}
    page = client_relations.post(reverse("partners:contact_create"), data)
    assert "Ce contact existe peut-être déjà" in page.content.decode()


def test_renaming_an_organisation_like_another_warns_and_offers_the_merge(client_relations):
    OrganisationFactory(name="ESAT Les Calanques")
    organisation = OrganisationFactory(name="Autre nom", siret="")
    page = client_relations.get(reverse("partners:organisation_update", args=[organisation.pk]))
    data = {
        **{k: v for k, v in page.context["form"].initial.items() if v is not None},
        "name": "ESAT des Calanques", "kind": "esat", "status": "active",
    }  # fmt: skip
    response = client_relations.post(
        reverse("partners:organisation_update", args=[organisation.pk]), data
    )
    content = response.content.decode()
    assert "Cette organisation existe peut-être déjà" in content
    assert merge_url(organisation) in content
    organisation.refresh_from_db()
    assert organisation.name == "Autre nom"


# Import


def test_an_import_without_siret_skips_a_known_name_and_postal_code_and_flags_a_repeat():
    OrganisationFactory(name="ESAT Les Genêts", siret="", postal_code="29200")
    header = ["raison_sociale", "type", "code_postal"]
    rows = [
        ["Esat les Genets", "ESAT", "29200"],  # known: same normalised name, same postal code
        ["ESAT Les Genêts", "ESAT", "56100"],  # another town: a new organisation
        ["ESAT Nouveau", "ESAT", "13001"],
        ["esat nouveau", "ESAT", "13001"],  # the row above, twice in the file
    ]
    report = import_check(kind="organisations", filename="o.csv", content=as_csv(rows, header))
    assert [row for row, _reason in report.skipped] == [2]
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (5, "raison_sociale", "Doublon de la ligne 4 du fichier.")
    ]


def test_a_contacts_import_skips_a_person_already_in_that_organisation():
    organisation = OrganisationFactory(siret="98000003800011")
    yann = ContactFactory(first_name="Yann", last_name="Le Goff", email="yann@ailleurs.example.org")
    Affiliation.objects.create(contact=yann, organisation=organisation, role_title="Commercial")
    header = [
        "civilite",
        "prenom",
        "nom",
        "courriel",
        "consentement_courriel",
        "organisation_siret",
    ]
    rows = [["M.", "Yann", "Le Goff", "yann.legoff@tremplin.example.org", "non", "98000003800011"]]
    report = import_check(kind="contacts", filename="c.csv", content=as_csv(rows, header))
    assert report.skipped == [(2, "Déjà en fonction dans cette organisation.")]
    assert report.pending == []


# Merging


def two_duplicates(user):
    kept = OrganisationFactory(name="ESAT des Calanques", siret="")
    removed = OrganisationFactory(name="ESAT Les Calanques", postal_code="13009")
    laundry = Trade.objects.create(name="Blanchisserie")
    removed.trades.add(laundry)
    anne = ContactFactory(first_name="Anne", last_name="Marin")
    for organisation in (kept, removed):  # the same role twice: one is kept
        Affiliation.objects.create(contact=anne, organisation=organisation, role_title="DG")
    Relationship.objects.create(source=removed, target=kept, kind="partner_of")
    party = PartyFactory(organisation=removed, convention=ConventionFactory(title="Partenariat"))
    interaction_log(
        by=user, organisations=[removed], contacts=[anne], occurred_on=dt.date(2026, 3, 2),
        kind="meeting", subject="Visite",
    )  # fmt: skip
    task = TaskFactory(organisation=removed, title="Relancer")
    return kept, removed, party, task, laundry


def test_the_merge_screen_previews_what_moves_then_moves_it_all_and_records_the_merge(
    client_relations, relations_manager, django_assert_max_num_queries
):
    kept, removed, party, task, laundry = two_duplicates(relations_manager)
    before = history_rows()
    with django_assert_max_num_queries(40):
        preview = client_relations.get(merge_url(kept, removed))
    moves = {move.label: move.count for move in preview.context["moves"]}
    assert moves["Parties (organisation)"] == 1
    assert moves["Fonctions (organisation)"] == 1
    assert (
        "Fusionner « ESAT Les Calanques » dans « ESAT des Calanques »" in preview.content.decode()
    )

    response = client_relations.post(merge_url(kept), {"autre": removed.pk})
    assert response.status_code == 302

    assert not Organisation.objects.filter(pk=removed.pk).exists()
    party.refresh_from_db()
    task.refresh_from_db()
    assert party.organisation == kept and task.organisation == kept
    assert list(kept.trades.all()) == [laundry]
    assert kept.affiliations.count() == 1  # Anne's second, identical role is gone
    assert not Relationship.objects.exists()  # it would link the organisation to itself
    assert kept.interactions.get().subject == "Visite"
    kept.refresh_from_db()
    assert kept.postal_code == "13009" and kept.siret == removed.siret  # blanks filled
    assert before <= history_rows()
    merge = Merge.objects.get()
    assert (merge.kept_id, merge.removed_id, merge.merged_by) == (
        kept.pk,
        removed.pk,
        relations_manager,
    )
    assert "Fusion de « ESAT Les Calanques »" in kept.history.first().history_change_reason
    # Both histories on the kept record's page: the merged-away one's creation included.
    entries = history_feed(kept, limit=100).entries
    assert {e.object_id for e in entries if e.part == ""} == {kept.pk, removed.pk}


def test_two_contacts_merge_with_their_roles_and_journal(client_relations, relations_manager):
    organisation = OrganisationFactory()
    kept = ContactFactory(first_name="Yann", last_name="Le Goff", phone="")
    removed = ContactFactory(first_name="Yann", last_name="Le Goff", phone="06 00 00 00 00")
    Affiliation.objects.create(contact=removed, organisation=organisation, role_title="Commercial")
    interaction_log(
        by=relations_manager, organisations=[organisation], contacts=[removed],
        occurred_on=dt.date(2026, 3, 2), kind="call", subject="Appel",
    )  # fmt: skip
    client_relations.post(merge_url(kept), {"autre": removed.pk})
    assert not Contact.objects.filter(pk=removed.pk).exists()
    assert kept.affiliations.get().organisation == organisation
    assert kept.interactions.get().subject == "Appel"
    kept.refresh_from_db()
    assert kept.phone == "06 00 00 00 00"


def test_a_convention_both_are_party_to_keeps_one_party_with_the_actions_it_led(
    client_relations,
):
    from actions.models import Action

    convention = ConventionFactory()
    kept, removed = OrganisationFactory(), OrganisationFactory()
    staying = PartyFactory(convention=convention, organisation=kept)
    lead = PartyFactory(convention=convention, organisation=removed)
    action = Action.objects.create(
        convention=convention, number="1", title="Piloter", lead_party=lead
    )
    client_relations.post(merge_url(kept), {"autre": removed.pk})
    assert list(convention.parties.all()) == [staying]
    action.refresh_from_db()
    assert action.lead_party == staying


def test_the_merge_screen_finds_the_other_record_by_name(client_relations):
    kept = OrganisationFactory(name="Réseau Gesat")
    other = OrganisationFactory(name="GESAT réseau national")
    page = client_relations.get(merge_url(kept), {"q": "gesat"})
    assert list(page.context["matches"]) == [other]
    assert f'href="?autre={other.pk}"' in page.content.decode()


def test_only_managers_and_administrators_merge(client_coordinator, client_collaborator):
    kept, removed = OrganisationFactory(), OrganisationFactory()
    for client in (client_coordinator, client_collaborator):
        assert client.get(merge_url(kept, removed)).status_code == 403
        assert client.post(merge_url(kept), {"autre": removed.pk}).status_code == 403
    assert client_coordinator.get(merge_url(ContactFactory())).status_code == 403
    assert Organisation.objects.count() == 2


# Acceptance, on the demo


def test_a_merge_of_two_demo_organisations_keeps_every_convention_contact_and_history_row(
    module_demo, client_relations
):
    with_parties = list(
        Organisation.objects.filter(parties__isnull=False).distinct().order_by("pk")
    )
    kept = with_parties[0]
    kept_conventions = set(kept.parties.values_list("convention", flat=True))
    removed = next(
        o for o in with_parties[1:]
        if not kept_conventions & set(o.parties.values_list("convention", flat=True))
    )  # fmt: skip
    conventions = set(Convention.objects.values_list("pk", flat=True))
    contacts = set(Contact.objects.values_list("pk", flat=True))
    theirs = set(removed.parties.values_list("convention", flat=True))
    people = set(removed.affiliations.values_list("contact", flat=True))
    before = history_rows()

    response = client_relations.post(merge_url(kept), {"autre": removed.pk})

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=removed.pk).exists()
    assert set(Convention.objects.values_list("pk", flat=True)) == conventions
    assert set(Contact.objects.values_list("pk", flat=True)) == contacts
    assert theirs <= set(kept.parties.values_list("convention", flat=True))
    assert people <= set(kept.affiliations.values_list("contact", flat=True))
    assert before <= history_rows()
