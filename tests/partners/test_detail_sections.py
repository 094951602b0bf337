"""Detail pages at national size: the first rows of each section, then "voir les N"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Affiliation, Contact, Interaction, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CONTACT_LINK = re.compile(r'href="/partenaires/contacts/\d+/"')
# An entry's heading (its "Corriger"/"Supprimer" links repeat the subject for screen readers).
ENTRY_HEADING = re.compile(r'(?<!visually-hidden"> : )Sujet n°\d+')


def _busy(count: int) -> Organisation:
    """An organisation with `count` contacts, journal entries and past versions."""
    hub = OrganisationFactory(name="Réseau très suivi", kind="network")
    contacts = Contact.objects.bulk_create(
        Contact(first_name="Prénom", last_name=f"Nom {n:04d}", name_normalized=f"nom {n:04d}")
        for n in range(count)
    )
    Affiliation.objects.bulk_create(
        Affiliation(contact=c, organisation=hub, role_title="Chargé·e") for c in contacts
    )
    entries = Interaction.objects.bulk_create(
        Interaction(kind="call", occurred_on=dt.date(2026, 1, 1), subject=f"Sujet n°{n}")
        for n in range(count)
    )
    Interaction.organisations.through.objects.bulk_create(
        Interaction.organisations.through(interaction=e, organisation=hub) for e in entries
    )
    Interaction.contacts.through.objects.bulk_create(
        Interaction.contacts.through(interaction=e, contact=contacts[0]) for e in entries
    )
    Organisation.history.bulk_history_create([hub] * count, default_date=timezone.now())
    return hub


@pytest.mark.parametrize("count", [5, 500])
def test_the_organisation_page_shows_the_first_rows_of_each_section_at_a_bounded_cost(
    count, client_relations, django_assert_max_num_queries
):
    hub = _busy(count)
    # The merged history (core/history_feed.py) reads each part's table; past its first
    # lines, one more query counts them all, bounded. The purchases panel adds one grouped
    # query of the organisation's yearly totals.
    with django_assert_max_num_queries(24):
        html = client_relations.get(hub.get_absolute_url()).content.decode()
    assert len(CONTACT_LINK.findall(html)) == min(count, 10), "ten contacts at most"
    assert len(ENTRY_HEADING.findall(html)) == min(count, 10), "ten journal entries at most"
    if count == 500:
        assert f'?organisation={hub.pk}">Voir les 500 contacts' in html
        assert "Voir les 500 entrées du journal" in html
        history_url = reverse("core:history_list", args=["partners.organisation", hub.pk])
        assert history_url in html and "Voir les 501 lignes de l'historique" in html
    else:
        assert "Voir les" not in html


@pytest.mark.parametrize("count", [5, 500])
def test_the_contact_page_bounds_its_journal(
    count, client_relations, django_assert_max_num_queries
):
    hub = _busy(count)
    contact = hub.affiliations.order_by("contact__last_name").first().contact
    with django_assert_max_num_queries(14):
        html = client_relations.get(contact.get_absolute_url()).content.decode()
    assert len(ENTRY_HEADING.findall(html)) == min(count, 10)
    assert ("Voir les 500 entrées du journal" in html) == (count == 500)


def test_the_full_lists_behind_voir_les_n_page_and_filter(
    client_relations, django_assert_max_num_queries
):
    hub = _busy(60)
    contacts = client_relations.get(reverse("partners:contact_list"), {"organisation": hub.pk})
    assert "60 contacts" in contacts.content.decode()

    journal_url = reverse("partners:interaction_list")
    with django_assert_max_num_queries(8):
        journal = client_relations.get(journal_url, {"organisation": hub.pk}).content.decode()
    assert "60 entrées." in journal and 'rel="next"' in journal
    calls = client_relations.get(journal_url, {"organisation": hub.pk, "kind": "meeting"})
    assert "Aucune entrée au journal." in calls.content.decode()
    contact = hub.affiliations.order_by("contact__last_name").first().contact
    mine = client_relations.get(journal_url, {"contact": contact.pk}).content.decode()
    assert "60 entrées." in mine

    history_url = reverse("core:history_list", args=["partners.organisation", hub.pk])
    # The page of the merged history (core.history_feed), 20 lines a page.
    with django_assert_max_num_queries(14):
        page = client_relations.get(history_url)
    assert len(page.context["history"]) == 20 and page.context["next_cursor"]
    second = client_relations.get(history_url, {"avant": page.context["next_cursor"]})
    assert len(second.context["history"]) == 20
    assert client_relations.get(
        reverse("core:history_list", args=["core.user", 1])
    ).status_code == 404, "only the models whose history is shown"  # fmt: skip


def test_the_history_list_needs_the_view_permission(client, django_user_model):
    hub = OrganisationFactory()
    user = django_user_model.objects.create_user("sans-role", password="x")
    client.force_login(user)
    url = reverse("core:history_list", args=["partners.organisation", hub.pk])
    assert client.get(url).status_code == 403
