"""Exports of filtered lists open safely in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ExportLog
from partners import exports, jobs
from partners.exports import neutralise
from partners.models import DataJob
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+33 1 23", "-2+3", "@SUM(A1)"]


def test_cells_that_a_spreadsheet_would_run_are_quoted():
    assert [neutralise(v) for v in FORMULAS] == [f"'{v}" for v in FORMULAS]
    assert neutralise("ESAT des Calanques") == "ESAT des Calanques"
    assert neutralise("") == "" and neutralise(None) == ""


def test_the_csv_export_keeps_the_filters_and_neutralises_formulas(client_coordinator):
    OrganisationFactory(name="=cmd|' /C calc'!A0", kind="ea", acronym="@SUM(A1)")
    OrganisationFactory(name="ESAT hors filtre", kind="esat")
    response = client_coordinator.get(
        reverse("partners:organisation_export", args=["csv"]) + "?kind=ea"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Raison sociale"
    assert len(rows) == 2
    assert rows[1][:2] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)"]


def test_the_xlsx_export_neutralises_formulas(client_coordinator):
    OrganisationFactory(name="+HYPERLINK(1)", phone="-1")
    response = client_coordinator.get(reverse("partners:organisation_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "'+HYPERLINK(1)"
    assert "'-1" in values[1]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_contacts_export_lists_the_filtered_contacts(client_coordinator):
    ContactFactory(first_name="Hélène", last_name="=Lefèvre")
    ContactFactory(first_name="Paul", last_name="Martin")
    response = client_coordinator.get(
        reverse("partners:contact_export", args=["csv"]) + "?q=lefevre"
    )
    text = response.content.decode("utf-8-sig")
    assert "'=Lefèvre" in text and "Martin" not in text


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_long_list_is_exported_by_a_job_the_user_downloads_uncached(
    client_coordinator, coordinator, media_in_tmp, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 2)
    for n in range(3):
        OrganisationFactory(name=f"=HYPERLINK({n})", kind="ea")
    OrganisationFactory(name="ESAT hors filtre", kind="esat")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_coordinator.get(
            reverse("partners:organisation_export", args=["csv"]) + "?kind=ea"
        )
    job = DataJob.objects.get()
    assert len(callbacks) == 1, "the job is queued once the request's transaction commits"
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client_coordinator.get(job.get_absolute_url()).content.decode()
    assert "Lignes exportées : 0 sur 0" in page and 'hx-trigger="every 1s"' in page
    download_url = reverse("partners:datajob_download", args=[job.pk])
    assert client_coordinator.get(download_url).status_code == 404, "nothing to download yet"

    jobs.export_build(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (DataJob.Status.DONE, 3, 3)
    assert not ExportLog.objects.exists(), "logged when the file leaves, at its download"
    partial = client_coordinator.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert "Télécharger le fichier CSV (3 lignes)" in partial.content.decode()
    download = client_coordinator.get(download_url)
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith('attachment; filename="organisations-')
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert sorted(r[0] for r in rows[1:]) == [f"'=HYPERLINK({n})" for n in range(3)]
    log = ExportLog.objects.get()
    assert (log.user, log.count) == (coordinator, 3) and job.reference in log.what
    listing = client_coordinator.get(reverse("partners:datajob_list")).content.decode()
    assert job.reference in listing and download_url in listing


def test_a_long_contacts_list_exports_as_xlsx_through_a_job(
    client_coordinator, media_in_tmp, monkeypatch
):
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 1)
    ContactFactory(first_name="Hélène", last_name="=Lefèvre")
    ContactFactory(first_name="Paul", last_name="Martin")
    response = client_coordinator.get(reverse("partners:contact_export", args=["xlsx"]))
    job = DataJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    jobs.export_build(job.pk)
    download = client_coordinator.get(reverse("partners:datajob_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = sorted(row[2].value for row in sheet.iter_rows(min_row=2))
    assert names == ["'=Lefèvre", "Martin"]
    job.refresh_from_db()
    jobs.export_build(job.pk)
    assert DataJob.objects.get().result.name == job.result.name, "a second delivery is a no-op"
