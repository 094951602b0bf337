from datetime import timedelta

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from conventions.models import Convention
from core import history, roles
from core.models import User
from tasks.models import Task

HOME_LIMIT = 10
TASK_HORIZON_DAYS = 7


def _recent_changes(user: User) -> list[dict]:
    """The latest history rows of the conventions and actions I own: two bounded queries."""
    mine = Convention.objects.filter(Q(owner=user) | Q(coordinator=user)).values("pk")
    conventions = (
        Convention.history.filter(id__in=mine)
        .select_related("history_user")
        .order_by("-history_date")[:HOME_LIMIT]
    )
    actions = (
        Action.history.filter(id__in=Action.objects.filter(owner_user=user).values("pk"))
        .select_related("history_user")
        .order_by("-history_date")[:HOME_LIMIT]
    )
    rows = sorted([*conventions, *actions], key=lambda row: row.history_date, reverse=True)
    return [
        {
            "date": row.history_date,
            "user": row.history_user,
            "kind": history.TYPE_LABELS.get(row.history_type, row.history_type),
            "reason": row.history_change_reason or "",
            # Built from the row itself: `row.instance` would reload excluded fields per row.
            "label": f"{row.reference} — {row.title}"
            if hasattr(row, "reference")
            else f"{_('Action')} {row.number}. {row.title}",
            "url": reverse(
                "conventions:convention_detail"
                if hasattr(row, "reference")
                else "actions:action_detail",
                args=[row.id],
            ),
        }
        for row in rows[:HOME_LIMIT]
    ]


def _status_counts() -> list[dict]:
    counts = dict(Convention.objects.values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Convention.Status.choices
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what is due or late for me, what to renew, what changed."""
    today = timezone.localdate()
    my_tasks = (
        Task.objects.open()
        .filter(assignee=request.user, due_on__lte=today + timedelta(days=TASK_HORIZON_DAYS))
        .select_related("organisation", "convention")
        .order_by("due_on", "pk")
    )
    my_late_actions = (
        Action.objects.late(today)
        .filter(owner_user=request.user)
        .select_related("convention")
        .order_by("due_on", "pk")
    )
    to_renew = Convention.objects.ending_within(90, today).order_by("ends_on", "pk")
    context = {
        "today": today,
        "role_names": roles.role_names(request.user),
        "my_tasks": my_tasks[:HOME_LIMIT],
        "my_late_actions": my_late_actions[:HOME_LIMIT],
        "to_renew": to_renew[:HOME_LIMIT],
        "recent_changes": _recent_changes(request.user),
        "status_counts": _status_counts(),
        "task_horizon": TASK_HORIZON_DAYS,
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
