"""Signed evidence stays as signed: frozen documents, signed conventions, clean scans."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from conventions import documents
from conventions.models import Convention, Document
from conventions.pdf import convention_pdf
from tests.admin_forms import admin_post_data
from tests.factories import ConventionFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def convention():
    convention = ConventionFactory(title="Convention UNEA × FEI")
    PartyFactory(convention=convention)
    return convention


@pytest.fixture
def scan(convention) -> Document:
    content = convention_pdf(convention)
    return documents.signed_scan_upload(
        convention=convention, upload=File(io.BytesIO(content), name="scan.pdf"), by=None
    )


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(writer: PdfWriter) -> None:
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pris');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("ouverture"), script])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _launch(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )


def _upload(client, convention, content: bytes):
    return client.post(
        reverse("conventions:document_upload", args=[convention.pk]),
        {"file": SimpleUploadedFile("scan.pdf", content, content_type="application/pdf")},
    )


# --- Frozen documents ------------------------------------------------------------------------


def test_a_frozen_scan_cannot_be_replaced_through_the_model(scan):
    scan.file.save("other.pdf", ContentFile(b"%PDF-1.4 other"), save=False)
    with pytest.raises(ValidationError, match="figé"):
        scan.save()
    stored = Document.objects.get(pk=scan.pk)
    with pytest.raises(ValidationError):
        Document.objects.filter(pk=scan.pk).update(checksum="0" * 64)
    assert Document.objects.get(pk=scan.pk).checksum == stored.checksum


def test_a_frozen_scan_cannot_be_unfrozen_or_deleted(scan, convention):
    scan.is_frozen = False
    with pytest.raises(ValidationError):
        scan.save()
    with pytest.raises(ValidationError, match="ne peut pas être supprimé"):
        Document.objects.get(pk=scan.pk).delete()
    with pytest.raises(ValidationError):
        Document.objects.filter(pk=scan.pk).delete()
    # Nor with the draft convention that holds it: both stay, whole.
    with pytest.raises(ValidationError, match="document signé"):
        Convention.objects.filter(pk=convention.pk).delete()
    with pytest.raises(ValidationError, match="document signé"):
        convention.delete()
    assert Document.objects.filter(pk=scan.pk, is_frozen=True).exists()


def test_a_frozen_scans_comment_may_still_change(scan):
    scan.notes = "Original papier aux archives"
    scan.save()
    assert Document.objects.get(pk=scan.pk).notes == "Original papier aux archives"


def test_the_admin_cannot_replace_or_delete_a_frozen_scan(client_administrator, scan):
    url = reverse("admin:conventions_document_change", args=[scan.pk])
    page = client_administrator.get(url)
    assert page.status_code == 200
    assert "file" not in page.context["adminform"].form.fields
    data = admin_post_data(page)
    data["file"] = SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script>")
    data["checksum"] = "0" * 64
    client_administrator.post(url, data)
    stored = Document.objects.get(pk=scan.pk)
    assert (stored.file.name, stored.checksum) == (scan.file.name, scan.checksum)
    assert stored.file.read() == scan.file.open("rb").read()
    delete = reverse("admin:conventions_document_delete", args=[scan.pk])
    assert client_administrator.post(delete, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=scan.pk).exists()


def test_a_signed_convention_cannot_be_deleted(client_administrator):
    convention = ConventionFactory(status=Convention.Status.SIGNED, signed_on=dt.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="signée"):
        convention.delete()
    with pytest.raises(ValidationError):
        Convention.objects.filter(pk=convention.pk).delete()
    delete = reverse("admin:conventions_convention_delete", args=[convention.pk])
    assert client_administrator.post(delete, {"post": "yes"}).status_code == 403
    assert Convention.objects.filter(pk=convention.pk).exists()


def test_a_draft_without_evidence_can_still_be_deleted():
    convention = ConventionFactory()
    convention.delete()
    assert not Convention.objects.filter(pk=convention.pk).exists()


# --- Downloads -------------------------------------------------------------------------------


def test_a_download_is_not_cached_and_matches_its_checksum(client_collaborator, scan, convention):
    url = reverse("conventions:document_download", args=[convention.pk, scan.pk])
    response = client_collaborator.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == scan.file.open("rb").read()


def test_a_file_changed_on_disk_is_not_served(client_collaborator, scan, convention):
    with open(scan.file.path, "wb") as stream:
        stream.write(b"<html>replaced on disk</html>")
    url = reverse("conventions:document_download", args=[convention.pk, scan.pk])
    response = client_collaborator.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "conventions:document_list", args=[convention.pk]
    )
    assert any("empreinte" in str(m) for m in response.context["messages"])


def test_exports_are_not_cached(client_collaborator):
    url = reverse("partners:contact_export", args=["csv"])
    response = client_collaborator.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- Signed scans with active content ----------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(_javascript, id="javascript"),
        pytest.param(lambda w: w.add_attachment("facture.exe", b"MZ\x90\x00"), id="embedded-file"),
        pytest.param(_launch, id="launch-action"),
    ],
)
def test_a_scan_with_active_content_is_refused_in_french(
    client_relations, convention, build, media_root
):
    response = _upload(client_relations, convention, _pdf(build))
    assert response.status_code == 400
    assert (
        "JavaScript, des fichiers joints ou des actions automatiques" in response.content.decode()
    )
    assert not convention.documents.exists()


def test_a_pdf_html_polyglot_is_refused(client_relations, convention):
    content = _pdf(lambda w: None) + b"\n<html><script>alert(1)</script></html>"
    response = _upload(client_relations, convention, content)
    assert response.status_code == 400
    assert "page web ou un script" in response.content.decode()
    assert not convention.documents.exists()


def test_a_plain_scan_is_still_accepted(client_relations, convention):
    response = _upload(client_relations, convention, _pdf(lambda w: None))
    assert response.status_code == 302
    assert convention.documents.get().is_frozen
