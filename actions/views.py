"""Action plan screens: the list ("mes actions"), an action, indicators and measurements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import services
from actions.forms import (
    ActionFilterForm,
    ActionForm,
    CommentForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementUpdateForm,
)
from actions.models import Action, Indicator, Measurement
from actions.models.indicators import UNIQUE_DATE_MESSAGE
from conventions.models import Convention
from core import history
from core.autocomplete import filter_by
from core.pagination import AFTER, BEFORE, keyset_page
from core.text import normalize
from partners.views.common import export_list

PAGE_SIZE = 30

view_required = permission_required("actions.view_action", raise_exception=True)
change_required = permission_required("actions.change_action", raise_exception=True)


def filter_actions(queryset: QuerySet, data: dict, user: object) -> QuerySet:
    today = timezone.localdate()
    if data.get("q"):
        # Accent- and case-insensitive, on the trigram-indexed column (PostgreSQL).
        for word in normalize(data["q"]).split():
            queryset = queryset.filter(Q(title_normalized__contains=word) | Q(number=word))
    # An id picked in the autocomplete, or a text typed without JavaScript (every match).
    if data.get("convention"):
        queryset = filter_by("conventions", queryset, "convention", data["convention"])
    if data.get("owner") == "me":
        queryset = queryset.filter(owner_user=user)
    if data.get("status") == "open":
        queryset = queryset.open()
    elif data.get("status") and data["status"] != "all":
        queryset = queryset.filter(status=data["status"])
    if data.get("late"):
        queryset = queryset.late(today)
    order = ActionFilterForm.SORTS.get(data.get("sort"), ActionFilterForm.SORTS["due_on"])
    return queryset.order_by(*order)


def list_query(query: QueryDict) -> QueryDict:
    """The list's filters with its default: it opens on the actions still to do, done and
    abandoned ones one choice away ("all"). The filters stay in the URL."""
    query = query.copy()
    if not query.get("status"):
        query["status"] = "open"
    return query


@login_required
@view_required
def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(list_query(request.GET))
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Action.objects.select_related(
        "convention", "axis", "lead_party__organisation", "owner_user", "owner_contact"
    )
    page = keyset_page(request, filter_actions(queryset, data, request.user), PAGE_SIZE)
    today = timezone.localdate()
    for action in page:
        action.late = action.is_late(today)
    every_status = request.GET.copy()
    every_status["status"] = "all"
    for cursor in (AFTER, BEFORE):
        every_status.pop(cursor, None)
    context = {
        "form": form,
        "page_obj": page,
        "mine": data.get("owner") == "me",
        "open_only": data.get("status") == "open",
        "every_status_query": every_status.urlencode(),
    }
    return render(request, "actions/action_list.html", context)


@login_required
@view_required
def action_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX (actions/exports.py), by a job past a bound."""
    return export_list(request, "actions", fmt)


@login_required
@view_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.select_related(
            "convention", "axis", "lead_party__organisation", "owner_user", "owner_contact"
        ),
        pk=pk,
    )
    action.late = action.is_late()
    context = {
        "action": action,
        "object": action,
        "comments": action.comments.select_related("author"),
        "indicators": action.indicators.prefetch_related("measurements"),
        "comment_form": CommentForm(),
        "history": history.history_entries(action),
        "can_restore": request.user.has_perm("actions.change_action"),
    }
    return render(request, "actions/action_detail.html", context)


def plan_url(convention: Convention) -> str:
    """The convention workspace's plan tab, where the plan's edits return."""
    return reverse("conventions:convention_section", args=[convention.pk, "plan"])


@login_required
@permission_required("actions.add_action", raise_exception=True)
def action_create(request: HttpRequest, convention_pk: int) -> HttpResponse:
    convention = get_object_or_404(Convention, pk=convention_pk)
    initial = {"number": str(convention.actions.count() + 1)}
    form = ActionForm(request.POST or None, convention=convention, initial=initial)
    if form.is_valid():
        action = form.save(commit=False)
        action.order = (
            convention.actions.order_by("-order").values_list("order", flat=True).first() or 0
        ) + 1
        action._history_user = request.user
        action.save()
        messages.success(
            request, _("L'action %(number)s a été ajoutée.") % {"number": action.number}
        )
        return redirect(f"{plan_url(convention)}#plan-section")
    context = {"form": form, "convention": convention}
    return render(request, "actions/action_form.html", context)


@login_required
@change_required
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("convention"), pk=pk)
    form = ActionForm(request.POST or None, instance=action, convention=action.convention)
    if form.is_valid() and form.save_versioned(by=request.user):
        messages.success(request, _("L'action a été enregistrée."))
        return redirect(action)
    context = {"form": form, "convention": action.convention, "action": action}
    return render(request, "actions/action_form.html", context)


@login_required
@change_required
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) then mark done (POST)."""
    action = get_object_or_404(Action.objects.select_related("convention"), pk=pk)
    if request.method == "POST":
        try:
            services.action_close(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("L'action %(number)s est réalisée.") % {"number": action.number}
            )
        return redirect(action)
    return render(request, "actions/action_close.html", {"action": action})


@login_required
@change_required
@require_POST
def action_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404
    action = get_object_or_404(Action.objects.select_related("convention"), pk=pk)
    try:
        services.action_move(action=action, by=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{plan_url(action.convention)}#action-{action.pk}")


@login_required
@permission_required("actions.add_actioncomment", raise_exception=True)
@require_POST
def actioncomment_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(action=action, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Commentaire ajouté."))
    else:
        messages.error(request, _("Le commentaire est vide."))
    return redirect(f"{action.get_absolute_url()}#comments-title")


# --- indicators ------------------------------------------------------------------------


@login_required
@view_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("convention", "action").prefetch_related("measurements"),
        pk=pk,
    )
    form = MeasurementForm(initial={"measured_on": timezone.localdate()})
    return _indicator_page(request, indicator, form)


def _indicator_page(
    request: HttpRequest, indicator: Indicator, form: MeasurementForm
) -> HttpResponse:
    context = {
        "indicator": indicator,
        "object": indicator,
        "form": form,
        "history": history.history_entries(indicator),
        "can_restore": request.user.has_perm("actions.change_indicator"),
    }
    return render(request, "actions/indicator_detail.html", context)


@login_required
@permission_required("actions.add_measurement", raise_exception=True)
@require_POST
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("convention", "action"), pk=pk)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services.measurement_record(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La mesure a été enregistrée."))
            return redirect(indicator)
    return _indicator_page(request, indicator, form)


@login_required
@permission_required("actions.change_measurement", raise_exception=True)
def measurement_update(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = get_object_or_404(Measurement.objects.select_related("indicator"), pk=pk)
    form = MeasurementUpdateForm(request.POST or None, instance=measurement)
    try:
        saved = (
            request.method == "POST" and form.is_valid() and form.save_versioned(by=request.user)
        )
    except IntegrityError:
        # Another measurement took that date between the check and the save.
        form.add_error("measured_on", UNIQUE_DATE_MESSAGE)
        saved = False
    if saved:
        messages.success(request, _("La mesure est corrigée."))
        return redirect(measurement.indicator)
    context = {"form": form, "measurement": measurement, "indicator": measurement.indicator}
    return render(request, "actions/measurement_form.html", context)


@login_required
@permission_required("actions.delete_measurement", raise_exception=True)
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then delete (POST); the history keeps the value and who deleted it."""
    measurement = get_object_or_404(Measurement.objects.select_related("indicator"), pk=pk)
    indicator = measurement.indicator
    if request.method == "POST":
        measurement._history_user = request.user
        measurement._change_reason = _("Mesure supprimée")
        measurement.delete()
        messages.success(request, _("La mesure est supprimée."))
        return redirect(indicator)
    context = {
        "object": measurement,
        "noun": _("la mesure"),
        "cancel_url": indicator.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


def _indicator_edit(
    request: HttpRequest, convention: Convention, indicator: Indicator | None
) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator, convention=convention)
    if form.is_valid() and form.save_edit(by=request.user):
        messages.success(request, _("L'indicateur a été enregistré."))
        return redirect(form.instance)
    context = {"form": form, "convention": convention, "indicator": indicator}
    return render(request, "actions/indicator_form.html", context)


@login_required
@permission_required("actions.add_indicator", raise_exception=True)
def indicator_create(request: HttpRequest, convention_pk: int) -> HttpResponse:
    return _indicator_edit(request, get_object_or_404(Convention, pk=convention_pk), None)


@login_required
@permission_required("actions.change_indicator", raise_exception=True)
def indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("convention"), pk=pk)
    return _indicator_edit(request, indicator.convention, indicator)
