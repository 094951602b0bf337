"""What actions shows on other apps' pages: the convention workspace's plan and indicators
tabs, its header's late actions and its summary's figures.

Each fetches what its template shows in a fixed number of queries, whatever the plan's size,
and shows a bounded number of rows with a link to the paginated list of the rest.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from actions.charts import indicator_progress
from actions.models import Action, Indicator, average_progress
from actions.plan import plan_by_axis
from conventions.models import Convention

# Rows the plan tab shows; "Voir les N actions" opens the list of every one.
PLAN_LIMIT = 25
INDICATORS_LIMIT = 10

# What an axis's average needs of each action: read for the whole plan, a few bytes a row.
_Progress = namedtuple("_Progress", "axis_id status progress")


def actions_url(convention: Convention, **filters: str) -> str:
    """The action list narrowed to the convention (the autocomplete's text rides along)."""
    query = {"convention": convention.pk, "convention_q": str(convention), **filters}
    return f"{reverse('actions:action_list')}?{urlencode(query)}"


def convention_plan(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The first actions of the plan by axis, each axis's average over all its actions:
    three queries (the axes, the actions shown, every action's progress)."""
    today = timezone.localdate()
    shown = list(
        Action.objects.filter(convention=convention)
        .select_related("owner_user", "owner_contact")
        .order_by("order", "number")[:PLAN_LIMIT]
    )
    # The lead parties from the convention's own (the workspace prefetches them with their
    # organisations): joined in, the planner hashed every party of every convention.
    parties = {party.pk: party for party in convention.parties.all()}
    for action in shown:
        action.late = action.is_late(today)
        if action.lead_party_id is not None:
            action.lead_party = parties.get(action.lead_party_id)
    everything = [
        _Progress(*row)
        for row in Action.objects.filter(convention=convention).values_list(
            "axis_id", "status", "progress"
        )
    ]
    axes = list(convention.axes.order_by("number", "pk"))
    totals = {group.axis: group.actions for group in plan_by_axis(axes, everything)}
    groups = [
        {
            "axis": group.axis,
            "actions": group.actions,
            "progress": average_progress(totals[group.axis]),
            "count": len(totals[group.axis]),
        }
        for group in plan_by_axis(axes, shown)
        if group.actions
    ]
    return {
        "plan": groups,
        "action_count": len(everything),
        "shown_count": len(shown),
        "actions_url": actions_url(convention),
    }


def convention_indicators(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The first indicators with their progress towards the target: two or three queries."""
    queryset = Indicator.objects.filter(convention=convention)
    indicators = list(
        queryset.select_related("action")
        .prefetch_related("measurements")
        .order_by("order", "name")[:INDICATORS_LIMIT]
    )
    progress = [
        indicator_progress(indicator, list(indicator.measurements.all()))
        for indicator in indicators
    ]
    count = len(indicators) if len(indicators) < INDICATORS_LIMIT else queryset.count()
    return {"indicator_progress": progress, "indicator_count": count}


def _figures(convention: Convention) -> dict[str, int]:
    today = timezone.localdate()
    return Action.objects.filter(convention=convention).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        # ActionQuerySet.late(), as a count among the others.
        late=Count("pk", filter=Q(due_on__lt=today) & ~Q(status__in=Action.CLOSED_STATUSES)),
    )


def convention_late_actions(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The workspace header's count of late actions, linked to their list: one query."""
    late = Action.objects.filter(convention=convention).late(timezone.localdate()).count()
    return {"late_count": late, "late_url": actions_url(convention, late="on")}


def convention_plan_figures(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The summary's figures of the plan: one query."""
    return {"plan_figures": _figures(convention), "actions_url": actions_url(convention)}
