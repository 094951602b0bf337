"""What actions shows on other apps' pages: the context functions of its panels.

Each fetches what its template shows in a fixed number of queries, whatever the plan's size.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from actions.charts import indicator_progress
from actions.models import Action, Indicator
from actions.plan import plan_by_axis
from conventions.models import Convention


def convention_plan(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The annexed plan by axis, each action marked late or not: one query."""
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(convention=convention)
        .select_related("owner_user", "owner_contact")
        .order_by("order", "number")
    )
    # The lead parties from the convention's own (the page prefetches them with their
    # organisations): joined in, the planner hashed every party of every convention.
    parties = {party.pk: party for party in convention.parties.all()}
    for action in actions:
        action.late = action.is_late(today)
        if action.lead_party_id is not None:
            action.lead_party = parties.get(action.lead_party_id)
    # The page prefetches the axes for its own section: no query here.
    groups = plan_by_axis(convention.axes.all(), actions)
    return {"convention": convention, "plan": [group for group in groups if group.actions]}


def convention_indicators(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """Each indicator with its progress towards the target: two queries."""
    indicators = (
        Indicator.objects.filter(convention=convention)
        .select_related("action")
        .prefetch_related("measurements")
        .order_by("order", "name")
    )
    progress = [
        indicator_progress(indicator, list(indicator.measurements.all()))
        for indicator in indicators
    ]
    return {"convention": convention, "indicator_progress": progress}
