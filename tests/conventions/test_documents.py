"""Generated versions, signed scans and batches of committee reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from conventions import documents, jobs
from conventions.models import Convention, Document, Programme, ReportBatch
from conventions.pdf import convention_pdf
from tests.conventions.pdf_helpers import pdf_text
from tests.factories import ActionFactory, ConventionFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def convention():
    convention = ConventionFactory(title="Convention Dupont & Fils")
    PartyFactory(convention=convention)
    ActionFactory(convention=convention, title="Former les acheteurs")
    return convention


@pytest.fixture
def a_pdf(convention) -> bytes:
    return convention_pdf(convention)


def upload(client, convention, name: str, content: bytes, **data):
    return client.post(
        reverse("conventions:document_upload", args=[convention.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), **data},
    )


def test_generating_the_convention_downloads_it_and_keeps_a_version(
    client_relations, relations_manager, convention
):
    url = reverse("conventions:convention_pdf", args=[convention.pk])
    response = client_relations.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{convention.reference}-convention-v1.pdf" in disposition
    content = b"".join(response.streaming_content)
    assert "Convention Dupont & Fils" in pdf_text(content)

    document = convention.documents.get()
    assert (document.kind, document.version) == (Document.Kind.CONVENTION, 1)
    assert document.checksum == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.produced_by == relations_manager
    assert document.history.first().history_user == relations_manager

    client_relations.post(url)
    assert list(convention.documents.values_list("version", flat=True)) == [2, 1]


def test_a_generated_version_downloads_as_an_attachment(client_collaborator, convention):
    document = documents.document_generate(
        convention=convention, kind=Document.Kind.COMMITTEE_REPORT, by=None
    )
    response = client_collaborator.get(
        reverse("conventions:document_download", args=[convention.pk, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "rapport-comite-v1.pdf" in response["Content-Disposition"]
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.checksum


def test_who_may_generate_what(
    client_collaborator, client_coordinator, client_administrator, client, convention
):
    convention_url = reverse("conventions:convention_pdf", args=[convention.pk])
    report_url = reverse("conventions:committee_report_pdf", args=[convention.pk])
    assert client_collaborator.post(convention_url).status_code == 403
    assert client_collaborator.post(report_url).status_code == 403
    # Coordinators prepare the steering committee: the report, not the convention.
    assert client_coordinator.post(convention_url).status_code == 403
    assert client_coordinator.post(report_url).status_code == 200
    assert client_administrator.post(convention_url).status_code == 200
    assert client.post(convention_url).status_code == 302  # to the login page
    assert client_administrator.get(convention_url).status_code == 405
    missing = reverse("conventions:convention_pdf", args=[convention.pk + 1000])
    assert client_administrator.post(missing).status_code == 404


def test_the_documents_page_shows_buttons_only_to_those_who_may_use_them(
    client_collaborator, client_relations, convention
):
    documents.document_generate(convention=convention, kind=Document.Kind.CONVENTION, by=None)
    url = reverse("conventions:document_list", args=[convention.pk])
    page = client_collaborator.get(url).content.decode()
    assert "Convention (PDF généré)" in page
    assert "Générer la convention" not in page
    assert "Déposer la convention signée" not in page
    page = client_relations.get(url).content.decode()
    assert "Générer la convention (PDF)" in page
    assert "Générer le rapport de comité de pilotage (PDF)" in page
    assert "Déposer la convention signée" in page


def test_the_documents_page_costs_the_same_queries_with_many_documents(
    client_relations, convention, django_assert_max_num_queries
):
    url = reverse("conventions:document_list", args=[convention.pk])
    documents.document_generate(convention=convention, kind=Document.Kind.CONVENTION, by=None)
    with django_assert_max_num_queries(12):
        assert client_relations.get(url).status_code == 200
    users = [UserFactory() for _ in range(3)]
    for index in range(24):
        documents.document_store(
            convention=convention,
            kind=Document.Kind.OTHER,
            content=b"%PDF-1.4 " + bytes([index]),
            by=users[index % 3],
        )
    with django_assert_max_num_queries(12):
        response = client_relations.get(url)
    assert response.status_code == 200
    assert 'rel="next"' in response.content.decode()


def test_a_signed_scan_is_kept_frozen_and_freezes_the_signed_version(
    client_relations, convention, a_pdf, media_root
):
    generated = documents.document_generate(
        convention=convention, kind=Document.Kind.CONVENTION, by=None
    )
    response = upload(client_relations, convention, "scan.pdf", a_pdf, signed_version=generated.pk)
    assert response.status_code == 302
    scan = convention.documents.get(kind=Document.Kind.SIGNED_SCAN)
    assert scan.is_frozen
    assert scan.notes == "Scan signé de la version 1"
    generated.refresh_from_db()
    assert generated.is_frozen
    stored = Path(scan.file.path).resolve()
    assert stored.is_relative_to(Path(media_root).resolve())
    assert stored.name == f"signed_scan-v1-{scan.checksum[:12]}.pdf"
    assert stored.read_bytes() == a_pdf

    again = upload(client_relations, convention, "scan.pdf", a_pdf, signed_version=generated.pk)
    assert again.status_code == 400
    assert "Sélectionnez un choix valide" in again.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a pdf at all", "Le fichier n&#x27;est pas un PDF."),
        (b"<html><body>hello</body></html>", "Le fichier n&#x27;est pas un PDF."),
        (b"%PDF-1.7\n garbage that pypdf cannot read", "pas un PDF lisible"),
    ],
)
def test_a_non_pdf_renamed_pdf_is_refused(client_relations, convention, content, message):
    response = upload(client_relations, convention, "convention-signee.pdf", content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not convention.documents.exists()


def test_an_oversized_scan_is_refused(client_relations, convention, a_pdf, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = len(a_pdf) - 1
    response = upload(client_relations, convention, "scan.pdf", a_pdf)
    assert response.status_code == 400
    assert "dépasse la taille maximale" in response.content.decode()
    assert not convention.documents.exists()


def test_a_path_traversal_name_is_refused_and_never_reaches_the_disk(
    client_relations, convention, a_pdf, media_root, tmp_path
):
    # A plain File keeps its name as given, as an import or an API client would pass it.
    for name in ("../../../etc/cron.d/evil.pdf", "..\\..\\evil.pdf", "scan\x00.pdf"):
        with pytest.raises(ValidationError, match="nom du fichier est invalide"):
            documents.signed_scan_upload(
                convention=convention, upload=File(BytesIO(a_pdf), name=name), by=None
            )
    assert not convention.documents.exists()
    # Through the page, Django keeps only the last part of the name; ours replaces it anyway.
    response = upload(client_relations, convention, "../../../../evil.pdf", a_pdf)
    assert response.status_code == 302
    scan = convention.documents.get()
    assert ".." not in scan.file.name and "evil" not in scan.file.name
    assert not (tmp_path / "evil.pdf").exists()
    assert Path(scan.file.path).resolve().is_relative_to(Path(media_root).resolve())


def test_only_those_who_may_edit_upload(client_collaborator, client_coordinator, convention, a_pdf):
    assert upload(client_collaborator, convention, "scan.pdf", a_pdf).status_code == 403
    assert upload(client_coordinator, convention, "scan.pdf", a_pdf).status_code == 403


# --- Batches ---------------------------------------------------------------------------------


@pytest.fixture
def active_conventions():
    programme = Programme.objects.create(name="Mission test")
    active = [
        ConventionFactory(
            programme=programme, status=Convention.Status.ACTIVE, signed_on=dt.date(2026, 1, 2)
        )
        for _ in range(3)
    ]
    ConventionFactory(programme=programme)  # a draft: not in the batch
    ConventionFactory(status=Convention.Status.ACTIVE, signed_on=dt.date(2026, 1, 2))  # elsewhere
    return programme, active


def test_the_batch_job_zips_one_report_per_active_convention_of_a_programme(
    relations_manager, active_conventions, django_capture_on_commit_callbacks
):
    programme, active = active_conventions
    with django_capture_on_commit_callbacks() as callbacks:
        batch = documents.report_batch_create(by=relations_manager, programme=programme)
    assert len(callbacks) == 1, "the job is queued once the batch is committed"
    assert (batch.status, batch.total, batch.done) == (ReportBatch.Status.PENDING, 3, 0)

    assert jobs.report_batch_build(batch.pk) == 3
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.percent) == (ReportBatch.Status.DONE, 3, 100)
    with zipfile.ZipFile(batch.file.path) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"{c.reference}-rapport-comite.pdf" for c in active)
        for convention in active:
            content = archive.read(f"{convention.reference}-rapport-comite.pdf")
            assert convention.reference in pdf_text(content)
            assert len(PdfReader(BytesIO(content)).pages) >= 1

    # A second delivery of the same message changes nothing.
    file_name = batch.file.name
    jobs.report_batch_build(batch.pk)
    batch.refresh_from_db()
    assert batch.file.name == file_name
    assert jobs.report_batch_build(batch.pk + 1000) == 0, "a vanished batch is skipped quietly"


def test_a_batch_of_nothing_is_refused_in_french(relations_manager):
    with pytest.raises(ValidationError, match="Aucune convention ne correspond"):
        documents.report_batch_create(by=relations_manager, statuses=["terminated"])


def test_the_batch_pages_follow_progress_to_the_download(
    client_relations,
    active_conventions,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    programme, _active = active_conventions
    create_url = reverse("conventions:report_batch_create")
    assert client_relations.get(create_url).status_code == 200
    with django_capture_on_commit_callbacks():
        response = client_relations.post(
            create_url, {"programme": programme.pk, "statuses": ["active"]}
        )
    batch = ReportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conventions:report_batch_detail", args=[batch.pk])

    with django_assert_max_num_queries(6):
        page = client_relations.get(response["Location"]).content.decode()
    assert "Rapports produits : 0 sur 3" in page
    assert 'hx-trigger="every 1s"' in page
    download_url = reverse("conventions:report_batch_download", args=[batch.pk])
    assert client_relations.get(download_url).status_code == 404

    jobs.report_batch_build(batch.pk)
    partial = client_relations.get(response["Location"], headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert "Rapports produits : 3 sur 3" in html
    assert "hx-trigger" not in html, "polling stops once the ZIP is ready"
    assert download_url in html

    download = client_relations.get(download_url)
    assert download["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 3


def test_a_batch_holds_every_convention_chosen_whatever_its_status(
    client_relations, active_conventions, django_capture_on_commit_callbacks
):
    _programme, active = active_conventions
    signed = ConventionFactory(
        title="Convention signée hors programme", status=Convention.Status.SIGNED,
        signed_on=dt.date(2026, 1, 2),
    )  # fmt: skip
    chosen = [*active[:2], signed]
    query = "&".join(f"convention={c.pk}" for c in chosen)
    create_url = reverse("conventions:report_batch_create")
    page = client_relations.get(f"{create_url}?{query}").content.decode()
    assert "3 conventions choisies" in page
    assert "quels que soient son statut et son programme" in page
    assert f"{signed.reference} — Convention signée hors programme (signée)" in page
    assert 'name="statuses"' not in page, "no hidden status filter to drop a choice"
    with django_capture_on_commit_callbacks():
        # Even with the default status posted alongside, the signed one stays in.
        response = client_relations.post(
            create_url, {"statuses": ["active"], "conventions": [c.pk for c in chosen]}
        )
    batch = ReportBatch.objects.get()
    assert set(batch.conventions.all()) == set(chosen)
    assert batch.label == "3 conventions choisies"

    detail = client_relations.get(response["Location"]).content.decode()
    assert "Conventions du lot (3)" in detail
    for convention in chosen:
        assert f"{convention.reference} — {convention.title}</a>" in detail
    assert "Rapports produits : 0 sur 3 · État du lot : en attente" in detail
    jobs.report_batch_build(batch.pk)
    detail = client_relations.get(response["Location"]).content.decode()
    assert "Rapports produits : 3 sur 3 · État du lot : terminé" in detail
    with zipfile.ZipFile(ReportBatch.objects.get().file.path) as archive:
        assert f"{signed.reference}-rapport-comite.pdf" in archive.namelist()


def test_a_batch_chosen_by_programme_and_status_says_so(relations_manager, active_conventions):
    programme, active = active_conventions
    batch = documents.report_batch_create(
        by=relations_manager, programme=programme, statuses=["active", "signed"]
    )
    assert batch.label == "Programme Mission test — Conventions au statut : en cours, signée"
    assert set(batch.conventions.all()) == set(active)


def test_a_batch_is_seen_only_by_who_asked_for_it(
    client_coordinator, client_collaborator, relations_manager, active_conventions
):
    batch = ReportBatch.objects.create(requested_by=relations_manager, total=1)
    url = reverse("conventions:report_batch_detail", args=[batch.pk])
    assert client_coordinator.get(url).status_code == 404
    assert client_collaborator.get(reverse("conventions:report_batch_create")).status_code == 403


def test_the_documents_block_can_sit_on_any_convention_page(rf, relations_manager, convention):
    from django.template import RequestContext, Template

    documents.document_generate(convention=convention, kind=Document.Kind.CONVENTION, by=None)
    request = rf.get("/")
    request.user = relations_manager
    html = Template("{% load convention_documents %}{% documents_block convention %}").render(
        RequestContext(request, {"convention": convention})
    )
    assert html.count('name="csrfmiddlewaretoken"') == 3, "each form posts with its token"
    assert 'id="documents-title"' in html
    assert reverse("conventions:convention_pdf", args=[convention.pk]) in html
    assert reverse("conventions:document_upload", args=[convention.pk]) in html
    assert "Convention (PDF généré)" in html
