"""Importing organisations and contacts: check everything, commit all or nothing, once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from partners import jobs
from partners.importers import import_check
from partners.models import Contact, DataJob, Organisation, Trade
from tests.factories import OrganisationFactory, valid_siret
from tests.partners.import_files import as_csv, as_xlsx, organisation_rows

pytestmark = pytest.mark.django_db

BAD_ROWS = {
    41: ("SIRET", "732 829 320 00075"),
    500: ("Type", "Château"),
    998: ("Raison sociale", ""),
}


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def trades():
    return [Trade.objects.create(name=name) for name in ("Blanchisserie", "Espaces verts")]


def upload(client, content: bytes, name: str = "organisations.csv", kind: str = "organisations"):
    """Send the file, run its check as the worker would; return (job, its page's response)."""
    response = client.post(
        reverse("partners:import_upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = DataJob.objects.latest("pk")
    assert response["Location"] == job.get_absolute_url()
    jobs.import_check(job.pk)
    job.refresh_from_db()
    return job, client.get(response["Location"])


def confirm(client, job: DataJob):
    """Confirm the checked import, run its write as the worker would; return the job."""
    client.post(reverse("partners:datajob_confirm", args=[job.pk]))
    jobs.import_write(job.pk)
    job.refresh_from_db()
    return job


def test_a_1000_row_file_with_3_bad_rows_commits_nothing_and_reports_exactly_them(
    client_relations, trades
):
    job, preview = upload(client_relations, as_csv(organisation_rows(1000, BAD_ROWS)))
    errors = job.summary["errors"]
    assert [(row, column) for row, column, _message in errors] == [
        (43, "siret"),
        (502, "type"),
        (1000, "raison_sociale"),
    ]
    assert "clé de contrôle est fausse" in errors[0][2]
    assert errors[1][2] == "Type inconnu : « Château »."
    assert errors[2][2] == "Ce champ ne peut pas être vide."
    html = preview.content.decode()
    assert "3 erreurs : rien n'a été importé" in html
    assert "Confirmer l" not in html
    assert confirm(client_relations, job).status == DataJob.Status.INVALID
    assert Organisation.objects.count() == 0


def test_the_corrected_file_commits_every_row_with_its_history_then_reimports_nothing(
    client_relations, relations_manager, trades
):
    job, preview = upload(client_relations, as_csv(organisation_rows(1000)))
    assert "Le fichier est valide : 1000 lignes seront créées" in preview.content.decode()
    assert Organisation.objects.count() == 0
    job = confirm(client_relations, job)
    done = client_relations.get(job.get_absolute_url())
    reference = job.reference
    assert f"Import {reference} terminé : 1000 ligne(s) créée(s)" in done.content.decode()
    assert Organisation.objects.count() == 1000
    history = Organisation.history.all()
    assert history.count() == 1000
    assert set(history.values_list("history_change_reason", flat=True)) == {f"Import {reference}"}
    assert set(history.values_list("history_user", flat=True)) == {relations_manager.pk}
    imported = Organisation.objects.get(name="ESAT importé 7")
    assert imported.department.code == "13" and imported.region.name == "Provence-Alpes-Côte d'Azur"
    assert sorted(t.name for t in imported.trades.all()) == ["Blanchisserie", "Espaces verts"]
    # The creation version holds the trades too: its history and a restore keep them.
    creation = imported.history.get()
    assert sorted(t.trade.name for t in creation.trades.all()) == ["Blanchisserie", "Espaces verts"]

    job, preview = upload(client_relations, as_csv(organisation_rows(1000)))
    assert (job.summary["pending"], job.summary["skipped"]) == (0, 1000)
    assert "Confirmer l" not in preview.content.decode()
    assert Organisation.objects.count() == 1000
    assert Organisation.history.count() == 1000


def test_the_preview_of_a_valid_file_shows_the_first_rows_to_be_created(client_relations, trades):
    OrganisationFactory(name="Déjà là", siret=valid_siret(50_000))  # the file's first row
    job, preview = upload(client_relations, as_csv(organisation_rows(300)))
    assert (job.summary["pending"], job.summary["skipped"]) == (299, 1)
    html = preview.content.decode()
    assert "<caption>Les 20 premières lignes à créer, sur 299</caption>" in html
    # The file's own headers, the required columns among them, and the row's line number.
    head = ["Ligne", "Raison sociale", "Sigle", "Type", "SIRET", "Code postal", "Commune"]
    assert "".join(f'<th scope="col">{h}</th>' for h in head) in html
    siret = valid_siret(50_001)
    first = (
        f'<th scope="row">3</th><td>ESAT importé 1</td><td></td><td>ESAT</td>'
        f"<td>{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}</td><td>13001</td>"
        "<td>Marseille</td>"
    )
    assert first in html
    assert "ESAT importé 20<" in html and "ESAT importé 21<" not in html
    assert "ESAT importé 0<" not in html, "a row already present is not previewed"
    assert Organisation.objects.count() == 1, "the preview writes nothing"


def test_xlsx_files_import_too_siret_stored_as_a_number_included(client_relations, trades):
    rows = organisation_rows(3)
    rows[0][3] = int(rows[0][3].replace(" ", ""))
    job, _preview = upload(client_relations, as_xlsx(rows), name="organisations.xlsx")
    assert job.status == DataJob.Status.CHECKED
    confirm(client_relations, job)
    assert Organisation.objects.count() == 3


def test_the_same_siret_twice_in_a_file_is_an_error(trades):
    rows = organisation_rows(3)
    rows[2][3] = rows[0][3]
    report = import_check(kind="organisations", filename="f.csv", content=as_csv(rows))
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "siret", "Doublon de la ligne 2 du fichier.")
    ]


def test_a_missing_required_column_is_reported_on_the_header_line():
    report = import_check(
        kind="organisations", filename="f.csv", content=as_csv([["x"]], header=["Commune"])
    )
    assert {(e.row, e.column) for e in report.errors} == {(1, "raison_sociale"), (1, "type")}


def test_an_unreadable_file_is_reported_without_error_page(client_relations):
    _job, preview = upload(client_relations, b"\x00\x01 not a workbook", name="f.xlsx")
    assert "Ce fichier XLSX est illisible." in preview.content.decode()


def test_contacts_import_dedupes_on_email_and_links_their_organisation(
    client_relations, relations_manager
):
    organisation = OrganisationFactory(name="ESAT des Calanques", siret="73282932000074")
    Contact.objects.create(first_name="Déjà", last_name="Là", email="deja@example.org")
    header = ["civilite", "prenom", "nom", "courriel", "consentement_courriel",
              "organisation_siret", "fonction"]  # fmt: skip
    rows = [
        ["Mme", "Inès", "Morel", "ines@example.org", "oui", "732 829 320 00074", "Directrice"],
        ["M.", "Déjà", "Là", "DEJA@example.org", "non", "", ""],
    ]
    job, _preview = upload(client_relations, as_csv(rows, header), kind="contacts")
    assert (job.summary["pending"], job.summary["skipped"]) == (1, 1)
    confirm(client_relations, job)
    ines = Contact.objects.get(email="ines@example.org")
    assert ines.email_consent and ines.email_consent_at
    assert ines.affiliations.get().organisation == organisation
    assert ines.history.get().history_user == relations_manager


def test_bad_contact_rows_name_their_column():
    header = ["prenom", "nom", "courriel", "consentement_courriel", "organisation_siret"]
    rows = [["Inès", "Morel", "pas-un-courriel", "peut-être", "73282932000074"]]
    report = import_check(kind="contacts", filename="c.csv", content=as_csv(rows, header))
    assert {e.column for e in report.errors} == {
        "courriel", "consentement_courriel", "organisation_siret"
    }  # fmt: skip


def test_the_shipped_samples_import_on_the_demo_trades(client_relations):
    from pathlib import Path

    from demo.data.organisations import TRADES

    for name in TRADES:
        Trade.objects.create(name=name)
    samples = Path(__file__).resolve().parents[2] / "partners" / "samples"
    for kind in ("organisations", "contacts"):
        for extension in ("csv", "xlsx"):
            content = (samples / f"{kind}.{extension}").read_bytes()
            report = import_check(kind=kind, filename=f"x.{extension}", content=content)
            assert report.errors == [], (kind, extension)
        job, _preview = upload(client_relations, (samples / f"{kind}.csv").read_bytes(), kind=kind)
        confirm(client_relations, job)
    assert Organisation.objects.count() == 5 and Contact.objects.count() == 3


def test_a_coordinator_cannot_import(client_coordinator):
    response = client_coordinator.post(
        reverse("partners:import_upload"),
        {"kind": "organisations", "file": SimpleUploadedFile("o.csv", b"x")},
    )
    assert response.status_code == 403


def test_someone_else_s_import_reference_answers_404(
    client_relations, client_administrator, trades
):
    job, _preview = upload(client_relations, as_csv(organisation_rows(2)))
    assert client_administrator.get(job.get_absolute_url()).status_code == 404
    confirm_url = reverse("partners:datajob_confirm", args=[job.pk])
    assert client_administrator.post(confirm_url).status_code == 404
    jobs.import_write(job.pk)
    assert Organisation.objects.count() == 0, "an unconfirmed import writes nothing"


def test_a_row_the_database_refuses_mid_write_leaves_nothing_written(
    relations_manager, trades, monkeypatch
):
    from partners import import_writer

    monkeypatch.setattr(import_writer, "CHUNK", 10)
    report = import_check(
        kind="organisations", filename="f.csv", content=as_csv(organisation_rows(35))
    )
    # Past the check, as if the file changed under it: the database's own SIRET rule refuses it.
    report.pending[-1].instance.siret = "123"
    with pytest.raises(IntegrityError):
        import_writer.import_commit(report=report, by=relations_manager, reference="IMP-X")
    assert Organisation.objects.count() == 0
    assert Organisation.history.count() == 0
    assert Organisation.trades.through.objects.count() == 0


def test_a_file_over_100_000_rows_is_refused_in_french(monkeypatch, trades):
    from partners import import_tables

    assert import_tables.MAX_ROWS == 100_000
    monkeypatch.setattr(import_tables, "MAX_ROWS", 5)
    with pytest.raises(import_tables.ImportFileError, match="plus de 5 lignes : découpez-le"):
        import_check(kind="organisations", filename="f.csv", content=as_csv(organisation_rows(6)))
    assert len(import_check(
        kind="organisations", filename="f.csv", content=as_csv(organisation_rows(5))
    ).errors) == 0  # fmt: skip


def test_the_job_page_shows_progress_from_the_row_then_from_the_cache_while_writing(
    client_relations, trades, django_assert_max_num_queries
):
    from core.jobs import progress_clear, progress_set

    response = client_relations.post(
        reverse("partners:import_upload"),
        {
            "kind": "organisations",
            "file": SimpleUploadedFile("o.csv", as_csv(organisation_rows(3))),
        },
    )
    job = DataJob.objects.get()
    with django_assert_max_num_queries(6):
        page = client_relations.get(response["Location"]).content.decode()
    assert "Lignes vérifiées : 0 sur 0" in page and 'hx-trigger="every 1s"' in page
    assert "Vous pouvez quitter cette page" in page

    # The write runs in one transaction: its progress goes through the shared cache.
    DataJob.objects.filter(pk=job.pk).update(status=DataJob.Status.WRITING, total=200, done=0)
    progress_set(job, 50)
    partial = client_relations.get(response["Location"], headers={"HX-Request": "true"})
    html = partial.content.decode()
    progress_clear(job)
    assert "<html" not in html
    assert "Lignes enregistrées : 50 sur 200" in html and 'aria-valuenow="25"' in html
    assert 'hx-trigger="every 1s"' in html


def test_the_user_comes_back_to_their_imports_and_nobody_else_s(
    client_relations, client_administrator, trades, django_assert_max_num_queries
):
    job, _preview = upload(client_relations, as_csv(organisation_rows(2)))
    with django_assert_max_num_queries(6):
        listing = client_relations.get(reverse("partners:datajob_list")).content.decode()
    assert job.reference in listing and "À confirmer" in listing
    other = client_administrator.get(reverse("partners:datajob_list")).content.decode()
    assert job.reference not in other and "Aucun import ni export" in other
