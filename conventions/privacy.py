"""GDPR in conventions: what they hold about a contact, why a signatory's name stays, and
how long batches of reports are kept."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conventions.models import Convention, Party, ReportBatch
from core.registry import personal_data


def signed_conventions(contact: object) -> list[str]:
    """A signatory of a signed convention keeps their name: the signed document shows it."""
    references = (
        Party.objects.filter(signatory=contact, convention__status__in=Convention.SIGNED_STATUSES)
        .order_by("convention__reference")
        .values_list("convention__reference", flat=True)
        .distinct()
    )
    return [
        _("Signataire de la convention %(reference)s : le document signé doit montrer son nom.")
        % {"reference": reference}
        for reference in references
    ]


def register_sources() -> None:
    """Called from `ConventionsConfig.ready`."""
    personal_data.register("conventions.Party", lambda c: Q(signatory=c))
    personal_data.register("conventions.HistoricalParty", lambda c: Q(signatory_id=c.pk))
    personal_data.register_keep(signed_conventions)


def report_batches_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the batches of committee reports (their ZIP too) older than RETENTION_BATCH_DAYS."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.RETENTION_BATCH_DAYS)
    deleted = 0
    for batch in ReportBatch.objects.filter(created_at__lt=limit):
        if batch.file:
            batch.file.delete(save=False)
        batch.delete()
        deleted += 1
    return deleted
