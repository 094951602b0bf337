"""History shown where users look: a convention's and an organisation's parts, merged."""

import datetime as dt

import pytest
from django.urls import reverse

from conventions import services
from conventions.models import Clause, Convention
from core.history import history_entries, history_restore
from core.history_feed import history_feed
from partners.models import Affiliation, Organisation, Relationship, Trade
from partners.services import interaction_log
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ContactFactory,
    ConventionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


def saved(instance, user, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()
    return instance


def test_changing_a_partys_signatory_shows_on_the_conventions_history_with_who_and_when(
    client_relations, relations_manager
):
    party = PartyFactory(organisation__name="ESAT des Calanques")
    first, second = (
        ContactFactory(first_name="Anne", last_name="Marin"),
        ContactFactory(first_name="Paul", last_name="Roux"),
    )
    for contact in (first, second):
        Affiliation.objects.create(
            contact=contact, organisation=party.organisation, role_title="DG"
        )
    saved(party, relations_manager, signatory=first)
    url = reverse("conventions:party_update", args=[party.convention_id, party.pk])
    response = client_relations.post(url, {
        "organisation": party.organisation_id, "role": "signatory", "signs": "on",
        "signatory": second.pk, "signatory_title": "Directeur", "order": 0, "version": 1,
    })  # fmt: skip
    assert response.status_code == 302

    tab = reverse("conventions:convention_section", args=[party.convention_id, "historique"])
    page = client_relations.get(tab).content.decode()
    history = page[page.index('id="history-title"') :]
    line = history[: history.index("</table>")]
    assert "Partie : ESAT des Calanques" in line
    assert "par relations-test" in line or str(relations_manager) in line
    assert "Anne Marin" in line and "Paul Roux" in line
    assert dt.date.today().strftime("%d/%m/%Y") in line


def test_a_conventions_history_merges_its_articles_axes_actions_and_indicators_newest_first(
    relations_manager,
):
    convention = ConventionFactory(title="Partenariat")
    AxisFactory(convention=convention, number=1, title="Sourcing")
    clause = Clause.objects.create(convention=convention, number=1, title="Objet", body="Texte")
    ActionFactory(convention=convention, number="1", title="Former les acheteurs")
    IndicatorFactory(convention=convention, name="Achats")
    saved(clause, relations_manager, body="Nouveau texte")

    entries = history_feed(convention).entries
    parts = [entry.part for entry in entries]
    assert parts[0] == "Article 1 — Objet"
    assert entries[0].user == relations_manager
    assert [(c.old, c.new) for c in entries[0].changes] == [("Texte", "Nouveau texte")]
    assert {"Axe 1 — Sourcing", "Action 1 — Former les acheteurs", "Indicateur : Achats"} <= set(
        parts
    )
    assert parts[-1] == ""  # the convention's own creation, oldest
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)


def test_a_creation_is_one_line_not_a_table_of_every_field():
    organisation = OrganisationFactory(acronym="ECQ", city="Marseille")
    (creation,) = history_entries(organisation)
    assert creation.kind == "Création"
    assert creation.changes == []


def test_an_organisations_history_shows_its_relationships_affiliations_and_journal(
    relations_manager,
):
    organisation = OrganisationFactory(name="Réseau Gesat")
    other = OrganisationFactory(name="UNEA")
    Relationship.objects.create(source=organisation, target=other, kind="partner_of")
    Affiliation.objects.create(
        contact=ContactFactory(first_name="Yann", last_name="Le Goff"),
        organisation=organisation,
        role_title="Délégué",
    )
    interaction_log(
        by=relations_manager, organisations=[organisation], contacts=[],
        occurred_on=dt.date(2026, 3, 2), kind="meeting", subject="Comité de pilotage",
    )  # fmt: skip
    parts = {entry.part for entry in history_feed(organisation).entries}
    assert "Fonction : Yann Le Goff — Délégué" in parts
    assert "Journal : Comité de pilotage" in parts
    assert any(part.startswith("Relation : Réseau Gesat") for part in parts)


def test_a_trade_added_then_restored_away_comes_back(relations_manager):
    laundry, cleaning = (Trade.objects.create(name=name) for name in ("Blanchisserie", "Nettoyage"))
    organisation = OrganisationFactory()
    organisation.trades.add(laundry)
    with_laundry = organisation.history.first()
    organisation.trades.add(cleaning)
    assert history_entries(organisation)[0].changes[0].field == "métiers"

    history_restore(instance=organisation, history_id=with_laundry.history_id, by=relations_manager)
    assert list(organisation.trades.all()) == [laundry]
    latest = history_entries(organisation)[0]
    assert latest.reason.startswith("Restauration")
    assert [(c.field, c.new) for c in latest.changes] == [("métiers", str(laundry))]

    history_restore(
        instance=Organisation.objects.get(pk=organisation.pk),
        history_id=organisation.history.order_by("history_date")[2].history_id,
        by=relations_manager,
    )
    assert set(organisation.trades.all()) == {laundry, cleaning}


def test_restoring_a_renewed_convention_keeps_renewed(relations_manager):
    convention = ConventionFactory(
        status=Convention.Status.SIGNED, signed_on=dt.date(2025, 12, 1), renewal_months=12
    )
    draft_version = convention.history.get()
    services.convention_renew(convention=convention, by=relations_manager)
    convention.refresh_from_db()
    history_restore(instance=convention, history_id=draft_version.history_id, by=relations_manager)
    convention.refresh_from_db()
    assert convention.status == Convention.Status.RENEWED
    assert convention.signed_on == dt.date(2025, 12, 1)


def test_restoring_an_archived_organisation_keeps_it_archived(relations_manager):
    from partners.services import organisation_archive

    organisation = OrganisationFactory(name="Ancien nom")
    first = organisation.history.get()
    saved(organisation, relations_manager, name="Nouveau nom")
    organisation_archive(organisation=organisation, by=relations_manager)
    history_restore(instance=organisation, history_id=first.history_id, by=relations_manager)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.status) == ("Ancien nom", "archived")


@pytest.mark.parametrize("edits", [3, 40])
def test_the_history_page_is_paginated_and_costs_the_same_for_3_or_40_edits(
    edits, client_relations, relations_manager, django_assert_max_num_queries
):
    convention = ConventionFactory()
    party = PartyFactory(convention=convention)
    axis = AxisFactory(convention=convention)
    for n in range(edits):
        saved(party, relations_manager, signatory_title=f"Titre {n}")
        saved(axis, relations_manager, title=f"Axe {n}")
    url = reverse("core:history_list", args=["conventions.convention", convention.pk])
    seen = []
    with django_assert_max_num_queries(16):
        page = client_relations.get(url)
    seen += page.context["history"]
    while page.context["next_cursor"]:
        page = client_relations.get(url, {"avant": page.context["next_cursor"]})
        seen += page.context["history"]
    total = convention.history.count() + party.history.count() + axis.history.count()
    assert len(seen) == total
    assert len({(e.label, e.history_id) for e in seen}) == total


def test_the_convention_page_links_to_the_whole_history_when_it_is_long(
    client_relations, relations_manager
):
    convention = ConventionFactory()
    axis = AxisFactory(convention=convention)
    for n in range(12):
        saved(axis, relations_manager, title=f"Axe {n}")
    tab = reverse("conventions:convention_section", args=[convention.pk, "historique"])
    page = client_relations.get(tab)
    assert len(page.context["history"]) == 10
    assert page.context["history_more_url"] == reverse(
        "core:history_list", args=["conventions.convention", convention.pk]
    )
    # A part's earlier version may be restored from the convention page.
    axis_versions = reverse("core:history_list", args=["conventions.axis", axis.pk])
    assert f'href="{axis_versions}' in page.content.decode()


def test_a_collaborator_reads_the_history_but_is_offered_no_restore(client_collaborator):
    convention = ConventionFactory()
    url = reverse("core:history_list", args=["conventions.convention", convention.pk])
    response = client_collaborator.get(url)
    assert response.status_code == 200
    assert response.context["can_restore"] is False
    assert client_collaborator.get(
        reverse("core:history_list", args=["core.user", 1])
    ).status_code in (403, 404)


def test_a_relationship_restored_from_the_organisation_page_leads_back_to_it(
    client_relations, relations_manager
):
    organisation = OrganisationFactory(name="Réseau Gesat")
    relationship = Relationship.objects.create(
        source=organisation, target=OrganisationFactory(), kind="partner_of", notes="Avant"
    )
    first = relationship.history.get()
    saved(relationship, relations_manager, notes="Après")
    page = client_relations.get(organisation.get_absolute_url()).content.decode()
    url = reverse(
        "core:history_restore", args=["partners.relationship", relationship.pk, first.history_id]
    )
    assert f'href="{url}?retour=' in page
    back = organisation.get_absolute_url()
    response = client_relations.post(url, {"retour": back})
    assert response.status_code == 302 and response.url == back
    relationship.refresh_from_db()
    assert relationship.notes == "Avant"
    assert client_relations.post(url, {"retour": "https://ailleurs.example/"}).url == "/"


def test_adding_a_trade_on_the_edit_form_is_one_history_line_naming_it(client_relations):
    laundry = Trade.objects.create(name="Blanchisserie")
    organisation = OrganisationFactory(name="ESAT des Calanques")
    url = reverse("partners:organisation_update", args=[organisation.pk])
    form = client_relations.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "trades"}
    response = client_relations.post(
        url, {**data, "version": organisation.version, "trades": [laundry.pk]}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert organisation.history.count() == 2
    latest = history_entries(organisation)[0]
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("métiers", "—", "Blanchisserie")]
