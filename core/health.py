"""The health report behind /sante/: every check registered in ``registry.health``.

Core checks what it owns, the database and the broker; upper apps register theirs (tasks:
the last beat tick, the oldest reminder waiting) from their ``AppConfig.ready()``. A check
that raises is a failed check, never a 500: the report names the exception's class, and the
log keeps the message, which may hold a host name.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection
from kombu import Connection

from core import registry

logger = logging.getLogger(__name__)

# A broker that does not answer within this is down, as far as a load balancer cares.
BROKER_TIMEOUT_SECONDS = 3


def database_check() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def broker_check() -> dict[str, Any]:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
    ) as broker:
        # No retry: the next probe is the retry.
        broker.ensure_connection(max_retries=0)
    return {"ok": True}


def health_report() -> dict[str, Any]:
    """{"status": "ok" | "degraded" | "error", "checks": {name: {"ok": …, figures}}}.

    "error" when a critical check fails (answered 503), "degraded" when another one does."""
    checks: dict[str, dict[str, Any]] = {}
    status = "ok"
    for check in registry.health.checks():
        try:
            result = dict(check.check())
        except Exception as error:
            logger.exception("Health check %s failed", check.name)
            result = {"ok": False, "error": type(error).__name__}
        result["ok"] = bool(result.get("ok"))
        result["critical"] = check.critical
        checks[check.name] = result
        if not result["ok"]:
            status = "error" if check.critical else ("degraded" if status == "ok" else status)
    return {"status": status, "checks": checks}
