"""What tasks adds to /sante/ (registered in apps.py): the last beat tick, the oldest
reminder waiting. Figures are ages in seconds, nothing about who or what."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from tasks.models import Heartbeat, Reminder

# The job whose runs stand for beat's ticks: scheduled every two minutes, it needs beat, the
# broker, a worker and the database to finish.
BEAT_JOB = "tasks.reminders_plan"


def heartbeat_record(job: str) -> None:
    Heartbeat.objects.update_or_create(job=job, defaults={"ran_at": timezone.now()})


def _age_seconds(moment: object) -> int | None:
    return None if moment is None else max(0, int((timezone.now() - moment).total_seconds()))


def beat_check() -> dict[str, Any]:
    """Late when the planner has not finished a run for HEALTH_BEAT_LATE_SECONDS (or ever)."""
    ran_at = Heartbeat.objects.filter(job=BEAT_JOB).values_list("ran_at", flat=True).first()
    age = _age_seconds(ran_at)
    return {
        "ok": age is not None and age <= settings.HEALTH_BEAT_LATE_SECONDS,
        "last_tick_seconds": age,
    }


def reminders_check() -> dict[str, Any]:
    """Late when a reminder has been due for HEALTH_REMINDER_LATE_SECONDS without being sent
    (a reminder waiting for a retry after an SMTP error is not due yet)."""
    oldest = (
        Reminder.objects.filter(status=Reminder.Status.PENDING, send_after__lte=timezone.now())
        .order_by("send_after")
        .values_list("send_after", flat=True)
        .first()
    )
    age = _age_seconds(oldest) or 0
    return {"ok": age <= settings.HEALTH_REMINDER_LATE_SECONDS, "oldest_pending_seconds": age}
