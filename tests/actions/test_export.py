"""The actions list exports the actions its filters select, as CSV or XLSX."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.models import ExportLog
from tests.exports import FORMATS, client_without_role, exported
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

EXPORT = "actions:action_export"


@pytest.fixture
def marches(coordinator):
    action = ActionFactory(
        title="=SUM(A1) Identifier les marchés réservés", status="in_progress", progress=40,
        starts_on=dt.date(2026, 2, 1), due_on=dt.date(2026, 6, 30), owner_user=coordinator,
    )  # fmt: skip
    ActionFactory(title="Former les acheteurs", status="done", due_on=dt.date(2026, 3, 1),
                  completed_on=dt.date(2026, 2, 27))  # fmt: skip
    return action


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_holds_the_filtered_actions_only_with_formulas_neutralised(
    client_collaborator, collaborator, coordinator, marches, fmt
):
    rows = exported(client_collaborator, EXPORT, fmt, {"q": "marches reserves"})
    assert rows == [
        {
            "Convention": marches.convention.reference, "N°": marches.number,
            "Intitulé": "'=SUM(A1) Identifier les marchés réservés", "Axe": "",
            "Partie pilote": "", "Responsable": coordinator.get_full_name(),
            "Début": "01/02/2026", "Échéance": "30/06/2026", "Statut": "En cours",
            "En retard": "oui" if dt.date.today() > dt.date(2026, 6, 30) else "non",
            "Avancement (%)": "40", "Réalisée le": "",
        }
    ]  # fmt: skip
    log = ExportLog.objects.get()
    assert (log.user, log.count, log.what) == (collaborator, 1, f"actions ({fmt})")


def test_the_export_follows_the_status_and_the_owner_of_whoever_asks(
    client_coordinator, client_collaborator, marches
):
    done = exported(client_collaborator, EXPORT, "csv", {"status": "done"})
    assert [(r["Intitulé"], r["Réalisée le"]) for r in done] == [
        ("Former les acheteurs", "27/02/2026")
    ]
    # As the list opens: the actions still to do, unless every status is asked for.
    opened = exported(client_collaborator, EXPORT, "csv", {})
    assert [r["Intitulé"] for r in opened] == ["'=SUM(A1) Identifier les marchés réservés"]
    every = exported(client_collaborator, EXPORT, "csv", {"status": "all"})
    assert len(every) == 2
    mine = exported(client_coordinator, EXPORT, "csv", {"owner": "me"})
    assert [r["Intitulé"] for r in mine] == ["'=SUM(A1) Identifier les marchés réservés"]
    assert exported(client_collaborator, EXPORT, "csv", {"owner": "me"}) == []


def test_the_list_offers_the_export_of_what_it_shows(client_collaborator, marches):
    html = client_collaborator.get(reverse("actions:action_list"), {"status": "done"})
    assert f"{reverse(EXPORT, args=['csv'])}?status=done" in html.content.decode()


def test_the_export_needs_the_right_to_read_actions(client, marches):
    url = reverse(EXPORT, args=["xlsx"])
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert client_without_role().get(url).status_code == 403
    assert not ExportLog.objects.exists()
