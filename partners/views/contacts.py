"""Contacts and their roles (affiliations) in organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.history_feed import history_context
from core.pagination import section
from partners import services
from partners.filters import ContactFilter
from partners.forms import (
    AffiliationForm,
    ContactForm,
)
from partners.models import Affiliation, Contact
from partners.views.common import JOURNAL_LIMIT, SECTION_LIMIT, export_list, page_of


def _contacts(request: HttpRequest) -> ContactFilter:
    current = Affiliation.objects.select_related("organisation").filter(ends_on__isnull=True)
    queryset = Contact.objects.prefetch_related(Prefetch("affiliations", queryset=current))
    return ContactFilter(request.GET, queryset=queryset, request=request)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_list(request: HttpRequest) -> HttpResponse:
    filterset = _contacts(request)
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_contact_results.html", context)
    return render(request, "partners/contact_list.html", context)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, "contacts", fmt)


@login_required
@permission_required("partners.view_contact", raise_exception=True)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("owner"), pk=pk)
    context = {
        "contact": contact,
        # A person's roles stay few; bounded all the same, the current ones first.
        "affiliations": section(
            contact.affiliations.select_related("organisation").order_by(
                "ends_on", "-starts_on", "pk"
            ),
            SECTION_LIMIT * 5,
        ),
        "interactions": section(contact.interactions.select_related("author"), JOURNAL_LIMIT),
        **history_context(contact),
        "object": contact,
        "can_edit": request.user.has_perm("partners.change_contact"),
        "can_restore": request.user.has_perm("partners.change_contact"),
        "can_merge": request.user.has_perm("partners.delete_contact"),
    }
    return render(request, "partners/contact_detail.html", context)


def _duplicates(request: HttpRequest, form: ContactForm, contact: Contact | None = None) -> list:
    """Likely duplicates of what the form holds; none once the user confirmed, and none on an
    edit that left the name and e-mail as they were."""
    if request.POST.get("confirm_duplicate"):
        return []
    data = form.cleaned_data
    if contact is not None and not {"first_name", "last_name", "email"} & set(form.changed_data):
        return []
    return services.contact_duplicates(
        first_name=data["first_name"], last_name=data["last_name"], email=data.get("email", ""),
        exclude_pk=contact.pk if contact else None,
    )  # fmt: skip


@login_required
@permission_required("partners.add_contact", raise_exception=True)
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"owner": request.user.pk})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form)
        if not duplicates:
            contact = form.save()
            messages.success(request, _("Le contact a été créé ; ajoutez-lui une fonction."))
            return redirect(contact)
    return render(request, "partners/contact_form.html", {"form": form, "duplicates": duplicates})


@login_required
@permission_required("partners.change_contact", raise_exception=True)
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form, contact)
        if not duplicates and form.save_versioned(by=request.user):
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect(contact)
    context = {"form": form, "contact": contact, "duplicates": duplicates}
    return render(request, "partners/contact_form.html", context)


@login_required
@permission_required("partners.add_affiliation", raise_exception=True)
def affiliation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = AffiliationForm(request.POST or None, instance=Affiliation(contact=contact))
    if request.method == "POST" and form.is_valid() and form.save_edit(by=request.user):
        messages.success(request, _("La fonction a été ajoutée."))
        return redirect(contact)
    context = {"form": form, "contact": contact}
    return render(request, "partners/affiliation_form.html", context)


@login_required
@permission_required("partners.change_affiliation", raise_exception=True)
def affiliation_update(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation.objects.select_related("contact"), pk=pk)
    form = AffiliationForm(request.POST or None, instance=affiliation)
    if request.method == "POST" and form.is_valid() and form.save_edit(by=request.user):
        messages.success(request, _("La fonction a été mise à jour."))
        return redirect(affiliation.contact)
    context = {"form": form, "contact": affiliation.contact, "affiliation": affiliation}
    return render(request, "partners/affiliation_form.html", context)
