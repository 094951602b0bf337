import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actions.models import Action, Measurement
from conventions.models import Convention, Party
from tests.factories import (
    AxisFactory,
    ConventionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
    moved_to,
)

pytestmark = pytest.mark.django_db
S = Convention.Status


@pytest.fixture(autouse=True)
def _on_15_june_2026():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_searches_by_party_name_without_accents(client_collaborator):
    convention = ConventionFactory(title="Partenariat annuel")
    PartyFactory(convention=convention, organisation__name="Métropole Aix-Marseille-Provence")
    ConventionFactory(title="Autre partenariat")
    page = page_of(
        client_collaborator.get(reverse("conventions:convention_list"), {"q": "metropole"})
    )
    assert "Partenariat annuel" in page
    assert "Autre partenariat" not in page


def test_the_list_filters_by_status_kind_party_year_and_ending(client_collaborator):
    org = OrganisationFactory(name="Réseau Gesat")
    match = ConventionFactory(
        title="Celle-ci", signed_on=dt.date(2026, 1, 2),
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 7, 1),
    )  # fmt: skip
    PartyFactory(convention=match, organisation=org)
    moved_to(match, S.ACTIVE)
    ConventionFactory(title="Pas celle-là", status=S.ACTIVE, signed_on=dt.date(2026, 1, 2))
    params = {
        "status": "active", "kind": "partnership", "party": org.pk, "year": 2026, "ending": 30,
    }  # fmt: skip
    page = page_of(client_collaborator.get(reverse("conventions:convention_list"), params))
    assert "Celle-ci" in page
    assert "Pas celle-là" not in page


def test_the_renew_view_lists_conventions_ending_or_past_notice_within_90_days(client_collaborator):
    ConventionFactory(
        title="Préavis proche", status=S.ACTIVE, signed_on=dt.date(2025, 1, 1),
        starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 12, 31), notice_days=120,
    )  # fmt: skip
    ConventionFactory(
        title="Fin lointaine", status=S.ACTIVE, signed_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
    )  # fmt: skip
    page = page_of(
        client_collaborator.get(reverse("conventions:convention_list"), {"view": "renew"})
    )
    assert "Préavis proche" in page
    assert "Fin lointaine" not in page


def test_bad_filter_values_never_break_the_list(client_collaborator):
    response = client_collaborator.get(
        reverse("conventions:convention_list"),
        {"year": "deux-mille", "party": "x", "sort": "drop table", "page": "999"},
    )
    assert response.status_code == 200


def _bulk_conventions(n: int) -> None:
    orgs = [OrganisationFactory() for _ in range(3)]
    for i in range(n):
        convention = ConventionFactory(programme=None)
        for org in orgs:
            Party.objects.create(convention=convention, organisation=org, order=i)


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_runs_the_same_queries_small_or_large(
    size, client_collaborator, django_assert_max_num_queries
):
    _bulk_conventions(size)
    with django_assert_max_num_queries(10):
        page_of(client_collaborator.get(reverse("conventions:convention_list")))


def _convention_with_plan(actions: int) -> Convention:
    convention = ConventionFactory(status=S.NEGOTIATION)
    parties = [PartyFactory(convention=convention) for _ in range(3)]
    axes = [AxisFactory(convention=convention, number=n) for n in (1, 2)]
    Action.objects.bulk_create(
        Action(
            convention=convention, number=str(i + 1), order=i, title=f"Action {i + 1}",
            axis=axes[i % 2], lead_party=parties[i % 3], due_on=dt.date(2026, 6, 1 + i % 28),
        )
        for i in range(actions)
    )  # fmt: skip
    for n in range(3):
        indicator = IndicatorFactory(convention=convention, name=f"Indicateur {n}")
        Measurement.objects.bulk_create(
            Measurement(indicator=indicator, measured_on=dt.date(2026, m, 1), value=m * 10)
            for m in range(1, 6)
        )
    TaskFactory(convention=convention, title="Relancer la signature")
    return convention


def section(client, convention: Convention, slug: str) -> str:
    return page_of(
        client.get(reverse("conventions:convention_section", args=[convention.pk, slug]))
    )


@pytest.mark.parametrize("actions", [3, 60])
def test_the_plan_tab_runs_the_same_queries_with_3_or_60_actions(
    actions, client_relations, django_assert_max_num_queries
):
    convention = _convention_with_plan(actions)
    with django_assert_max_num_queries(16):
        page = section(client_relations, convention, "plan")
    # The first 25 actions; the list holds them all.
    assert page.count('id="action-') == min(actions, 25)
    assert (f"Voir les {actions} actions" in page) == (actions > 1)
    assert "Relancer la signature" in section(client_relations, convention, "taches")
    assert "Historique" in section(client_relations, convention, "historique")


def test_the_workspace_shows_the_plan_by_axis_late_actions_and_indicator_figures(
    client_collaborator,
):
    convention = _convention_with_plan(4)
    plan = section(client_collaborator, convention, "plan")
    assert "Axe 1 — " in plan and "Axe 2 — " in plan
    assert "En retard" in plan
    indicators = section(client_collaborator, convention, "indicateurs")
    assert "Dernière mesure : <strong>50 €</strong>" in indicators
    assert "<svg" in indicators and 'role="img"' in indicators
    page = page_of(client_collaborator.get(convention.get_absolute_url()))
    assert ">Documents</a>" in page and ">Tâches</a>" in page
    assert "4 actions en retard" in page


def test_the_page_explains_why_signing_is_not_possible_yet(client_relations):
    convention = ConventionFactory(status=S.NEGOTIATION)
    PartyFactory(convention=convention, organisation__name="Réseau Gesat")
    page = page_of(client_relations.get(convention.get_absolute_url()))
    assert "date de signature manquante pour Réseau Gesat" in page
    sign = reverse("conventions:convention_transition", args=[convention.pk, "sign"])
    assert f'href="{sign}"' not in page


def test_signing_is_a_post_after_a_confirmation_page(client_relations, relations_manager):
    convention = ConventionFactory(status=S.NEGOTIATION)
    PartyFactory(convention=convention, signed_on=dt.date(2026, 6, 12))
    url = reverse("conventions:convention_transition", args=[convention.pk, "sign"])
    assert "Confirmer : Enregistrer la signature" in page_of(client_relations.get(url))
    assert Convention.objects.get(pk=convention.pk).status == S.NEGOTIATION
    response = client_relations.post(url, follow=True)
    assert response.redirect_chain[0][1] == 302
    convention.refresh_from_db()
    assert convention.status == S.SIGNED
    assert convention.history.first().history_user == relations_manager
    assert (
        f"La signature de la convention {convention.reference} est enregistrée : la convention "
        "est signée."
    ) in page_of(response)


def test_a_refused_transition_posted_anyway_changes_nothing_and_says_why(client_relations):
    convention = ConventionFactory(status=S.NEGOTIATION)
    PartyFactory(convention=convention)
    url = reverse("conventions:convention_transition", args=[convention.pk, "sign"])
    response = client_relations.post(url, follow=True)
    assert "date de signature manquante" in response.content.decode()
    assert Convention.objects.get(pk=convention.pk).status == S.NEGOTIATION


def test_termination_asks_for_a_date_and_a_reason(client_relations):
    convention = ConventionFactory(status=S.ACTIVE, signed_on=dt.date(2026, 1, 1))
    url = reverse("conventions:convention_transition", args=[convention.pk, "terminate"])
    page = page_of(client_relations.post(url, {"terminated_on": "", "reason": ""}))
    assert "Ce champ est obligatoire." in page
    response = client_relations.post(url, {"terminated_on": "2026-06-01", "reason": "Fin"})
    assert response.status_code == 302
    assert Convention.objects.get(pk=convention.pk).status == S.TERMINATED


def test_renewing_from_the_page_opens_the_successor(client_relations):
    convention = ConventionFactory(status=S.ACTIVE, signed_on=dt.date(2026, 1, 1))
    url = reverse("conventions:convention_transition", args=[convention.pk, "renew"])
    response = client_relations.post(url, follow=True)
    successor = Convention.objects.get(predecessor=convention)
    assert response.redirect_chain[0][0] == successor.get_absolute_url()
    assert (
        f"La convention {convention.reference} est renouvelée : la convention "
        f"{successor.reference} reprend son contenu, en brouillon."
    ) in page_of(response)


def test_each_part_of_the_text_is_added_and_saved_in_words_of_its_own(client_relations):
    convention = ConventionFactory()
    organisation = OrganisationFactory(name="Réseau Gesat")
    add_party = reverse("conventions:party_create", args=[convention.pk])
    page = page_of(client_relations.get(add_party))
    assert '<h1 class="h2">Ajouter une partie</h1>' in page and "Ajouter :" not in page
    response = client_relations.post(
        add_party, {"organisation": organisation.pk, "role": "partner", "order": 1}, follow=True
    )
    assert "La partie « Réseau Gesat (Partenaire) » est enregistrée." in page_of(response)
    add_axis = reverse("conventions:axis_create", args=[convention.pk])
    assert '<h1 class="h2">Ajouter un axe</h1>' in page_of(client_relations.get(add_axis))
    add_clause = reverse("conventions:clause_create", args=[convention.pk])
    assert '<h1 class="h2">Ajouter un article</h1>' in page_of(client_relations.get(add_clause))
    response = client_relations.post(
        add_clause, {"number": 1, "title": "Objet", "body": "La présente convention…"}, follow=True
    )
    assert "L&#x27;article « Article 1 — Objet » est enregistré." in page_of(response)
    clause = convention.clauses.get()
    edit = reverse("conventions:clause_update", args=[convention.pk, clause.pk])
    assert "Modifier l&#x27;article « Article 1 — Objet »</h1>" in page_of(
        client_relations.get(edit)
    )
    delete = reverse("conventions:clause_delete", args=[convention.pk, clause.pk])
    response = client_relations.post(delete, follow=True)
    assert "L&#x27;article « Article 1 — Objet » est supprimé." in page_of(response)


@pytest.mark.parametrize("fixture", ["client_collaborator", "client_coordinator"])
def test_only_relationship_managers_change_a_status(fixture, request):
    client = request.getfixturevalue(fixture)
    convention = ConventionFactory()
    url = reverse("conventions:convention_transition", args=[convention.pk, "negotiate"])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert (
        client.get(reverse("conventions:convention_update", args=[convention.pk])).status_code
        == 403
    )
    assert Convention.objects.get(pk=convention.pk).status == S.DRAFT


def test_an_unknown_step_or_convention_answers_404(client_relations):
    convention = ConventionFactory()
    url = reverse("conventions:convention_transition", args=[convention.pk, "teleport"])
    assert client_relations.get(url).status_code == 404
    assert (
        client_relations.get(reverse("conventions:convention_detail", args=[99999])).status_code
        == 404
    )


def test_a_party_of_another_convention_answers_404(client_relations):
    party = PartyFactory()
    other = ConventionFactory()
    url = reverse("conventions:party_update", args=[other.pk, party.pk])
    assert client_relations.get(url).status_code == 404


def test_adding_the_same_organisation_twice_is_explained(client_relations):
    party = PartyFactory()
    url = reverse("conventions:party_create", args=[party.convention.pk])
    page = page_of(
        client_relations.post(
            url, {"organisation": party.organisation.pk, "role": "signatory", "order": 2}
        )
    )
    assert "Cette organisation est déjà partie à la convention." in page


def test_a_signature_date_is_recorded_on_a_party(client_relations):
    party = PartyFactory(signs=True)
    url = reverse("conventions:party_update", args=[party.convention.pk, party.pk])
    data = {
        "organisation": party.organisation.pk, "role": "signatory", "signs": "on",
        "signed_on": "2026-06-14", "order": 1, "version": 1,
    }  # fmt: skip
    assert client_relations.post(url, data).status_code == 302
    party.refresh_from_db()
    assert party.signed_on == dt.date(2026, 6, 14)


def test_axes_and_articles_are_numbered_and_renumbered(client_relations):
    convention = ConventionFactory()
    url = reverse("conventions:axis_create", args=[convention.pk])
    client_relations.post(url, {"number": 2, "title": "Professionnaliser"})
    client_relations.post(url, {"number": 1, "title": "Sourcer"})
    assert [a.title for a in convention.axes.all()] == ["Sourcer", "Professionnaliser"]
    page = page_of(client_relations.post(url, {"number": 1, "title": "Doublon"}))
    assert "Cette convention a déjà un axe portant ce numéro." in page
    clause_url = reverse("conventions:clause_create", args=[convention.pk])
    client_relations.post(clause_url, {"number": 1, "title": "Objet", "body": "Texte"})
    clause = convention.clauses.get()
    edit = reverse("conventions:clause_update", args=[convention.pk, clause.pk])
    client_relations.post(edit, {"number": 3, "title": "Objet", "body": "Texte", "version": 1})
    assert convention.clauses.get().number == 3


def test_creating_a_convention_in_a_programme(client_relations):
    from conventions.models import Programme

    programme = Programme.objects.create(name="MACS Île-de-France")
    data = {
        "title": "GIP Maximilien × UNEA", "kind": "partnership", "programme": programme.pk,
        "renewal_months": 12, "notice_days": 0,
    }  # fmt: skip
    response = client_relations.post(reverse("conventions:convention_create"), data)
    convention = Convention.objects.get(title="GIP Maximilien × UNEA")
    assert response.url == convention.get_absolute_url()
    assert convention.programme == programme


def test_an_edit_over_a_newer_version_keeps_my_input_and_says_who_changed_it(
    client_relations, client_administrator
):
    convention = ConventionFactory(title="Titre d'origine")
    url = reverse("conventions:convention_update", args=[convention.pk])
    base = {"kind": "partnership", "renewal_months": 12, "notice_days": 0, "version": 1}
    assert (
        client_administrator.post(url, {**base, "title": "Titre de l'administratrice"}).status_code
        == 302
    )
    page = page_of(client_relations.post(url, {**base, "title": "Mon titre"}))
    assert "Modifié par" in page and "après l&#x27;ouverture de votre formulaire" in page
    assert 'value="Mon titre"' in page
    assert Convention.objects.get(pk=convention.pk).title == "Titre de l'administratrice"
    assert 'name="version" value="2"' in page


def test_an_amendment_is_created_from_a_signed_convention(client_relations):
    convention = ConventionFactory(status=S.SIGNED, signed_on=dt.date(2026, 1, 1))
    url = reverse("conventions:convention_amend", args=[convention.pk])
    response = client_relations.post(url, {"title": "Avenant n° 1", "purpose": ""})
    amendment = convention.amendments.get()
    assert response.url == amendment.get_absolute_url()
    page = page_of(client_relations.get(convention.get_absolute_url()))
    assert amendment.reference in page


@pytest.mark.parametrize("count", [3, 60])
def test_the_plan_tab_names_each_lead_party_from_the_parties_it_holds(
    count, client_relations, django_assert_max_num_queries
):
    convention = ConventionFactory()
    party = PartyFactory(convention=convention, organisation__acronym="ESAT-LP")
    Action.objects.bulk_create(
        Action(convention=convention, lead_party=party, number=str(n), order=n, title=f"A{n}")
        for n in range(count)
    )
    url = reverse("conventions:convention_section", args=[convention.pk, "plan"])
    # The lead parties come from the parties the workspace's header already read.
    with django_assert_max_num_queries(16):
        page = page_of(client_relations.get(url))
    assert page.count(">ESAT-LP</td>") == min(count, 25)


def test_the_search_follows_a_party_renamed_added_or_removed(client_collaborator):
    convention = ConventionFactory(title="Partenariat annuel", reference="CONV-2026-0042")
    party = PartyFactory(convention=convention, organisation__name="ESAT des Collines")
    url = reverse("conventions:convention_list")

    def found(query: str) -> bool:
        page = page_of(client_collaborator.get(url, {"q": query}))
        return "CONV-2026-0042" in page

    assert found("collines annuel") and found("conv-2026-0042")
    organisation = party.organisation
    organisation.name = "Atelier Émeraude"
    organisation.save()
    assert found("emeraude") and not found("collines")
    PartyFactory(convention=convention, organisation__name="Régie du Port")
    assert found("regie port")
    party.delete()
    assert not found("emeraude") and found("regie")
