"""Convention screens: list, page, edits, lifecycle steps, parties, axes and articles
(programmes: conventions/programme_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, ProtectedError, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conventions import services, workspace
from conventions.forms import (
    AbandonForm,
    AmendmentForm,
    AxisForm,
    ClauseForm,
    ConventionFilterForm,
    ConventionForm,
    PartyForm,
    TerminateForm,
)
from conventions.models import Axis, Clause, Convention, Party
from conventions.models.locks import LOCKED_MESSAGE
from core.autocomplete import filter_by
from core.pagination import keyset_page
from core.text import normalize
from partners.views.common import export_list

PAGE_SIZE = 25
RENEW_DAYS = 90
# The parties a page shows, in their order: Party's own ordering starts with the convention,
# which joined every convention (and hashed every party) to sort a page's few.
PARTIES = Party.objects.select_related("organisation").order_by("convention_id", "order", "pk")

view_required = permission_required("conventions.view_convention", raise_exception=True)
change_required = permission_required("conventions.change_convention", raise_exception=True)


def filter_conventions(queryset: QuerySet, data: dict, user: object) -> QuerySet:
    """Apply the list's filters (already cleaned) to `queryset`."""
    today = timezone.localdate()
    if data.get("q"):
        for word in normalize(data["q"]).split():
            # Title, reference and parties in one trigram-indexed column: matching the
            # parties by a join needed DISTINCT, by a subquery it read every party.
            queryset = queryset.filter(search_text__contains=word)
    if data.get("view") == "renew":
        queryset = queryset.ending_within(RENEW_DAYS, today)
    for name in ("status", "kind"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    # An id picked in the autocomplete, or a text typed without JavaScript (every match).
    if data.get("programme"):
        queryset = filter_by("programmes", queryset, "programme", data["programme"])
    if data.get("party"):
        queryset = filter_by("organisations", queryset, "parties__organisation", data["party"])
        queryset = queryset.distinct()
    if data.get("year"):
        queryset = queryset.filter(starts_on__year=data["year"])
    if data.get("ending") is not None:
        horizon = today + timedelta(days=data["ending"])
        queryset = queryset.filter(ends_on__gte=today, ends_on__lte=horizon)
    if data.get("mine"):
        queryset = queryset.filter(Q(owner=user) | Q(coordinator=user))
    # The keyset paginator adds the pk, in the sort's direction, to make the key unique.
    return queryset.order_by(ConventionFilterForm.SORTS.get(data.get("sort"), "-reference"))


@login_required
@view_required
def convention_list(request: HttpRequest) -> HttpResponse:
    form = ConventionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Convention.objects.select_related("programme", "owner").prefetch_related(
        Prefetch("parties", queryset=PARTIES)
    )
    page = keyset_page(request, filter_conventions(queryset, data, request.user), PAGE_SIZE)
    context = {"form": form, "page_obj": page, "today": timezone.localdate()}
    template = "conventions/_convention_table.html" if request.htmx else None
    return render(request, template or "conventions/convention_list.html", context)


@login_required
@view_required
def convention_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX (conventions/exports.py), by a job past a bound."""
    return export_list(request, "conventions", fmt)


@login_required
@view_required
def convention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The workspace on its first tab, the summary."""
    return workspace.render_workspace(request, pk, workspace.DEFAULT_SECTION)


@login_required
@view_required
def convention_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One tab of the workspace, registered by conventions or an upper app."""
    if section == workspace.DEFAULT_SECTION:
        return redirect("conventions:convention_detail", pk=pk)
    return workspace.render_workspace(request, pk, section)


@login_required
@permission_required("conventions.add_convention", raise_exception=True)
def convention_create(request: HttpRequest) -> HttpResponse:
    form = ConventionForm(request.POST or None, initial={"owner": request.user})
    if form.is_valid():
        convention = form.save(commit=False)
        convention._history_user = request.user
        convention.save()
        messages.success(
            request, _("La convention %(ref)s a été créée.") % {"ref": convention.reference}
        )
        return redirect(convention)
    return render(request, "conventions/convention_form.html", {"form": form})


@login_required
@change_required
def convention_update(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_object_or_404(Convention, pk=pk)
    form = ConventionForm(request.POST or None, instance=convention)
    if form.is_valid() and form.save_versioned(by=request.user):
        messages.success(request, _("La convention a été enregistrée."))
        return redirect(convention)
    context = {"form": form, "convention": convention}
    return render(request, "conventions/convention_form.html", context)


@login_required
@change_required
def convention_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Confirm (GET) then apply (POST) one lifecycle step."""
    if name not in services.TRANSITIONS:
        raise Http404
    convention = get_object_or_404(Convention.objects.prefetch_related("parties"), pk=pk)
    transition = services.TRANSITIONS[name]
    form_class = TRANSITION_FORMS.get(name)
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = _apply(name, convention, request.user, form)
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(convention)
        else:
            done = {"reference": convention.reference, "successor": result.reference}
            messages.success(request, transition.done % done)
            return redirect(result)
    context = {
        "convention": convention,
        "transition": transition,
        "refusal": services.transition_refusal(convention, name),
        "form": form,
    }
    return render(request, "conventions/convention_transition.html", context)


# The steps that ask for something before they apply: a date, a reason.
TRANSITION_FORMS = {"terminate": TerminateForm, "abandon": AbandonForm}


def _apply(name: str, convention: Convention, user: object, form: forms.Form | None):
    if name == "terminate":
        return services.convention_terminate(convention=convention, by=user, **form.cleaned_data)
    if name == "abandon":
        return services.convention_abandon(convention=convention, by=user, **form.cleaned_data)
    if name == "renew":
        return services.convention_renew(convention=convention, by=user)
    return services.TRANSITION_SERVICES[name](convention=convention, by=user)


@login_required
@permission_required("conventions.add_convention", raise_exception=True)
def convention_amend(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_object_or_404(Convention, pk=pk)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_create(
                convention=convention, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("L'avenant %(ref)s a été créé.") % {"ref": amendment.reference}
            )
            return redirect(amendment)
    context = {"form": form, "convention": convention}
    return render(request, "conventions/convention_amend.html", context)


# --- parties, axes and articles: one pattern for the three ---------------------------


@dataclass(frozen=True)
class ChildKind:
    """A part of a convention's text and its wording, each sentence its own (%(name)s)."""

    model: type
    form_class: type
    noun: str
    add_title: str
    edit_title: str
    saved: str
    deleted: str


CHILDREN = {
    "party": ChildKind(
        Party, PartyForm, gettext_lazy("partie"), gettext_lazy("Ajouter une partie"),
        gettext_lazy("Modifier la partie « %(name)s »"),
        gettext_lazy("La partie « %(name)s » est enregistrée."),
        gettext_lazy("La partie « %(name)s » est retirée de la convention."),
    ),
    "axis": ChildKind(
        Axis, AxisForm, gettext_lazy("axe"), gettext_lazy("Ajouter un axe"),
        gettext_lazy("Modifier l'axe « %(name)s »"),
        gettext_lazy("L'axe « %(name)s » est enregistré."),
        gettext_lazy("L'axe « %(name)s » est supprimé."),
    ),
    "clause": ChildKind(
        Clause, ClauseForm, gettext_lazy("article"), gettext_lazy("Ajouter un article"),
        gettext_lazy("Modifier l'article « %(name)s »"),
        gettext_lazy("L'article « %(name)s » est enregistré."),
        gettext_lazy("L'article « %(name)s » est supprimé."),
    ),
}  # fmt: skip
# The workspace tab each kind lives in, where its edits return.
CHILD_SECTIONS = {"party": "parties", "axis": "texte", "clause": "texte"}


def _child_section(convention: Convention, kind: str) -> str:
    return f"{workspace.section_url(convention, CHILD_SECTIONS[kind])}#{kind}-section"


def _locked(request: HttpRequest, convention: Convention, kind: str) -> HttpResponse:
    # A signed text does not change under its signatures: an amendment changes it.
    messages.error(request, LOCKED_MESSAGE)
    return redirect(_child_section(convention, kind))


def _child_edit(
    request: HttpRequest, kind: str, convention_pk: int, pk: int | None
) -> HttpResponse:
    child = CHILDREN[kind]
    model = child.model
    perm = f"conventions.{'change' if pk else 'add'}_{model._meta.model_name}"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    convention = get_object_or_404(Convention, pk=convention_pk)
    # A row asked for under another convention is out of scope: 404.
    instance = get_object_or_404(model, pk=pk, convention=convention) if pk else None
    if convention.text_locked:
        return _locked(request, convention, kind)
    form = child.form_class(request.POST or None, instance=instance, convention=convention)
    if form.is_valid() and form.save_edit(by=request.user):
        messages.success(request, child.saved % {"name": form.instance})
        return redirect(_child_section(convention, kind))
    title = child.edit_title % {"name": instance} if instance else child.add_title
    context = {"form": form, "convention": convention, "title": title, "instance": instance}
    return render(request, "conventions/convention_child_form.html", context)


def _child_delete(request: HttpRequest, kind: str, convention_pk: int, pk: int) -> HttpResponse:
    child = CHILDREN[kind]
    model, noun = child.model, child.noun
    if not request.user.has_perm(f"conventions.delete_{model._meta.model_name}"):
        raise PermissionDenied
    convention = get_object_or_404(Convention, pk=convention_pk)
    instance = get_object_or_404(model, pk=pk, convention=convention)
    if convention.text_locked:
        return _locked(request, convention, kind)
    if request.method == "POST":
        instance._history_user = request.user
        try:
            instance.delete()
        except ProtectedError:
            messages.error(request, _("Suppression impossible : des éléments y sont rattachés."))
        else:
            messages.success(request, child.deleted % {"name": instance})
        return redirect(_child_section(convention, kind))
    context = {"convention": convention, "instance": instance, "noun": noun}
    return render(request, "conventions/convention_child_delete.html", context)


@login_required
def party_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_edit(request, "party", pk, None)


@login_required
def party_update(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    return _child_edit(request, "party", pk, party_pk)


@login_required
def party_delete(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    return _child_delete(request, "party", pk, party_pk)


@login_required
def axis_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_edit(request, "axis", pk, None)


@login_required
def axis_update(request: HttpRequest, pk: int, axis_pk: int) -> HttpResponse:
    return _child_edit(request, "axis", pk, axis_pk)


@login_required
def axis_delete(request: HttpRequest, pk: int, axis_pk: int) -> HttpResponse:
    return _child_delete(request, "axis", pk, axis_pk)


@login_required
def clause_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_edit(request, "clause", pk, None)


@login_required
def clause_update(request: HttpRequest, pk: int, clause_pk: int) -> HttpResponse:
    return _child_edit(request, "clause", pk, clause_pk)


@login_required
def clause_delete(request: HttpRequest, pk: int, clause_pk: int) -> HttpResponse:
    return _child_delete(request, "clause", pk, clause_pk)
