from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import autocomplete as core_autocomplete
from core import health as core_health
from core import history, registry, roles
from core.history_feed import history_feed


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: each app adds its sections (what is due or late for me, what to
    renew, what changed) as panels on "core.dashboard"."""
    return render(request, "core/home.html", {"role_names": roles.role_names(request.user)})


def _model_or_404(label: str) -> type:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None


@login_required
@require_safe
def history_list(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """An object's whole history with its parts', newest first, by pages of keyset."""
    model = _model_or_404(label)
    meta = model._meta
    if not hasattr(model, "history") or not hasattr(model, "get_absolute_url"):
        raise Http404
    if not request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        raise PermissionDenied
    instance = get_object_or_404(model, pk=pk)
    page = history_feed(instance, cursor=request.GET.get("avant", ""))
    context = {
        "object": instance, "history": page.entries, "next_cursor": page.next_cursor,
        "can_restore": request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"),
    }  # fmt: skip
    return render(request, "core/history_list.html", context)


def _back(request: HttpRequest, instance: object) -> str:
    """Where to go after a restore: the object's page, or the page the history was read on
    (a relationship or a journal entry has no page of its own)."""
    if hasattr(instance, "get_absolute_url"):
        return instance.get_absolute_url()
    back = request.POST.get("retour") or request.GET.get("retour") or ""
    allowed = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if allowed and back.startswith("/") else reverse("core:home")


@login_required
def history_restore(request: HttpRequest, label: str, pk: int, history_id: int) -> HttpResponse:
    """Confirm (GET) then restore (POST) an earlier version of an object."""
    model = _model_or_404(label)
    if not history.is_restorable(model):
        raise Http404
    if not request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
        raise PermissionDenied
    instance = get_object_or_404(model, pk=pk)
    record = get_object_or_404(instance.history, history_id=history_id)
    if request.method == "POST":
        try:
            history.history_restore(instance=instance, history_id=history_id, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La version précédente a été restaurée."))
        return redirect(_back(request, instance))
    current = instance.history.order_by("-history_date").first()
    changes = history.version_changes(current, record)
    context = {
        "object": instance,
        "record": record,
        "changes": changes,
        "back": _back(request, instance),
    }
    return render(request, "core/history_restore.html", context)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The RGAA accessibility statement, open to all: the law asks it be reachable before login."""
    context = {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "site_url": settings.SITE_URL}
    return render(request, "core/accessibility.html", context)


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer and monitoring, without login: 503 when a critical check fails."""
    report = core_health.health_report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


@login_required
@require_safe
def autocomplete(request: HttpRequest, source: str) -> JsonResponse:
    """A relation field's suggestions: at most 20 rows matching ?q=, accents ignored, in one
    query (plus the session and the user)."""
    try:
        found = registry.autocompletes.get(source)
    except LookupError:
        raise Http404 from None
    if found.permission and not request.user.has_perm(found.permission):
        raise PermissionDenied
    params = {key: request.GET.getlist(key) for key in request.GET}
    results = core_autocomplete.matches(source, request.GET.get("q", ""), params)
    return JsonResponse({"results": results})
