"""Documents of a convention: generated PDFs kept as versions, signed scans, report batches.

Services in the house style (`<noun>_<verb>(*, …)`, French `ValidationError`s); kept apart
from `services.py` so the convention screens and the documents grow without colliding.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from conventions.models import Convention, Document, Programme, ReportBatch
from core.registry import renderers

logger = logging.getLogger(__name__)

FILE_LABELS = {
    Document.Kind.CONVENTION: "convention",
    Document.Kind.COMMITTEE_REPORT: "rapport-comite",
    Document.Kind.SIGNED_SCAN: "convention-signee",
    Document.Kind.OTHER: "document",
}


def max_upload_bytes() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_BYTES


def document_filename(document: Document) -> str:
    """The name a download is saved under: CONV-2017-0001-convention-v2.pdf."""
    label = FILE_LABELS.get(document.kind, "document")
    return f"{document.convention.reference}-{label}-v{document.version}.pdf"


@transaction.atomic
def document_store(
    *,
    convention: Convention,
    kind: str,
    content: bytes,
    by: object | None,
    frozen: bool = False,
    notes: str = "",
) -> Document:
    """Keep `content` as the next version of this kind of document, with its SHA-256."""
    # Lock the convention row so two clicks cannot claim the same version number.
    Convention.objects.select_for_update().filter(pk=convention.pk).first()
    last = convention.documents.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0
    document = Document(
        convention=convention,
        kind=kind,
        version=last + 1,
        checksum=hashlib.sha256(content).hexdigest(),
        size=len(content),
        produced_by=by,
        is_frozen=frozen,
        notes=notes,
    )
    document._history_user = by
    # The name given here is ignored: `document_upload_to` chooses it.
    document.file.save("document.pdf", ContentFile(content), save=False)
    document.save()
    return document


class ChecksumMismatch(Exception):
    """The stored file no longer matches the SHA-256 recorded when it was kept."""


def document_verified_file(document: Document):
    """The document's file, open for reading, once its SHA-256 is checked against the record."""
    digest = hashlib.sha256()
    handle = document.file.open("rb")
    try:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    except BaseException:
        handle.close()
        raise
    if digest.hexdigest() != document.checksum:
        handle.close()
        logger.error("Document %s : empreinte SHA-256 différente du fichier stocké", document.pk)
        raise ChecksumMismatch(document.pk)
    handle.seek(0)
    return handle


def document_generate(*, convention: Convention, kind: str, by: object | None) -> Document:
    """Render the convention PDF or the committee report and keep it as a new version."""
    # Each kind's renderer is registered by the app that draws it (apps.py).
    if kind not in renderers.kinds():
        raise ValidationError(_("Ce type de document ne se génère pas."))
    content = renderers.get(kind)(convention)
    return document_store(convention=convention, kind=kind, content=content, by=by)


# PDF names that run something when the file is opened, or carry other files: a signed scan
# is an image of paper and needs none of them. An /OpenAction that only shows a page is fine;
# one whose /S is /JavaScript or /Launch is caught by its /S.
ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
    }
)
# A file that is also a web page (a PDF/HTML polyglot) is refused even though its PDF part
# reads: served elsewhere than by Maillage it could run as a page.
HTML_MARKERS = (b"<script", b"<html", b"<iframe", b"<svg", b"javascript:")


def _active_content(reader: PdfReader) -> bool:
    """Whether any object of the PDF holds a script, an action, or an attached file."""
    seen: set[int] = set()
    pending: list[object] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ACTIVE_NAMES:
                    return True
                if name in ("/S", "/Type", "/Subtype") and value in ACTIVE_NAMES:
                    return True
                if not isinstance(value, IndirectObject):
                    pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(v for v in item if not isinstance(v, IndirectObject))
    return False


def _check_pdf(upload: File) -> bytes:
    """The upload's bytes, if they are a readable PDF within the size limit."""
    # Django's upload parser already drops folders from the name; other callers may not.
    name = upload.name or ""
    if any(part in name for part in ("/", "\\", "\x00")) or ".." in name:
        raise ValidationError(_("Le nom du fichier est invalide."), code="name")
    if (upload.size or 0) > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(limit)s Mo.") % {"limit": limit},
            code="size",
        )
    upload.seek(0)
    content = upload.read(max_upload_bytes() + 1)
    if len(content) > max_upload_bytes():
        raise ValidationError(_("Le fichier dépasse la taille maximale autorisée."), code="size")
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("Le fichier n'est pas un PDF."), code="type")
    lowered = content.lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        raise ValidationError(
            _("Le fichier contient une page web ou un script : ce n'est pas un scan accepté."),
            code="active",
        )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted or len(reader.pages) == 0:
            raise ValidationError(_("Le PDF est chiffré ou vide."), code="type")
        active = _active_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise ValidationError(_("Le fichier n'est pas un PDF lisible."), code="type") from error
    if active:
        raise ValidationError(
            _(
                "Le PDF contient du JavaScript, des fichiers joints ou des actions automatiques : "
                "enregistrez le scan sans eux (impression en PDF) puis déposez-le à nouveau."
            ),
            code="active",
        )
    return content


@transaction.atomic
def signed_scan_upload(
    *,
    convention: Convention,
    upload: File,
    by: object | None,
    signed_version: Document | None = None,
) -> Document:
    """Keep the signed scan, frozen, and freeze the generated version that was signed."""
    content = _check_pdf(upload)
    notes = ""
    if signed_version is not None:
        locked = Document.objects.select_for_update().get(pk=signed_version.pk)
        if locked.convention_id != convention.pk or locked.kind != Document.Kind.CONVENTION:
            raise ValidationError(_("Cette version n'est pas une convention générée."))
        if locked.is_frozen:
            raise ValidationError(_("Cette version est déjà figée par un scan signé."))
        locked.is_frozen = True
        locked._history_user = by
        locked.save(update_fields=["is_frozen", "updated_at"])
        notes = _("Scan signé de la version %(version)s") % {"version": locked.version}
    return document_store(
        convention=convention,
        kind=Document.Kind.SIGNED_SCAN,
        content=content,
        by=by,
        frozen=True,
        notes=notes,
    )


# --- Batches of committee reports ------------------------------------------------------------


def report_batch_create(
    *,
    by: object,
    programme: Programme | None = None,
    statuses: Iterable[str] = (),
    convention_ids: Iterable[int] = (),
) -> ReportBatch:
    """Select the conventions and queue the job that zips their committee reports.

    Conventions chosen one by one are all in the batch, whatever their status or programme:
    a filter the user did not see must not drop what they picked. Without a choice, the
    batch holds the conventions of `programme` (any when None) in `statuses` (active ones
    by default).
    """
    ids = sorted({int(pk) for pk in convention_ids})
    if ids:
        conventions = Convention.objects.filter(pk__in=ids)
        label = ngettext(
            "%(count)s convention choisie", "%(count)s conventions choisies", len(ids)
        ) % {"count": len(ids)}
    else:
        statuses = list(statuses) or [Convention.Status.ACTIVE]
        conventions = Convention.objects.filter(status__in=statuses)
        names = ", ".join(str(Convention.Status(s).label).lower() for s in statuses)
        label = _("Conventions au statut : %(statuses)s") % {"statuses": names}
        if programme is not None:
            conventions = conventions.filter(programme=programme)
            label = _("Programme %(programme)s — %(label)s") % {
                "programme": programme,
                "label": label,
            }
    pks = list(conventions.order_by("reference").values_list("pk", flat=True))
    if not pks:
        raise ValidationError(_("Aucune convention ne correspond à cette sélection."))
    if len(pks) < len(ids):
        raise ValidationError(_("Une des conventions choisies n'existe plus : rechargez la page."))
    with transaction.atomic():
        batch = ReportBatch.objects.create(requested_by=by, label=label[:250], total=len(pks))
        batch.conventions.set(pks)
        # Queued by name: the jobs import this module, so it does not import them.
        transaction.on_commit(
            lambda: current_app.send_task("conventions.jobs.report_batch_build", args=[batch.pk])
        )
    return batch


def report_batch_build(*, batch_id: int) -> ReportBatch | None:
    """Write one committee report per convention into a ZIP, counting progress as it goes."""
    with transaction.atomic():
        batch = ReportBatch.objects.select_for_update().filter(pk=batch_id).first()
        # Gone, or already built by an earlier delivery of the same message: nothing to do.
        if batch is None or batch.status == ReportBatch.Status.DONE:
            return batch
        conventions = list(batch.conventions.order_by("reference"))
        batch.status, batch.done, batch.error = ReportBatch.Status.RUNNING, 0, ""
        batch.total = len(conventions)
        batch.save(update_fields=["status", "done", "total", "error", "updated_at"])
    folder = Path(settings.MEDIA_ROOT) / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        render = renderers.get(Document.Kind.COMMITTEE_REPORT)
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for count, convention in enumerate(conventions, 1):
                content = render(convention)
                archive.writestr(f"{convention.reference}-rapport-comite.pdf", content)
                ReportBatch.objects.filter(pk=batch.pk).update(done=count)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        with open(temporary, "rb") as stream:
            batch.file.save(f"rapports-comite-{batch.pk}-{stamp}.zip", File(stream), save=False)
        batch.status, batch.done = ReportBatch.Status.DONE, len(conventions)
        batch.save(update_fields=["file", "status", "done", "updated_at"])
    except Exception as error:
        logger.exception("Lot de rapports %s en échec", batch.pk)
        ReportBatch.objects.filter(pk=batch.pk).update(
            status=ReportBatch.Status.FAILED, error=str(error)[:250]
        )
        raise
    finally:
        Path(temporary).unlink(missing_ok=True)
    return batch
