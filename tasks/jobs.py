"""Celery jobs: thin, idempotent, each one service call (discovered as `jobs`).

The services these call never import this module back; the one that queues a job
(`tasks.services.tasks`) is not imported here.
"""

from __future__ import annotations

from celery import shared_task

from tasks import health
from tasks.services import digests, mail, planner, sender


@shared_task(name="tasks.reminders_plan")
def reminders_plan() -> int:
    planned = planner.reminders_plan()
    # After the work, so a planner that keeps failing shows on /sante/ as a late beat.
    health.heartbeat_record(health.BEAT_JOB)
    return planned


@shared_task(name="tasks.reminders_send")
def reminders_send() -> int:
    # SMTP failures are retried in the data (Reminder.send_after), never with an ETA job.
    return sender.reminders_send_due()


@shared_task(name="tasks.digests_send")
def digests_send() -> int:
    return digests.digests_send_due()


@shared_task(
    name="tasks.task_assigned_notify",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def task_assigned_notify(task_id: int, by_id: int) -> bool:
    return mail.task_assigned_send(task_id=task_id, by_id=by_id)
