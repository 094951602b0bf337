"""The relationship journal: list and log an entry with its follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import parse_id
from partners import services
from partners.forms import InteractionForm
from partners.models import Interaction, Organisation
from partners.views.common import page_of


@login_required
@permission_required("partners.view_interaction", raise_exception=True)
def interaction_list(request: HttpRequest) -> HttpResponse:
    interactions = Interaction.objects.select_related("author").prefetch_related(
        "organisations", "contacts"
    )
    organisation = None
    organisation_id = parse_id(request.GET.get("organisation"))
    if organisation_id is not None:
        organisation = get_object_or_404(Organisation, pk=organisation_id)
        interactions = interactions.filter(organisations=organisation)
    context = {"page_obj": page_of(request, interactions), "organisation": organisation}
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
            # The follow-up task's own field names are not this form's: show its messages.
            form.add_error(None, error.messages)
        else:
            if form.follow_up_data():
                messages.success(
                    request, _("L'entrée du journal et sa tâche de suivi sont enregistrées.")
                )
            else:
                messages.success(request, _("L'entrée du journal est enregistrée."))
            return redirect(organisations[0])
    return render(request, "partners/interaction_form.html", {"form": form})
