"""Organisation screens: list, export, page, create, edit, archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history_feed import history_context
from core.pagination import section
from partners import services
from partners.forms import OrganisationForm
from partners.models import Organisation
from partners.views.common import (
    JOURNAL_LIMIT,
    SECTION_LIMIT,
    export_list,
    organisations_filtered,
    page_of,
)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = organisations_filtered(request)
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_organisation_results.html", context)
    return render(request, "partners/organisation_list.html", context)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, "organisations", fmt)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's identity, then bounded sections, each with "voir les N"."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("department", "region", "owner"), pk=pk
    )
    can_edit = request.user.has_perm("partners.change_organisation")
    context = {
        "organisation": organisation, "object": organisation,
        "trades": list(organisation.trades.all()),
        **organisation_sections(organisation),
        "can_edit": can_edit, "can_restore": can_edit,
        "can_merge": request.user.has_perm("partners.delete_organisation"),
    }  # fmt: skip
    return render(request, "partners/organisation_detail.html", context)


def organisation_sections(organisation: Organisation) -> dict:
    """The first rows of each section and how many there are (a count query only past them)."""
    interactions = organisation.interactions.select_related("author").prefetch_related("contacts")
    return {
        "affiliations": section(
            organisation.affiliations.select_related("contact").order_by(
                "-is_primary", "contact__last_name", "contact__first_name", "pk"
            ),
            SECTION_LIMIT,
        ),
        "relationships_out": section(
            organisation.relationships_out.select_related("target"), SECTION_LIMIT
        ),
        "relationships_in": section(
            organisation.relationships_in.select_related("source"), SECTION_LIMIT
        ),
        "interactions": section(interactions, JOURNAL_LIMIT),
        **history_context(organisation),
    }


def _duplicates(request: HttpRequest, form: OrganisationForm, pk: int | None = None) -> list:
    """Likely duplicates of what the form holds; none once confirmed, none on an edit that
    left the name and SIRET alone."""
    if request.POST.get("confirm_duplicate"):
        return []
    if pk is not None and not {"name", "siret"} & set(form.changed_data):
        return []
    data = form.cleaned_data
    return services.organisation_duplicates(name=data["name"], siret=data["siret"], exclude_pk=pk)


@login_required
@permission_required("partners.add_organisation", raise_exception=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"owner": request.user.pk})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form)
        if not duplicates:
            organisation = form.save()
            messages.success(request, _("L'organisation a été créée."))
            return redirect(organisation)
    context = {"form": form, "duplicates": duplicates}
    return render(request, "partners/organisation_form.html", context)


@login_required
@permission_required("partners.change_organisation", raise_exception=True)
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form, pk)
        if not duplicates and form.save_versioned(by=request.user):
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect(organisation)
    context = {"form": form, "organisation": organisation, "duplicates": duplicates}
    return render(request, "partners/organisation_form.html", context)


@login_required
@permission_required("partners.change_organisation", raise_exception=True)
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) then archive (POST): an organisation is never deleted from here."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        try:
            services.organisation_archive(organisation=organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("L'organisation a été archivée ; elle reste consultable."))
        return redirect(organisation)
    return render(request, "partners/organisation_archive.html", {"organisation": organisation})


@login_required
@require_POST
@permission_required("partners.change_organisation", raise_exception=True)
def organisation_unarchive(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.organisation_unarchive(organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L'organisation est de nouveau active."))
    return redirect(organisation)
