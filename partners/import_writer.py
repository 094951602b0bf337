"""The write of a checked import: every row or none, in chunks, each row with its history.

One transaction holds the whole file: a failure at row 49,999 leaves nothing behind.
Inside it the rows go in by chunks with `bulk_create_with_history` (one INSERT for the
rows, one for their history, one for their trades or roles, one for the trades'
history snapshot), not one `save()` each:
about fifty times fewer round trips, which is what takes an import of 50,000
organisations past 5,000 rows a second on PostgreSQL (bench/partners_import.py).
`bulk_create` calls no `save()` and sends no signal, so the derived columns are set
by `derive()` here (no cached choice depends on organisations or contacts: networks are
an autocomplete, partners/sources.py).

On PostgreSQL, organisations go in by `COPY … FROM STDIN` instead, the same four
tables (rows, history, trades, the trades' history snapshot) with the same values:
building a multi-row INSERT costs Django about a millisecond a row in Python, which kept
`bulk_create_with_history` under 1,000 rows a second here; COPY passes the values
straight to psycopg. Every id comes from its table's sequence first, one query per table
and chunk, so the history rows, the trades and their snapshot carry them without reading
anything back (the snapshot written through the ORM took 16 of the 36 s of 50,000 rows).
`copy_with_history` does the rows and their history for any model with history: an upper
app's import kind (purchases) writes its rows the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.models import User
from partners.import_kinds import ImportReport, PendingRow, registry
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
    _record_trades(chunk)


def _record_trades(chunk: list[PendingRow]) -> None:
    """The trades each new row's creation version holds (the history's m2m snapshot), so
    the history shows them and a restore of that version keeps them."""
    ids = [pending.instance.pk for pending in chunk if pending.trades]
    if not ids:
        return
    history = Organisation.history.model
    versions = dict(history.objects.filter(id__in=ids).values_list("id", "history_id"))
    through = Organisation.trades.through.objects.filter(organisation_id__in=ids)
    snapshot = history.trades.model
    snapshot.objects.bulk_create(
        [
            snapshot(
                id=pk,
                history_id=versions[organisation_id],
                organisation_id=organisation_id,
                trade_id=trade_id,
            )
            for pk, organisation_id, trade_id in through.values_list(
                "id", "organisation_id", "trade_id"
            )
        ],
        batch_size=CHUNK,
    )


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    # Outside Django's cursor.execute(): translate psycopg's errors (IntegrityError…) here.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _next_ids(model: type, column: str, count: int) -> list[int]:
    """`count` values of the sequence behind `model`'s `column`, in one query."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_with_history(
    model: type[models.Model], instances: list[models.Model], *, by: User, reason: str
) -> dict[int, int]:
    """Insert new rows and their creation history by COPY (PostgreSQL only), in bulk.

    The ids of the rows and of their history come from the sequences first (one query
    each), so the history rows carry them; each instance leaves with its id, timestamps
    and saved state, as a `save()` would leave it. Derived columns are the caller's to set
    beforehand: no `save()` runs. Returns each new row's creation version id, by row id.
    """
    history, table = model.history.model, model._meta.db_table
    ids = _next_ids(model, "id", len(instances))
    history_ids = _next_ids(history, "history_id", len(instances))
    now = timezone.now()
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk, instance.created_at, instance.updated_at = pk, now, now
        instance._state.adding, instance._state.db = False, connection.alias
    fields = model._meta.concrete_fields
    _copy(
        table,
        [f.column for f in fields],
        [tuple(getattr(o, f.attname) for f in fields) for o in instances],
    )
    extra = {
        "history_date": now, "history_change_reason": reason, "history_type": "+",
        "history_user_id": by.pk if by else None,
    }  # fmt: skip
    tracked = history._meta.concrete_fields
    version_of = {}
    rows = []
    for instance, history_id in zip(instances, history_ids, strict=True):
        version_of[instance.pk] = history_id
        extra["history_id"] = history_id
        rows.append(
            tuple(
                extra[f.attname] if f.attname in extra else getattr(instance, f.attname)
                for f in tracked
            )
        )
    _copy(history._meta.db_table, [f.column for f in tracked], rows)
    return version_of


def _copy_organisations(chunk: list[PendingRow], by: User, reason: str) -> None:
    """The PostgreSQL path of `_write_organisations`: same rows, same history, by COPY."""
    through = Organisation.trades.through
    snapshot = Organisation.history.model.trades.model
    organisations = [pending.instance for pending in chunk]
    for organisation in organisations:
        organisation.derive()
    version_of = copy_with_history(Organisation, organisations, by=by, reason=reason)
    links = [(pending, trade) for pending in chunk for trade in pending.trades]
    link_ids = _next_ids(through, "id", len(links))
    _copy(
        through._meta.db_table,
        ["id", "organisation_id", "trade_id"],
        [
            (link_id, pending.instance.pk, trade.pk)
            for link_id, (pending, trade) in zip(link_ids, links, strict=True)
        ],
    )
    # The creation version's snapshot of the trades.
    _copy(
        snapshot._meta.db_table,
        ["id", "history_id", "organisation_id", "trade_id"],
        [
            (link_id, version_of[pending.instance.pk], pending.instance.pk, trade.pk)
            for link_id, (pending, trade) in zip(link_ids, links, strict=True)
        ],
    )


def write_organisations(chunk: list[PendingRow], by: User, reason: str) -> None:
    """The organisations kind's write: by COPY on PostgreSQL, by bulk INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        _copy_organisations(chunk, by, reason)
    else:
        _write_organisations(chunk, by, reason)


def write_contacts(chunk: list[PendingRow], by: User, reason: str) -> None:
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
    """Save every pending row with one history entry naming the import; all or nothing.

    The rows go to their kind's write (`partners/import_kinds.py`) by chunks of `CHUNK`.
    """
    if not report.is_valid:
        raise ValidationError(_("Le fichier contient des erreurs : rien n'a été importé."))
    reason = _("Import %(reference)s") % {"reference": reference}
    write = registry.get(report.kind).write
    with transaction.atomic():
        for start in range(0, len(report.pending), CHUNK):
            write(report.pending[start : start + CHUNK], by, reason)
            if progress is not None:
                progress(min(start + CHUNK, len(report.pending)))
    return len(report.pending)
