"""Celery jobs of the conventions app: thin, IDs in, one service call."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from conventions import documents, privacy, services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=120,
    max_retries=3,
)
def report_batch_build(batch_id: int) -> int:
    """Build the ZIP of committee reports of one batch; returns how many it holds."""
    batch = documents.report_batch_build(batch_id=batch_id)
    return batch.done if batch else 0


@shared_task(name="conventions.conventions_advance")
def conventions_advance() -> int:
    """Activate, expire or tacitly renew conventions whose dates have come."""
    return services.conventions_advance()


@shared_task(name="conventions.report_batches_purge")
def report_batches_purge() -> int:
    """Delete the batches of committee reports older than a week (GDPR retention)."""
    return privacy.report_batches_purge()
