"""An object's whole history on its page: its own versions and those of its parts, merged.

A convention's parties, axes, articles (and, registered by actions, its actions and
indicators); an organisation's relationships, affiliations and journal entries: each part is
registered by the app that owns it (``registry.history.register_part``), so a lower app's page
shows an upper app's changes without naming it.

The feed pages by keyset, newest first, on (date, source, history id). One UNION ALL query
finds the keys of the page's rows among every source; then each source that holds some of
them runs one query for those rows, which also reads the version just before each row (as
JSON, to show what changed), whether it is the latest and whether its object still exists;
plus one per recorded many-to-many field and one per model named in the changes. Building
that row query costs Django some milliseconds, so a convention page whose latest lines are
all about its actions builds one, not seven. On a database that cannot sort and limit each
part of a UNION (SQLite), each source runs its row query instead. A convention page costs
about ten queries whatever the length of its history.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import registry
from core.history import TYPE_LABELS, Entry, _named, _raw_diff, _tracked_fields, m2m_snapshots
from core.pagination import COUNT_LIMIT

PAGE_SIZE = 20
CURSOR_SEPARATOR = "~"


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    condition: Q
    describe: object  # (historical record) -> str, or None for the object's own versions
    select_related: tuple[str, ...] = ()


@dataclass
class FeedPage:
    entries: list[Entry]
    # The cursor of the next (older) page, "" when this is the last one.
    next_cursor: str


def _sources(instance: models.Model) -> list[Source]:
    place = instance._meta.label
    ids = [instance.pk, *registry.history.aliases(place, instance)]
    own = Source(type(instance), Q(id__in=ids), None)
    parts = [
        Source(part.model, part.filter(ids), part.describe, part.select_related)
        for part in registry.history.parts(place)
    ]
    return [own, *parts]


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int, int] | None:
    try:
        date, index, history_id = cursor.split(CURSOR_SEPARATOR)
        parsed = parse_datetime(date)
        return (parsed, int(index), int(history_id)) if parsed else None
    except ValueError:
        return None


def _after_cursor(index: int, cursor: tuple[dt.datetime, int, int] | None) -> Q:
    """Rows that come after the cursor in (date, source, history id) descending order."""
    if cursor is None:
        return Q()
    date, cursor_index, history_id = cursor
    if index < cursor_index:
        return Q(history_date__lte=date)
    if index == cursor_index:
        return Q(history_date__lt=date) | Q(history_date=date, history_id__lt=history_id)
    return Q(history_date__lt=date)


def _previous_values(history: type[models.Model], fields: list[models.Field]) -> Subquery:
    """The version just before each row, as one JSON value read in the row's own query."""
    previous = history.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        id=OuterRef("id"),
    ).order_by("-history_date", "-history_id")
    values = JSONObject(history_id=F("history_id"), **{f.attname: F(f.attname) for f in fields})
    return Subquery(previous.annotate(values=values).values("values")[:1])


@functools.cache
def _history_model(model: type[models.Model]) -> type[models.Model]:
    # `Model.history` builds a manager class at each access (simple-history): once per model.
    return model.history.model


def _newest(sources: list[Source], cursor: tuple | None, limit: int) -> dict[int, list[int]] | None:
    """The history ids of the newest `limit` rows after `cursor`, by source index, from one
    query; None where the database cannot limit each part of a UNION."""
    if not connection.features.supports_slicing_ordering_in_compound:
        return None
    parts = [
        _history_model(source.model)
        .objects.filter(source.condition, _after_cursor(index, cursor))
        .annotate(source_index=Value(index))
        .order_by("-history_date", "-history_id")
        .values_list("history_date", "source_index", "history_id")[:limit]
        for index, source in enumerate(sources)
    ]
    if len(parts) == 1:
        # One source is already ordered and limited: a UNION of one is the sliced query itself.
        keys = parts[0]
    else:
        keys = (
            parts[0]
            .union(*parts[1:], all=True)
            .order_by("-history_date", "-source_index", "-history_id")
        )
    wanted: dict[int, list[int]] = {}
    for _date, index, history_id in keys[:limit]:
        wanted.setdefault(index, []).append(history_id)
    return wanted


def _rows(
    source: Source, index: int, cursor: tuple | None, limit: int, ids: list[int] | None = None
) -> list[models.Model]:
    """The source's rows after `cursor` (or those of `ids`), each with what the feed shows."""
    history = _history_model(source.model)
    fields = _tracked_fields(history())
    later = history.objects.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
    condition = Q(history_id__in=ids) if ids is not None else _after_cursor(index, cursor)
    queryset = (
        history.objects.filter(source.condition, condition)
        .select_related("history_user", *source.select_related)
        .annotate(
            previous_values=_previous_values(history, fields),
            is_latest=~Exists(later),
            still_exists=Exists(source.model._base_manager.filter(pk=OuterRef("id"))),
        )
        .order_by("-history_date", "-history_id")
    )
    rows = list(queryset[:limit])
    for row in rows:
        row.source_index = index
    return rows


def _from_json(model_field: models.Field, value: object) -> object:
    """A value read back from JSON as the field holds it (a date, a decimal, an aware time)."""
    if value is None:
        return None
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-model_field.decimal_places))
    value = model_field.to_python(value)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _previous(row: models.Model, fields: list[models.Field]) -> models.Model | None:
    values = row.previous_values
    if values is None:
        return None
    if isinstance(values, str):
        values = json.loads(values)
    previous = type(row)(history_id=values["history_id"])
    for model_field in fields:
        setattr(
            previous, model_field.attname, _from_json(model_field, values.get(model_field.attname))
        )
    return previous


def _entries(rows: list[models.Model], sources: list[Source]) -> list[Entry]:
    """Each row with what changed since the version before it."""
    by_table: dict[type, list] = {}
    for row in rows:
        by_table.setdefault(type(row), []).append(row)
    diffs = {}
    for table, table_rows in by_table.items():
        fields = _tracked_fields(table_rows[0])
        previous = {row.history_id: _previous(row, fields) for row in table_rows}
        wanted = [p.history_id for p in previous.values() if p is not None]
        m2m = m2m_snapshots(table, [r.history_id for r in table_rows] + wanted)
        for row in table_rows:
            diffs[row.history_id, table] = _raw_diff(fields, row, previous[row.history_id], m2m)
    keys = [(row.history_id, type(row)) for row in rows]
    named = dict(zip(keys, _named([diffs[key] for key in keys]), strict=True))
    return [
        Entry(
            record=row, date=row.history_date, user=row.history_user,
            kind=TYPE_LABELS.get(row.history_type, row.history_type),
            reason=row.history_change_reason or "",
            changes=named[row.history_id, type(row)],
            part=sources[row.source_index].describe(row) if sources[row.source_index].describe else "",
            # Restore is offered on an earlier version of an object that still exists.
            restorable=row.still_exists and not row.is_latest and row.history_type != "-"
            and registry.history.is_restorable(row.instance_type._meta.label_lower),
        )
        for row in rows
    ]  # fmt: skip


def history_feed(
    instance: models.Model,
    *,
    cursor: str = "",
    limit: int = PAGE_SIZE,
    sources: list[Source] | None = None,
) -> FeedPage:
    """A page of `instance`'s history and its parts', newest first, after `cursor`."""
    sources = sources or _sources(instance)
    after = _parse_cursor(cursor) if cursor else None
    wanted = _newest(sources, after, limit + 1)
    if wanted is None:
        wanted = {index: None for index in range(len(sources))}
    rows = [
        row
        for index, ids in sorted(wanted.items())
        for row in _rows(sources[index], index, after, limit + 1, ids)
    ]
    rows.sort(key=lambda r: (r.history_date, r.source_index, r.history_id), reverse=True)
    rows, more = rows[:limit], len(rows) > limit
    entries = _entries(rows, sources)
    last = rows[-1] if rows and more else None
    next_cursor = (
        CURSOR_SEPARATOR.join(
            [last.history_date.isoformat(), str(last.source_index), str(last.history_id)]
        )
        if last
        else ""
    )
    return FeedPage(entries, next_cursor)


# A detail page shows its latest lines; the history page has the rest.
DETAIL_LIMIT = 10


def history_count(instance: models.Model, sources: list[Source] | None = None) -> tuple[int, bool]:
    """How many lines the whole history has, bounded: one query, each source's rows stopped
    at `COUNT_LIMIT`; (count, whether it was capped)."""
    bounded = [
        _history_model(source.model)
        .objects.filter(source.condition)
        .order_by()
        .values_list("history_id")[: COUNT_LIMIT + 1]
        for source in sources or _sources(instance)
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        total = bounded[0].union(*bounded[1:], all=True).count()
    else:
        # SQLite cannot limit each part of a UNION: each limited part is counted in a
        # subquery of its own, and the counts added up, still in one query.
        parts, params = [], []
        for part in bounded:
            sql, part_params = part.query.sql_with_params()
            parts.append(f"(SELECT COUNT(*) FROM ({sql}))")
            params.extend(part_params)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + " + ".join(parts), params)
            total = cursor.fetchone()[0]
    return min(total, COUNT_LIMIT), total > COUNT_LIMIT


def history_context(instance: models.Model) -> dict:
    """What a detail page's "Historique" section needs: its latest lines and, if there are
    older ones, the link to the whole history with how many lines it has (bounded; the
    counts run only then)."""
    sources = _sources(instance)
    page = history_feed(instance, limit=DETAIL_LIMIT, sources=sources)
    if not page.next_cursor:
        return {"history": page.entries, "history_more_url": ""}
    count, capped = history_count(instance, sources)
    return {
        "history": page.entries,
        "history_more_url": reverse(
            "core:history_list", args=[instance._meta.label_lower, instance.pk]
        ),
        "history_count": count,
        "history_capped": capped,
    }
