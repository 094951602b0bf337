"""Merging a duplicate into the record on screen: choose it, see what moves, confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import AccessibleFormMixin
from core.merge import merge_preview
from core.text import normalize
from partners.merges import records_merge
from partners.models import Contact, Organisation

SEARCH_LIMIT = 20


class MergeSearchForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Nom de la fiche en double"), max_length=100)


def _matches(model: type[Model], record: Model, text: str) -> list[Model]:
    if model is Organisation:
        found = Organisation.objects.search(text)
    else:
        found = Contact.objects.filter(name_normalized__contains=normalize(text))
    return list(found.exclude(pk=record.pk).order_by("name_normalized", "pk")[:SEARCH_LIMIT])


def _swap_url(model: type[Model], other: Model, record: Model) -> str:
    url = reverse(f"partners:{model._meta.model_name}_merge", args=[other.pk])
    return f"{url}?autre={record.pk}"


def _merge(request: HttpRequest, model: type[Model], pk: int) -> HttpResponse:
    record = get_object_or_404(model, pk=pk)
    other_pk = request.POST.get("autre") or request.GET.get("autre") or ""
    other = (
        get_object_or_404(model.objects.exclude(pk=pk), pk=other_pk) if other_pk.isdigit() else None
    )
    if request.method == "POST" and other is not None:
        try:
            records_merge(keep=record, remove=other, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("« %(other)s » a été fusionnée dans cette fiche.") % {"other": other}
            )
        return redirect(record)
    search = MergeSearchForm(request.GET if "q" in request.GET else None)
    context = {
        "record": record, "other": other, "search": search,
        "matches": _matches(model, record, search.cleaned_data["q"]) if search.is_valid() else [],
        "moves": merge_preview(other) if other else [],
        "swap_url": _swap_url(model, other, record) if other else "",
    }  # fmt: skip
    return render(request, "partners/merge.html", context)


@login_required
@permission_required("partners.delete_organisation", raise_exception=True)
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers and administrators merge a duplicate organisation into this one."""
    return _merge(request, Organisation, pk)


@login_required
@permission_required("partners.delete_contact", raise_exception=True)
def contact_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers and administrators merge a duplicate contact into this one."""
    return _merge(request, Contact, pk)
