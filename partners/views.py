"""Screens for organisations, contacts, their links, the journal, sourcing and imports."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_entries
from partners import exports, importers, services
from partners.filters import ContactFilter, OrganisationFilter, ProviderFilter
from partners.forms import (
    AffiliationForm,
    ContactForm,
    ImportForm,
    InteractionForm,
    OrganisationForm,
    RelationshipEndForm,
    RelationshipForm,
)
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship

PAGE_SIZE = 25
JOURNAL_LIMIT = 20
SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_NAMES = ("organisations.csv", "organisations.xlsx", "contacts.csv", "contacts.xlsx")
IMPORT_SESSION_KEY = "partners_imports"
REFERENCE_PATTERN = re.compile(r"^IMP-\d{8}-\d{6}-[0-9a-f]{6}$")


def _page(request: HttpRequest, queryset: QuerySet) -> object:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _export_format(fmt: str) -> str:
    if fmt not in exports.EXPORT_FORMATS:
        raise Http404
    return fmt


# Organisations


def _organisations(request: HttpRequest, providers: bool = False) -> OrganisationFilter:
    queryset = Organisation.objects.select_related("department", "owner")
    if providers:
        return ProviderFilter(request.GET, queryset=queryset.providers(), request=request)
    return OrganisationFilter(request.GET, queryset=queryset, request=request)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = _organisations(request)
    context = {"filter": filterset, "page_obj": _page(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_organisation_results.html", context)
    return render(request, "partners/organisation_list.html", context)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export_organisations(_export_format(fmt), _organisations(request).qs, "organisations")


def _export_organisations(fmt: str, queryset: QuerySet, name: str) -> HttpResponse:
    queryset = queryset.select_related("region").prefetch_related("trades")
    header, rows = exports.organisation_rows(queryset.iterator(chunk_size=exports.CHUNK))
    return exports.export_response(fmt, name, header, rows)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("department", "region", "owner"), pk=pk
    )
    interactions = organisation.interactions.select_related("author").prefetch_related("contacts")
    context = {
        "organisation": organisation,
        "trades": list(organisation.trades.all()),
        "affiliations": organisation.affiliations.select_related("contact").order_by(
            "-is_primary", "contact__last_name", "contact__first_name"
        ),
        "relationships_out": organisation.relationships_out.select_related("target"),
        "relationships_in": organisation.relationships_in.select_related("source"),
        "interactions": interactions[:JOURNAL_LIMIT],
        "history": history_entries(organisation),
        "object": organisation,
        "can_edit": request.user.has_perm("partners.change_organisation"),
        "can_restore": request.user.has_perm("partners.change_organisation"),
    }
    return render(request, "partners/organisation_detail.html", context)


@login_required
@permission_required("partners.add_organisation", raise_exception=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"owner": request.user.pk})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = services.organisation_duplicates(
            name=form.cleaned_data["name"], siret=form.cleaned_data["siret"]
        )
        if not duplicates or request.POST.get("confirm_duplicate"):
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
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les modifications ont été enregistrées."))
        return redirect(organisation)
    context = {"form": form, "organisation": organisation}
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


# Relationships


@login_required
@permission_required("partners.add_relationship", raise_exception=True)
def relationship_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = RelationshipForm(request.POST or None, source=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La relation a été ajoutée."))
        return redirect(f"{organisation.get_absolute_url()}#relations")
    context = {"form": form, "organisation": organisation}
    return render(request, "partners/relationship_form.html", context)


@login_required
@permission_required("partners.change_relationship", raise_exception=True)
def relationship_end(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_object_or_404(Relationship.objects.select_related("source", "target"), pk=pk)
    form = RelationshipEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(
                relationship=relationship, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error("ends_on", error.messages[0])
        else:
            messages.success(request, _("La relation est terminée."))
            return redirect(f"{relationship.source.get_absolute_url()}#relations")
    context = {"form": form, "relationship": relationship}
    return render(request, "partners/relationship_end.html", context)


# Contacts


def _contacts(request: HttpRequest) -> ContactFilter:
    current = Affiliation.objects.select_related("organisation").filter(ends_on__isnull=True)
    queryset = Contact.objects.prefetch_related(Prefetch("affiliations", queryset=current))
    return ContactFilter(request.GET, queryset=queryset, request=request)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_list(request: HttpRequest) -> HttpResponse:
    filterset = _contacts(request)
    context = {"filter": filterset, "page_obj": _page(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_contact_results.html", context)
    return render(request, "partners/contact_list.html", context)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _export_format(fmt)
    header, rows = exports.contact_rows(_contacts(request).qs.iterator(chunk_size=exports.CHUNK))
    return exports.export_response(fmt, "contacts", header, rows)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("owner"), pk=pk)
    context = {
        "contact": contact,
        "affiliations": contact.affiliations.select_related("organisation").order_by(
            "ends_on", "-starts_on"
        ),
        "interactions": contact.interactions.select_related("author")[:JOURNAL_LIMIT],
        "history": history_entries(contact),
        "object": contact,
        "can_edit": request.user.has_perm("partners.change_contact"),
        "can_restore": request.user.has_perm("partners.change_contact"),
    }
    return render(request, "partners/contact_detail.html", context)


@login_required
@permission_required("partners.add_contact", raise_exception=True)
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, _("Le contact a été créé ; ajoutez-lui une fonction."))
        return redirect(contact)
    return render(request, "partners/contact_form.html", {"form": form})


@login_required
@permission_required("partners.change_contact", raise_exception=True)
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les modifications ont été enregistrées."))
        return redirect(contact)
    return render(request, "partners/contact_form.html", {"form": form, "contact": contact})


@login_required
@permission_required("partners.add_affiliation", raise_exception=True)
def affiliation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = AffiliationForm(request.POST or None, instance=Affiliation(contact=contact))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La fonction a été ajoutée."))
        return redirect(contact)
    context = {"form": form, "contact": contact}
    return render(request, "partners/affiliation_form.html", context)


@login_required
@permission_required("partners.change_affiliation", raise_exception=True)
def affiliation_update(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation.objects.select_related("contact"), pk=pk)
    form = AffiliationForm(request.POST or None, instance=affiliation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La fonction a été mise à jour."))
        return redirect(affiliation.contact)
    context = {"form": form, "contact": affiliation.contact, "affiliation": affiliation}
    return render(request, "partners/affiliation_form.html", context)


# Journal


@login_required
@permission_required("partners.view_interaction", raise_exception=True)
def interaction_list(request: HttpRequest) -> HttpResponse:
    interactions = Interaction.objects.select_related("author").prefetch_related(
        "organisations", "contacts"
    )
    organisation = None
    if request.GET.get("organisation", "").isdigit():
        organisation = get_object_or_404(Organisation, pk=request.GET["organisation"])
        interactions = interactions.filter(organisations=organisation)
    context = {"page_obj": _page(request, interactions), "organisation": organisation}
    return render(request, "partners/interaction_list.html", context)


@login_required
@permission_required("partners.add_interaction", raise_exception=True)
def interaction_create(request: HttpRequest) -> HttpResponse:
    initial = {
        "occurred_on": timezone.localdate(),
        "organisations": request.GET.getlist("organisation"),
        "contacts": request.GET.getlist("contact"),
    }
    form = InteractionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form._meta.fields}
        organisations = data.pop("organisations")
        contacts = data.pop("contacts")
        try:
            services.interaction_log(
                by=request.user, organisations=organisations, contacts=contacts,
                follow_up=form.follow_up_data(), **data,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.follow_up_data():
                messages.success(
                    request, _("L'entrée du journal et sa tâche de suivi sont enregistrées.")
                )
            else:
                messages.success(request, _("L'entrée du journal est enregistrée."))
            return redirect(organisations[0])
    return render(request, "partners/interaction_form.html", {"form": form})


# Sourcing


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def provider_list(request: HttpRequest) -> HttpResponse:
    filterset = _organisations(request, providers=True)
    context = {"filter": filterset, "page_obj": _page(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_provider_results.html", context)
    return render(request, "partners/provider_list.html", context)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def provider_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = _organisations(request, providers=True)
    return _export_organisations(_export_format(fmt), filterset.qs, "prestataires")


# Import


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
        try:
            count = importers.import_commit(report=report, by=request.user, reference=reference)
        except (ValidationError, IntegrityError):
            messages.error(
                request, _("Le fichier n'a pas pu être importé : rien n'a été enregistré.")
            )
        else:
            default_storage.delete(upload["path"])
            del pending[reference]
            request.session[IMPORT_SESSION_KEY] = pending
            messages.success(
                request,
                _(
                    "Import %(reference)s terminé : %(count)s ligne(s) créée(s), %(skipped)s déjà présente(s)."
                )
                % {"reference": reference, "count": count, "skipped": len(report.skipped)},
            )
            target = (
                "partners:organisation_list"
                if upload["kind"] == "organisations"
                else "partners:contact_list"
            )
            return redirect(target)
    context = {
        "reference": reference, "upload": upload, "report": report, "file_error": file_error,
        "columns": importers.KINDS[upload["kind"]],
    }  # fmt: skip
    return render(request, "partners/import_preview.html", context)


@login_required
def import_sample(request: HttpRequest, name: str) -> FileResponse:
    if name not in SAMPLE_NAMES:
        raise Http404
    return FileResponse((SAMPLES / name).open("rb"), as_attachment=True, filename=name)
