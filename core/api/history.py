"""Every change made through the API says so in its history: reason "API" (or the service's
own reason followed by "(API)": "Statut : Signée (API)")."""

from __future__ import annotations

from simple_history.models import HistoricalRecords

API_PREFIX = "/api/"
REASON = "API"


def mark_api_changes(sender, history_instance, **kwargs) -> None:
    """`pre_create_historical_record`: during an API request, name the API as the channel."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None or not request.path.startswith(API_PREFIX):
        return
    reason = history_instance.history_change_reason or ""
    if REASON not in reason:
        history_instance.history_change_reason = f"{reason} ({REASON})" if reason else REASON
