"""The convention workspace: a summary header on every tab, each tab at its own URL, the next
step of the lifecycle, what is late, and a bounded number of queries whatever the plan's size."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.urls import reverse

from actions.models import Action, Measurement
from conventions.models import Convention
from conventions.workspace import PLACE
from core import registry
from core.sections import Section, SectionRegistry
from tests.factories import (
    AxisFactory,
    ConventionFactory,
    IndicatorFactory,
    PartyFactory,
    TaskFactory,
    UserFactory,
    moved_to,
)

pytestmark = pytest.mark.django_db
S = Convention.Status
TODAY = dt.date(2026, 6, 15)
SECTIONS = [
    "synthese",
    "parties",
    "texte",
    "plan",
    "indicateurs",
    "documents",
    "taches",
    "historique",
]
# Every tab: the session, the user, the header (the convention and its parties, the late
# actions), the notifications badge, then its own reads: 6 to 10, the history tab 14 (one
# query per source, core/history_feed.py).
MAX_QUERIES = 16


@pytest.fixture(autouse=True)
def _on_15_june_2026():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def tab_url(convention: Convention, slug: str) -> str:
    if slug == "synthese":
        return convention.get_absolute_url()
    return reverse("conventions:convention_section", args=[convention.pk, slug])


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def big_convention() -> Convention:
    """60 actions over two axes, 12 indicators with 5 measurements each, 12 open tasks."""
    convention = ConventionFactory(status=S.NEGOTIATION, title="Grand plan")
    parties = [PartyFactory(convention=convention) for _ in range(3)]
    axes = [AxisFactory(convention=convention, number=n) for n in (1, 2)]
    Action.objects.bulk_create(
        Action(
            convention=convention, number=str(i + 1), order=i, title=f"Action {i + 1}",
            axis=axes[i % 2], lead_party=parties[i % 3], due_on=dt.date(2026, 6, 1 + i % 28),
        )
        for i in range(60)
    )  # fmt: skip
    for n in range(12):
        indicator = IndicatorFactory(convention=convention, name=f"Indicateur {n}")
        Measurement.objects.bulk_create(
            Measurement(indicator=indicator, measured_on=dt.date(2026, m, 1), value=m * 10)
            for m in range(1, 6)
        )
    for n in range(12):
        TaskFactory(convention=convention, title=f"Relance {n}", due_on=dt.date(2026, 7, 1 + n))
    return convention


def test_each_tab_of_a_convention_with_60_actions_runs_a_bounded_number_of_queries(
    client_relations, django_assert_max_num_queries
):
    convention = big_convention()
    # SQLite cannot limit each part of a UNION: the history tab reads its sources one by one
    # (core/history_feed.py), a fixed number of queries more whatever the size.
    budget = MAX_QUERIES + (0 if connection.features.supports_slicing_ordering_in_compound else 2)
    for slug in SECTIONS:
        with django_assert_max_num_queries(budget):
            page = page_of(client_relations.get(tab_url(convention, slug)))
        assert "<h1" in page and "Grand plan" in page
        # The tab is the current page of the sub-navigation; the seven others are plain links.
        tabs = page.split("data-workspace-tabs", 1)[1].split("</nav>", 1)[0]
        assert tabs.count("<a ") == 8 and tabs.count('aria-current="page"') == 1
        assert f'href="{tab_url(convention, slug)}" aria-current="page"' in tabs
        assert "32 actions en retard" in page  # due 1–14 June


def test_each_tab_shows_a_bounded_number_of_rows_and_links_to_the_full_lists(client_relations):
    convention = big_convention()
    plan = page_of(client_relations.get(tab_url(convention, "plan")))
    assert plan.count('id="action-') == 25
    assert "Voir les 60 actions" in plan
    assert f"?convention={convention.pk}&amp;convention_q=" in plan
    tasks = page_of(client_relations.get(tab_url(convention, "taches")))
    assert tasks.count("Relance ") == 10 and "Voir les 12 tâches" in tasks
    assert f"scope=team&amp;convention={convention.pk}" in tasks
    indicators = page_of(client_relations.get(tab_url(convention, "indicateurs")))
    assert "Les 10 premiers indicateurs sur 12" in indicators
    # Each axis's average counts all its actions, not only those shown.
    assert "avancement moyen 0 %" in plan


def test_the_empty_tabs_say_what_to_do(client_administrator):
    convention = ConventionFactory()
    expected = {
        "parties": "Ajoutez chaque organisation qui s'engage",
        "texte": "Rédigez le texte de la convention article par article",
        "plan": "Ajoutez les actions que chaque partie s'engage à mener",
        "documents": "Générez le PDF de la convention",
        "taches": "Ajoutez une tâche pour une relance",
    }
    for slug, advice in expected.items():
        assert advice in page_of(client_administrator.get(tab_url(convention, slug))), slug


@pytest.mark.parametrize(
    ("status", "fields", "label", "target"),
    [
        (S.DRAFT, {}, "Passer en négociation", "negotiate"),
        (S.NEGOTIATION, {}, "Compléter la signature de Réseau Gesat", "party"),
        (S.NEGOTIATION, {"signed": True}, "Signer", "sign"),
        (S.SIGNED, {"starts_on": dt.date(2026, 9, 1)}, "Préparer l&#x27;avenant", "amend"),
        (S.SIGNED, {}, "Mettre en vigueur", "activate"),
        (S.ACTIVE, {"ends_on": dt.date(2026, 8, 31)}, "Reconduire", "renew"),
        (S.ACTIVE, {"ends_on": dt.date(2028, 12, 31)}, "Préparer l&#x27;avenant", "amend"),
        (S.ACTIVE, {"ends_on": dt.date(2026, 6, 1)}, "Constater l&#x27;échéance", "expire"),
        (S.EXPIRED, {"ends_on": dt.date(2026, 6, 1)}, "Reconduire", "renew"),
    ],
)
def test_the_header_offers_the_next_step_of_each_status(
    status, fields, label, target, client_relations
):
    signed = fields.pop("signed", False)
    convention = ConventionFactory(status=S.DRAFT, **fields)
    party = PartyFactory(
        convention=convention, organisation__name="Réseau Gesat", signs=True,
        signed_on=dt.date(2026, 6, 1) if signed else None,
    )  # fmt: skip
    if status != S.DRAFT:
        signed_on = None if status == S.NEGOTIATION else dt.date(2026, 1, 5)
        moved_to(convention, status, signed_on=signed_on)
    urls = {
        "party": reverse("conventions:party_update", args=[convention.pk, party.pk]),
        "amend": reverse("conventions:convention_amend", args=[convention.pk]),
    }
    url = urls.get(target) or reverse(
        "conventions:convention_transition", args=[convention.pk, target]
    )
    # The same header on every tab.
    for slug in ("synthese", "plan"):
        page = page_of(client_relations.get(tab_url(convention, slug)))
        header = page[page.index("Prochaine étape") :][:600]
        assert f'<a class="btn btn-sm btn-dark" href="{url}">{label}</a>' in header


def test_a_closed_convention_has_no_next_step_and_a_reader_sees_the_step_unlinked(
    client_relations, client_collaborator
):
    closed = ConventionFactory(status=S.ABANDONED, abandon_reason="Sans suite")
    assert "Aucune : la convention est close." in page_of(
        client_relations.get(tab_url(closed, "synthese"))
    )
    draft = ConventionFactory()
    PartyFactory(convention=draft)
    page = page_of(client_collaborator.get(tab_url(draft, "synthese")))
    assert '<span class="fw-bold">Passer en négociation</span>' in page
    assert reverse("conventions:convention_transition", args=[draft.pk, "negotiate"]) not in page


def test_the_header_says_what_is_late(client_relations):
    convention = ConventionFactory(ends_on=dt.date(2026, 8, 31), notice_days=60)
    PartyFactory(convention=convention, organisation__name="UNEA", organisation__acronym="")
    moved_to(convention, S.ACTIVE, signed_on=dt.date(2026, 1, 5))
    Action.objects.create(
        convention=convention, number="1", title="Tard", due_on=TODAY - dt.timedelta(days=3)
    )
    Action.objects.create(convention=convention, number="2", title="À temps", due_on=TODAY)
    page = page_of(client_relations.get(tab_url(convention, "texte")))
    assert "Préavis : à dénoncer ou reconduire avant le 02/07/2026." in page
    assert "Prend fin le 31/08/2026." in page
    assert "1 action en retard" in page
    assert f"?convention={convention.pk}" in page and "late=on" in page
    # The parties are links to their organisations.
    party = convention.parties.get()
    assert f'href="{party.organisation.get_absolute_url()}">UNEA</a>' in page


def test_a_convention_without_notice_says_so(client_relations):
    convention = ConventionFactory(notice_days=0)
    page = page_of(client_relations.get(convention.get_absolute_url()))
    assert "Aucun préavis" in page and "Préavis :" not in page


def test_the_upper_apps_tabs_come_from_the_registry_and_follow_permissions(
    monkeypatch, administrator
):
    convention = ConventionFactory()
    slugs = [tab.slug for tab in registry.sections.for_place(PLACE, administrator)]
    assert slugs == SECTIONS
    # A tab an app registers shows with no change to conventions.
    extra = Section(PLACE, "essai", "Onglet d'essai", "conventions/sections/_history.html",
                    context=lambda request, obj: {"history": []}, order=95)  # fmt: skip
    monkeypatch.setitem(registry.sections._sections, (PLACE, "essai"), extra)
    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_convention"))
    client = Client()
    client.force_login(reader)
    page = page_of(client.get(convention.get_absolute_url()))
    assert ">Onglet d&#x27;essai</a>" in page
    assert page_of(client.get(tab_url(convention, "essai")))
    # Without the actions' and tasks' permissions, their tabs are neither shown nor open.
    assert ">Plan d&#x27;actions</a>" not in page and ">Tâches</a>" not in page
    assert client.get(tab_url(convention, "plan")).status_code == 403
    assert client.get(tab_url(convention, "taches")).status_code == 403


def test_an_unknown_tab_answers_404_and_the_summary_has_one_address(client_relations):
    convention = ConventionFactory()
    assert client_relations.get(tab_url(convention, "inconnu")).status_code == 404
    response = client_relations.get(
        reverse("conventions:convention_section", args=[convention.pk, "synthese"])
    )
    assert response.status_code == 302 and response.url == convention.get_absolute_url()


def test_a_slug_is_registered_once_per_place():
    sections = SectionRegistry()
    sections.register(PLACE, "plan", "Plan", "a.html")
    sections.register(PLACE, "plan", "Plan", "a.html")
    with pytest.raises(ValueError, match="already registered"):
        sections.register(PLACE, "plan", "Plan", "b.html")


def test_an_edited_party_returns_to_the_parties_tab(client_relations):
    party = PartyFactory(signs=True)
    url = reverse("conventions:party_update", args=[party.convention.pk, party.pk])
    data = {
        "organisation": party.organisation.pk, "role": "signatory", "signs": "on",
        "signed_on": "2026-06-14", "order": 1, "version": 1,
    }  # fmt: skip
    response = client_relations.post(url, data)
    assert response.url == tab_url(party.convention, "parties") + "#party-section"


def test_each_tab_of_every_demo_convention_runs_a_bounded_number_of_queries(
    module_demo, client_relations, django_assert_max_num_queries
):
    for convention in Convention.objects.order_by("pk"):
        for slug in SECTIONS:
            with django_assert_max_num_queries(MAX_QUERIES):
                page_of(client_relations.get(tab_url(convention, slug)))
