"""The relationship journal: list, log an entry with its follow-up, correct or delete one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import parse_id
from partners.filters import InteractionFilter
from partners.forms import InteractionForm, InteractionUpdateForm
from partners.models import Contact, Interaction, Organisation
from partners.views.common import export_list, page_of


@login_required
@permission_required("partners.view_interaction", raise_exception=True)
def interaction_list(request: HttpRequest) -> HttpResponse:
    """The journal, newest first: searched and filtered by kind, period, author, organisation
    or person, everything in the URL (the organisation and contact pages link here)."""
    queryset = Interaction.objects.select_related("author")
    filterset = InteractionFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, filterset.qs)
    _attach_people(page.object_list)
    context = {
        "filter": filterset,
        "page_obj": page,
        # "Noter au journal" names the organisation the list is filtered on, if one was picked.
        "organisation_id": parse_id(filterset.form.cleaned_data.get("organisation") or ""),
    }
    if request.htmx:
        return render(request, "partners/_interaction_results.html", context)
    return render(request, "partners/interaction_list.html", context)


@login_required
@permission_required("partners.view_interaction", raise_exception=True)
def interaction_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, "journal", fmt)


def _attach_people(interactions: list[Interaction]) -> None:
    """Each entry's organisations and contacts, both in one query (two prefetches otherwise).

    Sets `people_organisations` and `people_contacts`: unsaved instances carrying
    what the list prints (name, link).
    """
    by_id = {i.pk: i for i in interactions}
    for interaction in interactions:
        interaction.people_organisations, interaction.people_contacts = [], []
    if not by_id:
        return
    linked_organisations = Interaction.organisations.through.objects.filter(
        interaction__in=by_id
    ).values_list(
        "interaction_id",
        Value("o"),
        "organisation_id",
        "organisation__name",
        "organisation__acronym",
        "organisation__name_normalized",
    )
    linked_contacts = Interaction.contacts.through.objects.filter(
        interaction__in=by_id
    ).values_list(
        "interaction_id",
        Value("c"),
        "contact_id",
        "contact__first_name",
        "contact__last_name",
        "contact__name_normalized",
    )
    rows = linked_organisations.union(linked_contacts, all=True)
    for interaction_id, kind, pk, first, second, _sort in sorted(rows, key=lambda r: r[5]):
        if kind == "o":
            item = Organisation(pk=pk, name=first, acronym=second)
            by_id[interaction_id].people_organisations.append(item)
        else:
            item = Contact(pk=pk, first_name=first, last_name=second)
            by_id[interaction_id].people_contacts.append(item)


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
        try:
            form.log(by=request.user)
        except ValidationError as error:
            # The follow-up task's own field names are not this form's: show its messages.
            form.add_error(None, error.messages)
        else:
            if form.follow_up_data():
                messages.success(
                    request, _("L'entrée du journal et sa tâche de suivi sont enregistrées.")
                )
            else:
                messages.success(request, _("L'entrée du journal est enregistrée."))
            return redirect(form.cleaned_data["organisations"][0])
    return render(request, "partners/interaction_form.html", {"form": form})


def _back(interaction: Interaction) -> str:
    """Where a correction returns: the entry's first organisation, else the journal."""
    organisation = interaction.organisations.order_by("name_normalized").first()
    return organisation.get_absolute_url() if organisation else reverse("partners:interaction_list")


@login_required
@permission_required("partners.change_interaction", raise_exception=True)
def interaction_update(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = get_object_or_404(Interaction, pk=pk)
    form = InteractionUpdateForm(request.POST or None, instance=interaction, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save_versioned(by=request.user):
        messages.success(request, _("L'entrée du journal est corrigée."))
        return redirect(_back(interaction))
    context = {"form": form, "interaction": interaction}
    return render(request, "partners/interaction_form.html", context)


@login_required
@permission_required("partners.delete_interaction", raise_exception=True)
def interaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then delete (POST); the history keeps the entry and who deleted it."""
    interaction = get_object_or_404(Interaction, pk=pk)
    back = _back(interaction)
    if request.method == "POST":
        interaction._history_user = request.user
        interaction._change_reason = _("Entrée du journal supprimée")
        interaction.delete()
        messages.success(request, _("L'entrée du journal est supprimée."))
        return redirect(back)
    context = {"object": interaction, "noun": _("l'entrée du journal"), "cancel_url": back}
    return render(request, "core/confirm_delete.html", context)
