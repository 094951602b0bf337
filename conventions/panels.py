"""What conventions adds to the lower apps' pages: an organisation's conventions and the
dashboard's sections. Registered in `ConventionsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from conventions.models import Convention, Party
from core import history
from core.models import User
from partners.models import Organisation

DASHBOARD_LIMIT = 10
RENEWAL_HORIZON_DAYS = 90


def organisation_conventions(request: HttpRequest, organisation: Organisation) -> dict:
    parties = (
        Party.objects.filter(organisation=organisation)
        .select_related("convention")
        .order_by("-convention__pk")
    )
    return {"parties": parties}


def to_renew(request: HttpRequest, _obj: None) -> dict:
    today = timezone.localdate()
    conventions = Convention.objects.ending_within(RENEWAL_HORIZON_DAYS, today)
    return {"to_renew": conventions.order_by("ends_on", "pk")[:DASHBOARD_LIMIT]}


def recent_changes(request: HttpRequest, _obj: None) -> dict:
    return {"recent_changes": history.recent_changes(request.user, DASHBOARD_LIMIT)}


def status_counts(request: HttpRequest, _obj: None) -> dict:
    counts = dict(Convention.objects.values_list("status").annotate(n=Count("pk")))
    return {
        "status_counts": [
            {"status": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Convention.Status.choices
        ]
    }


def convention_changes(user: User, limit: int) -> list[dict]:
    """History source: the latest changes on the conventions I own or coordinate (one query)."""
    mine = Convention.objects.filter(Q(owner=user) | Q(coordinator=user)).values("pk")
    rows = (
        Convention.history.filter(id__in=mine)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    # Labelled from the row itself: `row.instance` would reload excluded fields per row.
    return [
        history.change_row(row, f"{row.reference} — {row.title}", "conventions:convention_detail")
        for row in rows
    ]
