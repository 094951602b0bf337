"""What conventions adds to the lower apps' pages: an organisation's conventions and the
dashboard's sections. Registered in `ConventionsConfig.ready()`."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from conventions.models import Convention, Party
from core import cached, history
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


FIGURES = cached.name("conventions.dashboard_figures")


def _figures() -> dict:
    today = timezone.localdate()
    horizon = today + timedelta(days=RENEWAL_HORIZON_DAYS)
    ending = (Q(ends_on__lte=horizon) | Q(notice_deadline__lte=horizon)) & Q(ends_on__gte=today)
    return Convention.objects.current().aggregate(
        active=Count("pk", filter=Q(status=Convention.Status.ACTIVE)),
        to_renew=Count("pk", filter=ending),
    )


def convention_figures(request: HttpRequest, _obj: None) -> dict:
    """The conventions in force, and those to renew or denounce within 90 days
    (the same rule as `Convention.objects.ending_within`), counted at most every 5 min."""
    return {
        "convention_figures": cached.cached(FIGURES, _figures),
        "renew_days": RENEWAL_HORIZON_DAYS,
    }


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
