"""Imports: upload, then the job's page (partners/views/jobs.py) follows the check and write."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partners import datajobs
from partners.forms import ImportForm
from partners.import_kinds import registry


def can_import(user: object, kind: str) -> bool:
    found = registry.find(kind)
    return found is not None and found.allowed(user)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; a job checks it, and nothing is written until the user confirms."""
    kinds = registry.kinds(request.user)
    if not kinds:
        raise PermissionDenied
    initial = {"kind": request.GET.get("kind", "")}
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        job = datajobs.import_start(by=request.user, kind=kind, upload=form.cleaned_data["file"])
        return redirect(job)
    samples = [path.name for kind in kinds for path in kind.samples]
    context = {"form": form, "kinds": kinds, "samples": samples}
    return render(request, "partners/import_upload.html", context)


@login_required
def import_sample(request: HttpRequest, name: str) -> FileResponse:
    path = registry.sample(name)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
