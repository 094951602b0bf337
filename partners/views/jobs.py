"""A user's imports and exports: the list to come back to, each job's page, its file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.privacy import log_export
from partners import datajobs, exports
from partners.import_kinds import registry
from partners.models import DataJob
from partners.views.common import page_of
from partners.views.imports import can_import


def _own_job(request: HttpRequest, pk: int) -> DataJob:
    # Another user's job is out of scope: it answers 404, never 403.
    return get_object_or_404(DataJob, pk=pk, requested_by=request.user)


@login_required
def datajob_list(request: HttpRequest) -> HttpResponse:
    """The user's imports and exports, newest first, with their status and result."""
    jobs = DataJob.objects.filter(requested_by=request.user).defer("summary")
    context = {"page_obj": page_of(request, jobs)}
    return render(request, "partners/datajob_list.html", context)


@login_required
def datajob_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress (polled by htmx as a partial), then its report or its file."""
    job = _own_job(request, pk)
    kind = registry.find(job.subject) if job.is_import else None
    context = {"job": job, "kind": kind}
    if request.htmx:
        return render(request, "partners/_datajob_progress.html", context)
    return render(request, "partners/datajob_detail.html", context)


@login_required
@require_POST
def datajob_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the write of a checked import."""
    job = _own_job(request, pk)
    if job.operation != DataJob.Operation.IMPORT or not can_import(request.user, job.subject):
        raise PermissionDenied
    try:
        datajobs.import_confirm(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(job)


@login_required
def datajob_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != DataJob.Status.DONE or not job.result:
        raise Http404
    filename = job.result.name.rsplit("/", 1)[-1].removeprefix(f"{job.reference}-")
    response = FileResponse(
        job.result.open("rb"), content_type=exports.CONTENT_TYPES[job.file_format]
    )
    # The file leaves the application here: each download is logged, with its row count.
    log_export(user=request.user, what=f"{filename} ({job.reference})", count=job.done)
    return exports.never_cached(response, filename)
