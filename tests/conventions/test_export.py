"""The conventions list exports the conventions its filters select, as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import ExportLog
from partners import exports, jobs
from partners.models import DataJob
from tests.exports import FORMATS, client_without_role, downloaded, exported
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory

pytestmark = pytest.mark.django_db

EXPORT = "conventions:convention_export"


@pytest.fixture
def achats(coordinator):
    convention = ConventionFactory(
        title="=1+1 Achats responsables", amount=Decimal("1500.50"), tacit_renewal=True,
        notice_days=60, owner=coordinator,
    )  # fmt: skip
    PartyFactory(convention=convention, organisation=OrganisationFactory(name="ESAT des Calanques"),
                 role="pilot")  # fmt: skip
    ConventionFactory(title="Formation des acheteurs")
    return convention


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_holds_the_filtered_conventions_only_with_formulas_neutralised(
    client_collaborator, collaborator, coordinator, achats, fmt
):
    rows = exported(client_collaborator, EXPORT, fmt, {"q": "achats"})
    assert len(rows) == 1
    row = rows[0]
    assert row["Référence"] == achats.reference
    assert row["Intitulé"] == "'=1+1 Achats responsables"
    assert row["Parties"] == "ESAT des Calanques (Pilote)"
    assert row["Montant (€)"] == "1500,50"
    assert (row["Prend effet le"], row["Prend fin le"]) == ("01/01/2026", "31/12/2026")
    assert row["Date limite de préavis"] == f"{achats.notice_deadline:%d/%m/%Y}"
    assert (row["Reconduction tacite"], row["Préavis (jours)"]) == ("oui", "60")
    assert row["Chargé·e de relations"] == coordinator.get_full_name()
    assert row["Statut"] == "Brouillon"
    log = ExportLog.objects.get()
    assert (log.user, log.count, log.what) == (collaborator, 1, f"conventions ({fmt})")


def test_the_export_keeps_the_sort_and_the_mine_filter_of_whoever_asks(
    client_coordinator, client_collaborator, achats
):
    ConventionFactory(title="Autre convention de la coordinatrice", owner=achats.owner)
    mine = exported(client_coordinator, EXPORT, "csv", {"mine": "on", "sort": "title"})
    assert [r["Intitulé"] for r in mine] == [
        "'=1+1 Achats responsables", "Autre convention de la coordinatrice",
    ]  # fmt: skip
    assert exported(client_collaborator, EXPORT, "csv", {"mine": "on"}) == []


def test_the_list_offers_the_export_of_what_it_shows(client_collaborator, achats):
    html = client_collaborator.get(reverse("conventions:convention_list"), {"q": "achats"})
    assert f"{reverse(EXPORT, args=['xlsx'])}?q=achats" in html.content.decode()


def test_the_export_needs_the_right_to_read_conventions(client, achats):
    url = reverse(EXPORT, args=["csv"])
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert client_without_role().get(url).status_code == 403
    assert not ExportLog.objects.exists()


def test_a_long_list_is_exported_by_a_job_as_its_requester_sees_it(
    client_coordinator, achats, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path  # the pytest-django fixture: restored after the test
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 1)
    ConventionFactory(title="Achats de la coordinatrice", owner=achats.owner,
                      starts_on=dt.date(2025, 1, 1))  # fmt: skip
    ConventionFactory(title="Achats d'un collègue")
    response = client_coordinator.get(reverse(EXPORT, args=["csv"]), {"q": "achats", "mine": "1"})
    job = DataJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    jobs.export_build(job.pk)
    rows = downloaded(client_coordinator, job)
    assert sorted(r["Intitulé"] for r in rows) == [
        "'=1+1 Achats responsables", "Achats de la coordinatrice",
    ]  # fmt: skip
    page = client_coordinator.get(job.get_absolute_url()).content.decode()
    assert "Export des conventions" in page
