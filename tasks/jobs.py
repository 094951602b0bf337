"""Celery jobs: thin, idempotent, each one service call (discovered as `jobs`)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="tasks.reminders_plan")
def reminders_plan() -> int:
    from tasks import services  # services import this module

    return services.reminders_plan()


@shared_task(name="tasks.reminders_send")
def reminders_send() -> int:
    # SMTP failures are retried in the data (Reminder.send_after), never with an ETA job.
    from tasks import services

    return services.reminders_send_due()


@shared_task(name="tasks.digests_send")
def digests_send() -> int:
    from tasks import services

    return services.digests_send_due()


@shared_task(
    name="tasks.task_assigned_notify",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def task_assigned_notify(task_id: int, by_id: int) -> bool:
    from tasks import services

    return services.task_assigned_send(task_id=task_id, by_id=by_id)
