from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from actions.models import Action
from conventions.models import Convention
from core import roles
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
