"""The journal exports the entries its filters select, as CSV or XLSX, safe in a spreadsheet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.models import ExportLog
from partners import exports, jobs, services
from partners.models import DataJob
from tests.exports import FORMATS, client_without_role, downloaded, exported
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

EXPORT = "partners:interaction_export"


def log(by, organisations, **fields):
    fields.setdefault("contacts", [])
    return services.interaction_log(by=by, organisations=organisations, **fields)


@pytest.fixture
def entries(relations_manager):
    esat = OrganisationFactory(name="=ESAT des Calanques")
    other = OrganisationFactory(name="Réseau Gesat")
    helene = ContactFactory(first_name="Hélène", last_name="Lefèvre")
    log(relations_manager, [esat], contacts=[helene], kind="call",
        occurred_on=dt.date(2026, 3, 2), subject='=HYPERLINK("http://x")', location="Marseille",
        notes="Rappeler lundi")  # fmt: skip
    log(relations_manager, [other], kind="meeting", occurred_on=dt.date(2026, 5, 12),
        subject="Comité hors filtre")  # fmt: skip
    log(relations_manager, [esat, other], kind="call", occurred_on=dt.date(2025, 1, 8),
        subject="Appel hors période")  # fmt: skip
    return esat


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_holds_the_filtered_entries_only_with_formulas_neutralised(
    client_collaborator, collaborator, relations_manager, entries, fmt
):
    rows = exported(client_collaborator, EXPORT, fmt, {"kind": "call", "du": "2026-01-01"})
    assert rows == [
        {
            "Date": "02/03/2026", "Type": "Appel", "Objet": "'=HYPERLINK(\"http://x\")",
            "Lieu": "Marseille", "Organisations": "'=ESAT des Calanques",
            "Contacts": "Hélène Lefèvre", "Auteur·rice": relations_manager.get_full_name(),
            "Compte rendu": "Rappeler lundi",
        }
    ]  # fmt: skip
    log_row = ExportLog.objects.get()
    assert (log_row.user, log_row.count, log_row.what) == (collaborator, 1, f"journal ({fmt})")


def test_the_export_follows_the_search_and_the_organisation_filter(client_collaborator, entries):
    rows = exported(client_collaborator, EXPORT, "csv", {"q": "periode"})
    assert [r["Objet"] for r in rows] == ["Appel hors période"]
    rows = exported(client_collaborator, EXPORT, "csv", {"organisation": entries.pk})
    assert [r["Objet"] for r in rows] == ['\'=HYPERLINK("http://x")', "Appel hors période"]
    assert rows[1]["Organisations"] == "'=ESAT des Calanques, Réseau Gesat"


def test_the_export_needs_the_right_to_read_the_journal(client, entries):
    url = reverse(EXPORT, args=["csv"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_without_role().get(url).status_code == 403
    assert client_without_role().get(reverse(EXPORT, args=["pdf"])).status_code == 403
    assert not ExportLog.objects.exists()


def test_an_unknown_format_is_not_found(client_collaborator, entries):
    assert client_collaborator.get(reverse(EXPORT, args=["pdf"])).status_code == 404


def test_the_export_runs_the_same_queries_for_3_entries_or_30(
    client_collaborator, relations_manager, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    contact = ContactFactory()
    exported(client_collaborator, EXPORT, "csv")  # the permissions, cached from then on
    for size, more in ((3, 3), (30, 27)):
        for _n in range(more):
            log(relations_manager, [organisation], contacts=[contact], kind="email",
                occurred_on=dt.date(2026, 2, 1), subject="Envoi")  # fmt: skip
        # Session, user, bounded count, the entries, their organisations and people, the log.
        with django_assert_max_num_queries(7):
            assert len(exported(client_collaborator, EXPORT, "xlsx")) == size


def test_a_long_journal_is_exported_by_a_job_with_its_filters(
    client_collaborator, entries, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path  # the pytest-django fixture: restored after the test
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 1)
    response = client_collaborator.get(reverse(EXPORT, args=["xlsx"]), {"kind": "call"})
    job = DataJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client_collaborator.get(job.get_absolute_url()).content.decode()
    assert "Export des entrées du journal" in page
    jobs.export_build(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (DataJob.Status.DONE, 2)
    rows = downloaded(client_collaborator, job)
    assert [r["Objet"] for r in rows] == ['\'=HYPERLINK("http://x")', "Appel hors période"]
    listing = client_collaborator.get(reverse("partners:datajob_list")).content.decode()
    assert "Entrées du journal" in listing
