"""The task list exports the tasks its scope and filters select, as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.models import ExportLog
from partners import exports, jobs
from partners.models import DataJob
from tests.exports import FORMATS, client_without_role, downloaded, exported
from tests.factories import OrganisationFactory, TaskFactory

pytestmark = pytest.mark.django_db

EXPORT = "tasks:task_export"


@pytest.fixture
def relance(coordinator, collaborator):
    task = TaskFactory(
        title="=cmd|' /C calc'!A0 Relancer l'ESAT", assignee=coordinator,
        due_on=dt.date(2026, 11, 25), due_time=dt.time(9, 30),
        organisation=OrganisationFactory(name="ESAT des Calanques"), description="Devis à signer",
    )  # fmt: skip
    done_at = dt.datetime(2026, 11, 24, 16, 5, tzinfo=ZoneInfo("Europe/Paris"))
    TaskFactory(title="Tâche faite", assignee=coordinator, status="done", completed_at=done_at)
    TaskFactory(title="Tâche d'une collègue", assignee=collaborator, due_on=dt.date(2026, 11, 20))
    return task


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_holds_my_open_tasks_only_by_default_with_formulas_neutralised(
    client_coordinator, coordinator, relance, fmt
):
    rows = exported(client_coordinator, EXPORT, fmt)
    assert rows == [
        {
            "Échéance": "25/11/2026", "Heure": "09:30",
            "Tâche": "'=cmd|' /C calc'!A0 Relancer l'ESAT",
            "Attribuée à": coordinator.get_full_name(), "Statut": "À faire",
            "En retard": "oui" if dt.date.today() > dt.date(2026, 11, 25) else "non",
            "Organisation": "ESAT des Calanques", "Convention": "", "Action": "",
            "Récurrence": "", "Faite le": "", "Description": "Devis à signer",
        }
    ]  # fmt: skip
    log = ExportLog.objects.get()
    assert (log.user, log.count, log.what) == (coordinator, 1, f"taches ({fmt})")


def test_the_export_follows_the_scope_and_the_filters(client_coordinator, relance):
    team = exported(client_coordinator, EXPORT, "csv", {"scope": "team"})
    assert [r["Tâche"] for r in team] == [
        "Tâche d'une collègue",
        "'=cmd|' /C calc'!A0 Relancer l'ESAT",
    ]
    done = exported(client_coordinator, EXPORT, "csv", {"status": "done"})
    assert [(r["Tâche"], r["Faite le"]) for r in done] == [("Tâche faite", "24/11/2026 16:05")]
    searched = exported(client_coordinator, EXPORT, "csv", {"scope": "team", "q": "collègue"})
    assert [r["Tâche"] for r in searched] == ["Tâche d'une collègue"]


def test_the_list_offers_the_export_of_what_it_shows(client_coordinator, relance):
    html = client_coordinator.get(reverse("tasks:task_list"), {"scope": "team"}).content.decode()
    assert f"{reverse(EXPORT, args=['xlsx'])}?scope=team" in html


def test_the_export_needs_the_right_to_read_tasks(client, relance):
    url = reverse(EXPORT, args=["csv"])
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert client_without_role().get(url).status_code == 403
    assert not ExportLog.objects.exists()


def test_a_long_list_is_exported_by_a_job_with_the_requesters_own_tasks(
    client_coordinator, relance, coordinator, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path  # the pytest-django fixture: restored after the test
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 1)
    TaskFactory(title="Seconde tâche", assignee=coordinator, due_on=dt.date(2026, 12, 1))
    response = client_coordinator.get(reverse(EXPORT, args=["xlsx"]))
    job = DataJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    jobs.export_build(job.pk)
    rows = downloaded(client_coordinator, job)
    assert [r["Tâche"] for r in rows] == ["'=cmd|' /C calc'!A0 Relancer l'ESAT", "Seconde tâche"]
    assert "Export des tâches" in client_coordinator.get(job.get_absolute_url()).content.decode()
