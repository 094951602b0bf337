"""The dashboard's figures, quick actions and grouped latest changes."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ActionFactory, ConventionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_counts_partners_conventions_and_actions(client_coordinator):
    for kind, count in (("esat", 3), ("ea", 2), ("public_buyer", 1)):
        OrganisationFactory.create_batch(count, kind=kind)
    OrganisationFactory(kind="esat", status="archived", archived_at=TODAY)
    ConventionFactory(status="active", signed_on=dt.date(2025, 1, 1), ends_on=dt.date(2027, 6, 30))
    ConventionFactory(status="active", signed_on=dt.date(2024, 1, 1), ends_on=dt.date(2026, 12, 31))
    ConventionFactory(status="draft")
    ActionFactory(status="done", progress=100, completed_on=dt.date(2026, 3, 1))
    ActionFactory(status="in_progress", progress=20, due_on=dt.date(2026, 1, 31))  # late
    ActionFactory(status="planned", due_on=dt.date(2027, 1, 31))
    ActionFactory(status="planned", due_on=dt.date(2027, 3, 31))
    ActionFactory(status="cancelled")

    page = _text(client_coordinator.get(reverse("core:home")).content.decode())
    # Six organisations followed, the archived one left out, by kind, largest first in the table.
    assert "Partenaires 6 organisations suivies" in page
    assert re.search(r"ESAT[^0-9]*3 ", page)
    # Two conventions in force; one ends within 90 days.
    assert re.search(r"En cours 2 À renouveler ou dénoncer sous 90 jours 1 ", page)
    # Four actions count (the abandoned one apart): one done, one late, two on time.
    assert "25 % réalisées · 25 % en retard" in page
    assert "sur 4 actions" in page
    assert re.search(r"À faire dans les délais 2 50 %", page)


def test_the_quick_actions_follow_the_role(client_relations, client_collaborator):
    manager = client_relations.get(reverse("core:home")).content.decode()
    quick = ("partners:interaction_create", "tasks:task_create", "conventions:convention_create")
    for url in quick:
        assert f'href="{reverse(url)}"' in manager
    collaborator = client_collaborator.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("conventions:convention_create")}"' not in collaborator
    assert f'href="{reverse("tasks:task_create")}"' in collaborator


def test_a_dashboard_without_data_says_what_to_do(client_coordinator):
    page = _text(client_coordinator.get(reverse("core:home")).content.decode())
    assert "Aucune organisation pour l'instant." in page
    assert "Aucune action pour l'instant" in page


def test_changes_in_a_row_to_one_convention_make_one_line(client_coordinator, coordinator):
    with time_machine.travel(TODAY, tick=False):
        mine = ConventionFactory(title="Ma convention", coordinator=coordinator)
    for minute, title in ((5, "Deuxième titre"), (10, "Troisième titre")):
        with time_machine.travel(TODAY + dt.timedelta(minutes=minute), tick=False):
            mine.title = title
            mine._change_reason = "Relecture"
            mine.save()
    with time_machine.travel(TODAY + dt.timedelta(hours=1), tick=False):
        page = _text(client_coordinator.get(reverse("core:home")).content.decode())
    assert page.count("Troisième titre") == 1
    assert "3 changements (modification, création) le 25/11/2026, de 10:00 à 10:10" in page
