from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from conventions.models import Convention
from core import history, roles
from tasks.models import Task

HOME_TASK_LIMIT = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: my next tasks and actions, and conventions to renew."""
    today = timezone.localdate()
    my_tasks = (
        Task.objects.open()
        .filter(assignee=request.user)
        .select_related("organisation", "convention")
        .order_by("due_on")
    )
    my_late_actions = (
        Action.objects.late(today)
        .filter(owner_user=request.user)
        .select_related("convention")
        .order_by("due_on")
    )
    to_renew = Convention.objects.ending_within(90, today).order_by("ends_on")
    context = {
        "today": today,
        "role_names": roles.role_names(request.user),
        "my_tasks": my_tasks[:HOME_TASK_LIMIT],
        "my_late_actions": my_late_actions[:HOME_TASK_LIMIT],
        "to_renew": to_renew[:HOME_TASK_LIMIT],
    }
    return render(request, "core/home.html", context)


@login_required
def history_restore(request: HttpRequest, label: str, pk: int, history_id: int) -> HttpResponse:
    """Confirm (GET) then restore (POST) an earlier version of an object."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
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
        return redirect(instance.get_absolute_url())
    current = instance.history.order_by("-history_date").first()
    changes = history.version_changes(current, record)
    context = {"object": instance, "record": record, "changes": changes}
    return render(request, "core/history_restore.html", context)
