"""The write of a checked import: every row or none, in chunks, each row with its history.

One transaction holds the whole file: a failure at row 49,999 leaves nothing behind.
Inside it the rows go in by chunks with `bulk_create_with_history` (one INSERT for the
rows, one for their history, one for their trades or roles), not one `save()` each:
about fifty times fewer round trips, which is what takes an import of 50,000
organisations past 5,000 rows a second on PostgreSQL (bench/partners_import.py).
`bulk_create` calls no `save()` and sends no signal, so the derived columns are set
by `derive()` here and the caches those signals renew are renewed once at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.cached import invalidate
from core.models import User
from partners import choices
from partners.importers import ImportReport, PendingRow
from partners.models import Affiliation, Contact, Organisation

# Rows per INSERT: large enough to amortise the round trip, small enough for SQLite's
# limit on bound parameters (32,766 since 3.32; an organisation row binds ~25).
CHUNK = 1_000


def _write_organisations(chunk: list[PendingRow], by: User, reason: str) -> None:
    organisations = [pending.instance for pending in chunk]
    for organisation in organisations:
        organisation.derive()
    bulk_create_with_history(
        organisations, Organisation, batch_size=CHUNK, default_user=by,
        default_change_reason=reason, default_date=timezone.now(),
    )  # fmt: skip
    # Through rows directly: a second history entry per row would only say "trades".
    Organisation.trades.through.objects.bulk_create(
        [
            Organisation.trades.through(organisation_id=pending.instance.pk, trade_id=trade.pk)
            for pending in chunk
            for trade in pending.trades
        ],
        batch_size=CHUNK,
    )


def _write_contacts(chunk: list[PendingRow], by: User, reason: str) -> None:
    contacts = [pending.instance for pending in chunk]
    for contact in contacts:
        contact.derive()
    now = timezone.now()
    bulk_create_with_history(
        contacts, Contact, batch_size=CHUNK, default_user=by,
        default_change_reason=reason, default_date=now,
    )  # fmt: skip
    affiliations = [
        Affiliation(
            contact=pending.instance,
            organisation=pending.organisation,
            role_title=pending.role_title,
        )
        for pending in chunk
        if pending.organisation is not None
    ]
    if affiliations:
        bulk_create_with_history(
            affiliations, Affiliation, batch_size=CHUNK, default_user=by,
            default_change_reason=reason, default_date=now,
        )  # fmt: skip


def import_commit(
    *,
    report: ImportReport,
    by: User,
    reference: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Save every pending row with one history entry naming the import; all or nothing."""
    if not report.is_valid:
        raise ValidationError(_("Le fichier contient des erreurs : rien n'a été importé."))
    reason = _("Import %(reference)s") % {"reference": reference}
    write = _write_organisations if report.kind == "organisations" else _write_contacts
    with transaction.atomic():
        for start in range(0, len(report.pending), CHUNK):
            write(report.pending[start : start + CHUNK], by, reason)
            if progress is not None:
                progress(min(start + CHUNK, len(report.pending)))
        if report.kind == "organisations" and report.pending:
            # What post_save would have renewed: the networks offered by the lists' filter.
            invalidate(choices.NETWORKS)
    return len(report.pending)
