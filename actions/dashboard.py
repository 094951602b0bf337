"""What actions adds to the dashboard: my late actions and the latest changes on my actions.
Registered in `ActionsConfig.ready()`."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from core import history
from core.models import User

DASHBOARD_LIMIT = 10


def my_late_actions(request: HttpRequest, _obj: None) -> dict:
    actions = (
        Action.objects.late(timezone.localdate())
        .filter(owner_user=request.user)
        .select_related("convention")
        .order_by("due_on", "pk")
    )
    return {"my_late_actions": actions[:DASHBOARD_LIMIT]}


def action_changes(user: User, limit: int) -> list[dict]:
    """History source: the latest changes on the actions I own (one query)."""
    rows = (
        Action.history.filter(id__in=Action.objects.filter(owner_user=user).values("pk"))
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    return [
        history.change_row(row, f"{_('Action')} {row.number}. {row.title}", "actions:action_detail")
        for row in rows
    ]
