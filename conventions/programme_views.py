"""Programme screens: several bilateral conventions under one mission (the MACS case)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from conventions.forms import ProgrammeForm
from conventions.models import Convention, Programme
from conventions.views import PAGE_SIZE, PARTIES
from core import history
from core.pagination import keyset_page


@login_required
@permission_required("conventions.view_programme", raise_exception=True)
def programme_list(request: HttpRequest) -> HttpResponse:
    queryset = Programme.objects.select_related("pilot").annotate(
        convention_count=Count("conventions")
    )
    page = keyset_page(request, queryset, PAGE_SIZE, ordering=["name", "pk"])
    return render(request, "conventions/programme_list.html", {"page_obj": page})


@login_required
@permission_required("conventions.view_programme", raise_exception=True)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conventions = Convention.objects.select_related("owner").prefetch_related(
        Prefetch("parties", queryset=PARTIES)
    )
    queryset = Programme.objects.select_related("pilot").prefetch_related(
        Prefetch("conventions", queryset=conventions.order_by("-reference", "pk"))
    )
    programme = get_object_or_404(queryset, pk=pk)
    context = {
        "programme": programme,
        "object": programme,
        "history": history.history_entries(programme),
        "can_restore": request.user.has_perm("conventions.change_programme"),
        "today": timezone.localdate(),
    }
    return render(request, "conventions/programme_detail.html", context)


def _programme_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    if not request.user.has_perm(f"conventions.{'change' if pk else 'add'}_programme"):
        raise PermissionDenied
    instance = get_object_or_404(Programme, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=instance)
    if form.is_valid() and form.save_edit(by=request.user):
        programme = form.instance
        messages.success(
            request, _("Le programme %(name)s a été enregistré.") % {"name": programme}
        )
        return redirect(programme)
    context = {"form": form, "programme": instance}
    return render(request, "conventions/programme_form.html", context)


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_edit(request, None)


@login_required
def programme_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_edit(request, pk)
