"""Imports: upload, then the job's page (partners/views/jobs.py) follows the check and write."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partners import datajobs, importers
from partners.forms import ImportForm

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_NAMES = ("organisations.csv", "organisations.xlsx", "contacts.csv", "contacts.xlsx")


def can_import(user: object, kind: str) -> bool:
    model = "organisation" if kind == "organisations" else "contact"
    return user.has_perm(f"partners.add_{model}")


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; a job checks it, and nothing is written until the user confirms."""
    if not (can_import(request.user, "organisations") or can_import(request.user, "contacts")):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not can_import(request.user, kind):
            raise PermissionDenied
        job = datajobs.import_start(by=request.user, kind=kind, upload=form.cleaned_data["file"])
        return redirect(job)
    context = {"form": form, "columns": importers.KINDS, "samples": SAMPLE_NAMES}
    return render(request, "partners/import_upload.html", context)


@login_required
def import_sample(request: HttpRequest, name: str) -> FileResponse:
    if name not in SAMPLE_NAMES:
        raise Http404
    return FileResponse((SAMPLES / name).open("rb"), as_attachment=True, filename=name)
