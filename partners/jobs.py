"""Celery jobs of the partners app: thin, one service call."""

from __future__ import annotations

from celery import shared_task

from partners import privacy


@shared_task(name="partners.retention_apply")
def retention_apply() -> dict[str, int]:
    """Delete unconfirmed import files, flag contacts inactive for years (GDPR retention)."""
    return privacy.retention_apply()
