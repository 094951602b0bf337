"""Typed relationships between organisations: create and end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import ConflictError
from partners import services
from partners.forms import (
    RelationshipEndForm,
    RelationshipForm,
)
from partners.models import Organisation, Relationship


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
    form = RelationshipEndForm(
        request.POST or None, instance=relationship, initial={"ends_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(
                relationship=relationship, ends_on=form.cleaned_data["ends_on"], by=request.user,
                expected_version=form.expected_version,
            )  # fmt: skip
        except ConflictError as error:
            form.refuse_stale(error)
        except ValidationError as error:
            form.add_error("ends_on", error.messages[0])
        else:
            messages.success(request, _("La relation est terminée."))
            return redirect(f"{relationship.source.get_absolute_url()}#relations")
    context = {"form": form, "relationship": relationship}
    return render(request, "partners/relationship_end.html", context)
