"""Pages of a convention's documents and of the committee-report batches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conventions import documents
from conventions.document_forms import ReportBatchForm, SignedScanForm
from conventions.models import Convention, Document, ReportBatch
from conventions.workspace import render_workspace
from core import registry
from core.pagination import keyset_page

DOCUMENTS_PER_PAGE = 20


def can_edit_documents(user: object) -> bool:
    return user.has_perm("conventions.change_convention") or user.has_perm(
        "conventions.add_document"
    )


def can_generate_reports(user: object) -> bool:
    """Document editors, and whoever the report's app lets prepare the steering committee."""
    extra = registry.renderers.permission(Document.Kind.COMMITTEE_REPORT)
    return can_edit_documents(user) or bool(extra and user.has_perm(extra))


def _readable_convention(request: HttpRequest, pk: int) -> Convention:
    if not request.user.has_perm("conventions.view_convention"):
        raise PermissionDenied
    return get_object_or_404(Convention.objects.select_related("programme"), pk=pk)


def documents_context(request: HttpRequest, convention: Convention, form=None) -> dict:
    """What `_documents.html` needs; the convention page can call it too."""
    queryset = convention.documents.select_related("produced_by").order_by("-created_at", "-pk")
    page = keyset_page(request, queryset, DOCUMENTS_PER_PAGE)
    can_edit = can_edit_documents(request.user)
    if form is None and can_edit:
        form = SignedScanForm(convention=convention)
    return {
        "convention": convention,
        "page_obj": page,
        "documents": page.object_list,
        "can_edit_documents": can_edit,
        "can_generate_reports": can_generate_reports(request.user),
        "scan_form": form,
    }


@login_required
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The workspace's "Documents" tab: its URL is this list's, paginated by keyset."""
    _readable_convention(request, pk)
    return render_workspace(request, pk, "documents")


def _generate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    convention = _readable_convention(request, pk)
    allowed = (
        can_generate_reports(request.user)
        if kind == Document.Kind.COMMITTEE_REPORT
        else can_edit_documents(request.user)
    )
    if not allowed:
        raise PermissionDenied
    document = documents.document_generate(convention=convention, kind=kind, by=request.user)
    return _attachment(document)


@login_required
@require_POST
def convention_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the convention, keep it as a new version, and send it."""
    return _generate(request, pk, Document.Kind.CONVENTION)


@login_required
@require_POST
def committee_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the steering-committee report, keep it as a new version, and send it."""
    return _generate(request, pk, Document.Kind.COMMITTEE_REPORT)


def _attachment(document: Document) -> FileResponse:
    response = FileResponse(
        documents.document_verified_file(document),
        as_attachment=True,
        filename=documents.document_filename(document),
        content_type="application/pdf",
    )
    # Contracts and reports stay out of shared and browser caches.
    add_never_cache_headers(response)
    return response


@never_cache
@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    convention = _readable_convention(request, pk)
    document = get_object_or_404(convention.documents, pk=document_pk)
    try:
        return _attachment(document)
    except documents.ChecksumMismatch:
        messages.error(
            request,
            _(
                "Le fichier de ce document ne correspond plus à son empreinte SHA-256 : "
                "il n'est pas envoyé. Prévenez un administrateur."
            ),
        )
        return redirect("conventions:document_list", pk=convention.pk)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the signed scan; a refused file shows its reason next to the field."""
    convention = _readable_convention(request, pk)
    if not can_edit_documents(request.user):
        raise PermissionDenied
    form = SignedScanForm(request.POST, request.FILES, convention=convention)
    if form.is_valid():
        try:
            documents.signed_scan_upload(
                convention=convention,
                upload=form.cleaned_data["file"],
                signed_version=form.cleaned_data["signed_version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, _("Le scan signé est enregistré et sa version figée."))
            return redirect("conventions:document_list", pk=convention.pk)
    response = render_workspace(request, pk, "documents", {"scan_form": form})
    response.status_code = 400
    return response


# --- Batches ---------------------------------------------------------------------------------

# What a page lists of a batch's conventions; the count is always whole.
SHOWN_BATCH_CONVENTIONS = 100


@login_required
def report_batch_create(request: HttpRequest) -> HttpResponse:
    """Choose conventions (a programme, statuses, or a list passed in the query) and start."""
    if not can_generate_reports(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ReportBatchForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                batch = documents.report_batch_create(
                    by=request.user,
                    programme=data["programme"],
                    statuses=data["statuses"],
                    convention_ids=[c.pk for c in data["conventions"]],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                return redirect(batch)
    else:
        form = ReportBatchForm(initial={"conventions": request.GET.getlist("convention")})
    recent = ReportBatch.objects.filter(requested_by=request.user)[:5]
    context = {"form": form, "recent": recent, "chosen": _chosen(form)}
    return render(request, "conventions/report_batch_create.html", context)


def _chosen(form: ReportBatchForm) -> list[Convention]:
    """The conventions picked one by one (from the query or the form posted), in order."""
    ids = [str(value) for value in form["conventions"].value() or []]
    ids = [int(value) for value in ids if value.isdigit()]
    if not ids:
        return []
    chosen = Convention.objects.filter(pk__in=ids).order_by("reference")
    return list(chosen[:SHOWN_BATCH_CONVENTIONS])


def _own_batch(request: HttpRequest, pk: int) -> ReportBatch:
    # Another user's batch is out of scope: it answers 404, never 403.
    return get_object_or_404(ReportBatch, pk=pk, requested_by=request.user)


@login_required
def report_batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's conventions and progress bar; htmx polls the same view for the bar's
    partial until the ZIP is ready."""
    batch = _own_batch(request, pk)
    if request.htmx:
        return render(request, "conventions/_report_batch_progress.html", {"batch": batch})
    conventions = batch.conventions.order_by("reference")[:SHOWN_BATCH_CONVENTIONS]
    context = {"batch": batch, "conventions": conventions}
    return render(request, "conventions/report_batch_detail.html", context)


@login_required
def report_batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    if batch.status != ReportBatch.Status.DONE or not batch.file:
        raise Http404
    response = FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=f"rapports-comite-{batch.created_at:%Y%m%d}-{batch.pk}.zip",
        content_type="application/zip",
    )
    add_never_cache_headers(response)
    return response
