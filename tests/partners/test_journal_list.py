"""The journal is searched and filtered like the other lists: by kind, period, author,
organisation or person, accents ignored, everything kept in the URL, in a bounded number of
queries whatever its size."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.pagination import AFTER
from partners import services
from partners.models import Interaction
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partners:interaction_list")


@pytest.fixture
def journal(relations_manager, coordinator):
    esat = OrganisationFactory(name="ESAT des Calanques")
    ea = OrganisationFactory(name="Entreprise adaptée des Calanques")
    helene = ContactFactory(first_name="Hélène", last_name="Lefèvre")
    log = services.interaction_log
    return SimpleNamespace(
        esat=esat, ea=ea, helene=helene,
        call=log(by=relations_manager, organisations=[esat], contacts=[helene], kind="call",
                 occurred_on=dt.date(2026, 3, 2), subject="Appel de suivi",
                 notes="Le marché réservé est relancé."),
        meeting=log(by=coordinator, organisations=[ea], contacts=[], kind="meeting",
                    occurred_on=dt.date(2026, 5, 12), subject="Comité de pilotage",
                    location="Lyon"),
        email=log(by=relations_manager, organisations=[esat, ea], contacts=[], kind="email",
                  occurred_on=dt.date(2026, 9, 30), subject="Envoi de la convention"),
    )  # fmt: skip


def subjects(client, query: dict) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [entry.subject for entry in response.context["page_obj"]]


def test_the_journal_lists_the_newest_entries_first(client_collaborator, journal):
    assert subjects(client_collaborator, {}) == [
        "Envoi de la convention", "Comité de pilotage", "Appel de suivi",
    ]  # fmt: skip


def test_each_filter_narrows_the_journal(client_collaborator, journal, coordinator):
    def found(**query: object) -> list[str]:
        return subjects(client_collaborator, query)

    assert found(kind="meeting") == ["Comité de pilotage"]
    assert found(du="2026-05-12") == ["Envoi de la convention", "Comité de pilotage"]
    assert found(au="2026-05-12") == ["Comité de pilotage", "Appel de suivi"]
    assert found(du="2026-04-01", au="2026-06-30") == ["Comité de pilotage"]
    assert found(author=coordinator.pk) == ["Comité de pilotage"]
    assert found(organisation=journal.esat.pk) == ["Envoi de la convention", "Appel de suivi"]
    assert found(contact=journal.helene.pk) == ["Appel de suivi"]
    assert found(kind="email", organisation=journal.ea.pk) == ["Envoi de la convention"]
    assert found(kind="call", du="2026-04-01") == []


def test_the_search_ignores_accents_and_case_in_subject_place_and_notes(
    client_collaborator, journal
):
    def found(text: str) -> list[str]:
        return subjects(client_collaborator, {"q": text})

    assert found("marche reserve") == ["Appel de suivi"]
    assert found("MARCHÉ Réservé") == ["Appel de suivi"]
    assert found("comite") == ["Comité de pilotage"]
    assert found("lyon") == ["Comité de pilotage"]
    assert found("pilotage envoi") == [], "every word must match"


def test_an_entry_corrected_is_searched_by_its_new_words(client_relations, journal):
    url = reverse("partners:interaction_update", args=[journal.call.pk])
    response = client_relations.post(url, {
        "kind": "call", "occurred_on": "02/03/2026", "subject": "Appel à l'Été solidaire",
        "location": "", "notes": "", "version": journal.call.version,
        "organisations": [journal.esat.pk],
    })  # fmt: skip
    assert response.status_code == 302
    assert subjects(client_relations, {"q": "ete solidaire"}) == ["Appel à l'Été solidaire"]
    assert subjects(client_relations, {"q": "reserve"}) == []


def test_the_relation_filters_typed_without_javascript(client_collaborator, journal, coordinator):
    # Without the script the text is sent alone; every organisation it names counts, and an
    # entry naming two of them still shows once.
    assert subjects(client_collaborator, {"organisation_q": "calanques", "organisation": ""}) == [
        "Envoi de la convention", "Comité de pilotage", "Appel de suivi",
    ]  # fmt: skip
    assert subjects(client_collaborator, {"organisation_q": "esat", "organisation": ""}) == [
        "Envoi de la convention", "Appel de suivi",
    ]  # fmt: skip
    assert subjects(client_collaborator, {"author_q": coordinator.last_name}) == [
        "Comité de pilotage"
    ]
    assert subjects(client_collaborator, {"contact_q": "helene lefevre"}) == ["Appel de suivi"]


def test_the_filter_form_is_the_partners_lists_one(client_collaborator, journal):
    html = client_collaborator.get(LIST, {"kind": "call", "du": "2026-01-01"}).content.decode()
    assert 'role="search"' in html and 'hx-push-url="true"' in html
    for name in ("q", "kind", "organisation", "contact", "author", "du", "au"):
        assert f'for="id_{name}' in html, name
    # The autocompletes (core/autocomplete.py) for the organisation, the person, the author.
    assert html.count('data-autocomplete="') >= 3
    assert reverse("core:autocomplete", args=["organisations"]) in html
    export = reverse("partners:interaction_export", args=["csv"])
    assert f"{export}?kind=call&amp;du=2026-01-01" in html, "the export keeps the filters"


def test_htmx_gets_the_results_alone_with_the_filters_in_the_url(client_collaborator, journal):
    response = client_collaborator.get(LIST, {"kind": "call"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<form" not in html and "<h1" not in html
    assert "1 entrée." in html and "Appel de suivi" in html
    assert "?kind=call" in html


def test_a_bad_date_or_a_reversed_period_is_said_next_to_its_field(client_collaborator, journal):
    response = client_collaborator.get(LIST, {"du": "2026-02-31"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une date valide." in html and 'id="id_du_error"' in html
    assert len(response.context["page_obj"]) == 3, "the list stays, without that filter"

    response = client_collaborator.get(LIST, {"du": "2026-06-01", "au": "2026-01-01"})
    html = response.content.decode()
    assert "La fin de la période précède son début." in html and 'id="id_au_error"' in html
    assert [e.subject for e in response.context["page_obj"]] == ["Envoi de la convention"]


def test_an_organisation_page_opens_its_journal_with_the_filter_named(client_collaborator, journal):
    page = client_collaborator.get(journal.esat.get_absolute_url()).content.decode()
    link = f"{LIST}?organisation={journal.esat.pk}&amp;organisation_q=ESAT%20des%20Calanques"
    assert link in page
    html = client_collaborator.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="ESAT des Calanques"' in html
    assert "2 entrées." in html


def test_the_new_entry_button_names_the_organisation_the_list_is_filtered_on(
    client_relations, journal
):
    html = client_relations.get(LIST, {"organisation": journal.esat.pk}).content.decode()
    assert f"{reverse('partners:interaction_create')}?organisation={journal.esat.pk}" in html


def populate(count: int, author) -> dict:
    organisation = OrganisationFactory(name="ESAT des Calanques")
    contact = ContactFactory(first_name="Hélène", last_name="Lefèvre")
    entries = Interaction.objects.bulk_create(
        [
            Interaction(
                kind="call" if n % 2 else "meeting", occurred_on=dt.date(2026, 1, 1 + n % 28),
                subject=f"Appel {n}", search_text=f"appel {n} marche reserve", author=author,
            )
            for n in range(count)
        ]
    )  # fmt: skip
    Interaction.organisations.through.objects.bulk_create(
        [Interaction.organisations.through(interaction=e, organisation=organisation)
         for e in entries]
    )  # fmt: skip
    Interaction.contacts.through.objects.bulk_create(
        [Interaction.contacts.through(interaction=e, contact=contact) for e in entries]
    )
    return {"organisation": organisation.pk, "contact": contact.pk, "author": author.pk}


QUERIES = [
    "",
    "q=march%C3%A9+reserve&kind=call&du=2026-01-01&au=2026-12-31",
    # As the autocompletes send them: the id, the label riding along.
    "organisation={organisation}&organisation_q=ESAT+des+Calanques&author={author}&author_q=x",
    "contact={contact}&contact_q=H%C3%A9l%C3%A8ne+Lef%C3%A8vre",
    # Without JavaScript: the texts typed, matched on the indexed names and the cached people.
    "organisation=&organisation_q=calanques&author_q=Journaliste&contact_q=lefevre",
]


@pytest.mark.parametrize("count", [5, 200])
def test_the_journal_runs_at_most_5_queries_whatever_its_size_and_filters(
    count, client_collaborator, django_assert_max_num_queries
):
    author = UserFactory(first_name="Jeanne", last_name="Journaliste")
    ids = populate(count, author)
    urls = [f"{LIST}?{query.format(**ids)}" for query in QUERIES]
    # The first visits fill the cached permissions and people; the budget is the rest.
    for url in urls:
        client_collaborator.get(url)
    for url in urls:
        with django_assert_max_num_queries(5):
            response = client_collaborator.get(url)
        page = response.context["page_obj"]
        assert len(page) > 0, url
        assert all(len(entry.people_organisations) == 1 for entry in page)
        if page.has_next:
            with django_assert_max_num_queries(5):
                response = client_collaborator.get(f"{url}&{AFTER}={page.next_cursor}")
            assert len(response.context["page_obj"]) > 0, url
        with django_assert_max_num_queries(5):
            assert client_collaborator.get(url, headers={"HX-Request": "true"}).status_code == 200
