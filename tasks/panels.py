"""What tasks adds to the other apps' pages: open tasks, the quick-add button, the dashboard's
"my tasks" and the header's notifications. Registered in `TasksConfig.ready()`."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Notification, Task

DASHBOARD_LIMIT = 10
# Open tasks the convention workspace's tab shows; "Voir les N tâches" opens the list.
CONVENTION_TASKS_LIMIT = 10
TASK_HORIZON_DAYS = 7


def open_tasks(request: HttpRequest, obj: Model) -> dict:
    """The open tasks of an organisation or an action: one query."""
    tasks = (
        Task.objects.open()
        .filter(**{obj._meta.model_name: obj})
        .select_related("assignee")
        .order_by("due_on", "pk")
    )
    return {"open_tasks": tasks, "today": timezone.localdate()}


def convention_tasks(request: HttpRequest, convention: Model) -> dict:
    """The workspace's tasks tab: the first open tasks, and how many there are (two queries)."""
    queryset = Task.objects.open().filter(convention=convention)
    tasks = list(
        queryset.select_related("assignee").order_by("due_on", "pk")[:CONVENTION_TASKS_LIMIT]
    )
    count = len(tasks) if len(tasks) < CONVENTION_TASKS_LIMIT else queryset.count()
    query = urlencode({"scope": "team", "convention": convention.pk})
    return {
        "open_tasks": tasks,
        "open_count": count,
        "tasks_url": f"{reverse('tasks:task_list')}?{query}",
        "today": timezone.localdate(),
    }


def my_tasks(request: HttpRequest, _obj: None) -> dict:
    today = timezone.localdate()
    tasks = (
        Task.objects.open()
        .filter(assignee=request.user, due_on__lte=today + timedelta(days=TASK_HORIZON_DAYS))
        .select_related("organisation", "convention")
        .order_by("due_on", "pk")
    )
    return {"my_tasks": tasks[:DASHBOARD_LIMIT], "today": today, "task_horizon": TASK_HORIZON_DAYS}


def unread_notifications(request: HttpRequest, _obj: None) -> dict:
    """How many notifications the user has not opened yet (one query per page)."""
    user = request.user
    if not user.is_authenticated:
        return {"unread": 0}
    return {"unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
