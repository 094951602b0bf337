"""What actions adds to the dashboard: the action plans' figures, my late actions and the
latest changes on my actions. Registered in `ActionsConfig.ready()`."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from core import cached, charts, history
from core.formats import percent
from core.models import User

DASHBOARD_LIMIT = 10
FIGURES = cached.name("actions.dashboard_figures")


def _figures() -> dict:
    """Every action plan's actions but the abandoned ones: how many, done, late."""
    today = timezone.localdate()
    late = ~Q(status__in=Action.CLOSED_STATUSES) & Q(due_on__lt=today)
    return Action.objects.exclude(status=Action.Status.CANCELLED).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        late=Count("pk", filter=late),
    )


def action_figures(request: HttpRequest, _obj: None) -> dict:
    """Done and late actions as shares of all (the abandoned left out), with their chart;
    counted at most every 5 minutes."""
    counts = cached.cached(FIGURES, _figures)
    total = counts["total"]
    if not total:
        return {"action_figures": None}
    shares = {name: round(100 * counts[name] / total) for name in ("done", "late")}
    shares["on_time"] = 100 - shares["done"] - shares["late"]
    rows = [
        (_("Réalisées"), shares["done"], counts["done"]),
        (_("En retard"), shares["late"], counts["late"]),
        (_("À faire dans les délais"), shares["on_time"], total - counts["done"] - counts["late"]),
    ]
    chart = charts.bar_chart(
        _("Actions des plans d'action, en pourcentage"),
        [(label, Decimal(share), percent(share)) for label, share, _count in rows],
        width=420,
    )
    return {"action_figures": {"total": total, "rows": rows, "chart": chart, **shares}}


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
