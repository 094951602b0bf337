"""Imports: upload, dry-run report, commit of the whole file, samples."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import importers
from partners.forms import ImportForm

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_NAMES = ("organisations.csv", "organisations.xlsx", "contacts.csv", "contacts.xlsx")
IMPORT_SESSION_KEY = "partners_imports"
REFERENCE_PATTERN = re.compile(r"^IMP-\d{8}-\d{6}-[0-9a-f]{6}$")


def _can_import(user: object, kind: str) -> bool:
    model = "organisation" if kind == "organisations" else "contact"
    return user.has_perm(f"partners.add_{model}")


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; it is checked, kept aside, and nothing is written until confirmed."""
    if not (_can_import(request.user, "organisations") or _can_import(request.user, "contacts")):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not _can_import(request.user, kind):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        reference = f"IMP-{stamp}-{secrets.token_hex(3)}"
        extension = upload.name.lower().rsplit(".", 1)[-1]
        path = default_storage.save(f"imports/{reference}.{extension}", upload)
        pending = request.session.get(IMPORT_SESSION_KEY, {})
        pending[reference] = {"kind": kind, "path": path, "name": upload.name}
        request.session[IMPORT_SESSION_KEY] = pending
        return redirect("partners:import_preview", reference=reference)
    context = {"form": form, "columns": importers.KINDS, "samples": SAMPLE_NAMES}
    return render(request, "partners/import_upload.html", context)


@login_required
def import_preview(request: HttpRequest, reference: str) -> HttpResponse:
    """The dry run's report (GET), then the commit of the whole file (POST)."""
    pending = request.session.get(IMPORT_SESSION_KEY, {})
    if not REFERENCE_PATTERN.match(reference) or reference not in pending:
        raise Http404
    upload = pending[reference]
    if not _can_import(request.user, upload["kind"]):
        raise PermissionDenied
    with default_storage.open(upload["path"], "rb") as handle:
        content = handle.read()
    file_error = ""
    report = None
    try:
        report = importers.import_check(
            kind=upload["kind"], filename=upload["path"], content=content
        )
    except importers.ImportFileError as error:
        file_error = str(error)
    if request.method == "POST" and report is not None and report.is_valid:
        done = _commit(request, reference, upload, report)
        if done:
            return done
    context = {
        "reference": reference, "upload": upload, "report": report, "file_error": file_error,
        "columns": importers.KINDS[upload["kind"]],
    }  # fmt: skip
    return render(request, "partners/import_preview.html", context)


def _commit(
    request: HttpRequest, reference: str, upload: dict, report: object
) -> HttpResponse | None:
    """Write the whole checked file, or nothing; None keeps the user on the report."""
    try:
        count = importers.import_commit(report=report, by=request.user, reference=reference)
    except (ValidationError, IntegrityError):
        messages.error(request, _("Le fichier n'a pas pu être importé : rien n'a été enregistré."))
        return None
    default_storage.delete(upload["path"])
    pending = request.session.get(IMPORT_SESSION_KEY, {})
    del pending[reference]
    request.session[IMPORT_SESSION_KEY] = pending
    messages.success(
        request,
        _(
            "Import %(reference)s terminé : %(count)s ligne(s) créée(s), %(skipped)s déjà présente(s)."
        )
        % {"reference": reference, "count": count, "skipped": len(report.skipped)},
    )
    if upload["kind"] == "organisations":
        return redirect("partners:organisation_list")
    return redirect("partners:contact_list")


@login_required
def import_sample(request: HttpRequest, name: str) -> FileResponse:
    if name not in SAMPLE_NAMES:
        raise Http404
    return FileResponse((SAMPLES / name).open("rb"), as_attachment=True, filename=name)
