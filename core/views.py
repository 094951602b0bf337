from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import health as core_health
from core import history, roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: each app adds its sections (what is due or late for me, what to
    renew, what changed) as panels on "core.dashboard"."""
    return render(request, "core/home.html", {"role_names": roles.role_names(request.user)})


def _restorable(label: str) -> type:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not history.is_restorable(model):
        raise Http404
    return model


@login_required
def history_list(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """Every version of an object, newest first, a keyset page at a time."""
    model = _restorable(label)
    if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        raise PermissionDenied
    instance = get_object_or_404(model, pk=pk)
    page, entries = history.history_page(request, instance)
    context = {
        "object": instance, "page_obj": page, "history": entries,
        "can_restore": request.user.has_perm(
            f"{model._meta.app_label}.change_{model._meta.model_name}"
        ),
    }  # fmt: skip
    return render(request, "core/history_list.html", context)


@login_required
def history_restore(request: HttpRequest, label: str, pk: int, history_id: int) -> HttpResponse:
    """Confirm (GET) then restore (POST) an earlier version of an object."""
    model = _restorable(label)
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
        return redirect(instance.get_absolute_url())
    current = instance.history.order_by("-history_date").first()
    changes = history.version_changes(current, record)
    context = {"object": instance, "record": record, "changes": changes}
    return render(request, "core/history_restore.html", context)


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer and monitoring, without login: 503 when a critical check fails."""
    report = core_health.health_report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)
