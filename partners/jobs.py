"""Celery jobs of the partners app, thin, one service call: imports and exports (an ID in),
the daily GDPR retention pass."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from partners import datajobs, privacy

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 10,
    "retry_backoff_max": 120,
    "max_retries": 3,
}


@shared_task(name="partners.jobs.import_check", **RETRY)
def import_check(job_id: int) -> str:
    """Check an uploaded file row by row; returns the job's status."""
    job = datajobs.import_check_run(job_id=job_id)
    return job.status if job else ""


@shared_task(name="partners.jobs.import_write", **RETRY)
def import_write(job_id: int) -> str:
    """Write a confirmed import, all rows or none; returns the job's status."""
    job = datajobs.import_write_run(job_id=job_id)
    return job.status if job else ""


@shared_task(name="partners.jobs.export_build", **RETRY)
def export_build(job_id: int) -> str:
    """Write a filtered list to a CSV or XLSX file; returns the job's status."""
    job = datajobs.export_run(job_id=job_id)
    return job.status if job else ""


@shared_task(name="partners.retention_apply")
def retention_apply() -> dict[str, int]:
    """Delete unconfirmed import files and old export files, flag contacts inactive for years
    (GDPR retention)."""
    return privacy.retention_apply()
