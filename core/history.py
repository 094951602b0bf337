"""Readable history for every page's "Historique" section, and restoring a version.

Reads are bounded: one query for the history rows (with their authors) and one per
foreign-key target model to name old and new values, whatever the history's length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import registry, versioning
from core.models import User

# Bookkeeping, not what a user changed: the edit counter (core/versioning.py) and timestamps.
UNSHOWN_FIELDS = {"id", "created_at", "updated_at", "version"}
TYPE_LABELS = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    record: models.Model
    date: dt.datetime
    user: User | None
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    # What changed, when the line is about a part of the page's object ("Partie : …").
    part: str = ""
    # Whether the page may offer "restore this version" (not the latest, the object exists).
    restorable: bool = False

    @property
    def history_id(self) -> int:
        return self.record.history_id

    @property
    def label(self) -> str:
        """How the restore URL names the record's model ('conventions.party')."""
        return self.record.instance_type._meta.label_lower

    @property
    def object_id(self) -> int:
        return self.record.id


def _tracked_fields(record: models.Model) -> list[models.Field]:
    model = record.instance_type
    tracked = {f.name for f in record._meta.fields}
    return [
        f for f in model._meta.concrete_fields
        if f.name in tracked and f.name not in UNSHOWN_FIELDS
    ]  # fmt: skip


def _display(model_field: models.Field, value: object, names: dict) -> str:
    if value is None or value == "" or value == set():
        return "—"
    if model_field.many_to_many:
        return ", ".join(
            sorted(names.get((model_field.related_model, pk), f"#{pk}") for pk in value)
        )
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, Decimal | float):
        return formats.localize(value)
    return str(value)


def _m2m_fields(record: models.Model) -> list[models.ManyToManyField]:
    """The many-to-many fields a history model snapshots (an organisation's trades)."""
    return list(getattr(type(record), "_history_m2m_fields", ()))


def m2m_snapshots(history_model: type[models.Model], history_ids: list[int]) -> dict:
    """{(history_id, field name): set of target ids}: one query per recorded m2m field."""
    snapshots: dict[tuple[int, str], set] = {}
    for m2m_field in getattr(history_model, "_history_m2m_fields", ()):
        rows_model = getattr(history_model, m2m_field.name).model
        target = m2m_field.m2m_reverse_name()
        for history_id, target_id in rows_model.objects.filter(
            history_id__in=history_ids
        ).values_list("history_id", target):
            snapshots.setdefault((history_id, m2m_field.name), set()).add(target_id)
    return snapshots


def _raw_diff(
    fields: list[models.Field], new: models.Model, old: models.Model | None, m2m: dict | None = None
) -> list:
    """(field, before, after) for each field that differs; nothing for a creation, which the
    page shows as one line rather than a table of every field."""
    if old is None:
        return []
    changes = []
    for model_field in fields:
        after = getattr(new, model_field.attname)
        before = getattr(old, model_field.attname)
        if after != before:
            changes.append((model_field, before, after))
    for m2m_field in _m2m_fields(new) if m2m is not None else ():
        after = m2m.get((new.history_id, m2m_field.name), set())
        before = m2m.get((old.history_id, m2m_field.name), set())
        if after != before:
            changes.append((m2m_field, before, after))
    return changes


def _named(raw_diffs: list[list]) -> list[list[Change]]:
    """Name foreign-key values with one query per target model, for all diffs at once."""
    wanted: dict[type[models.Model], set] = {}
    for changes in raw_diffs:
        for model_field, before, after in changes:
            if model_field.many_to_many:
                wanted.setdefault(model_field.related_model, set()).update(before | after)
            elif model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update({before, after} - {None})
    names = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            names[(related_model, obj.pk)] = str(obj)
    return [
        [
            Change(str(f.verbose_name), _display(f, b, names), _display(f, a, names))
            for f, b, a in changes
        ]
        for changes in raw_diffs
    ]


def history_entries(instance: models.Model, limit: int = 20) -> list[Entry]:
    """The latest `limit` versions of `instance`, newest first, with their field changes."""
    history = instance.history.select_related("history_user").order_by("-history_date")
    rows = list(history[: limit + 1])
    if not rows:
        return []
    fields = _tracked_fields(rows[0])
    pairs = [
        (rows[i], rows[i + 1] if i + 1 < len(rows) else None) for i in range(min(limit, len(rows)))
    ]
    m2m = m2m_snapshots(type(rows[0]), [row.history_id for row in rows])
    named = _named([_raw_diff(fields, new, old, m2m) for new, old in pairs])
    restorable = is_restorable(type(instance))
    return [
        Entry(
            record=new, date=new.history_date, user=new.history_user,
            kind=TYPE_LABELS.get(new.history_type, new.history_type),
            reason=new.history_change_reason or "", changes=changes,
            restorable=restorable and index > 0,
        )
        for index, ((new, _old), changes) in enumerate(zip(pairs, named, strict=True))
    ]  # fmt: skip


def version_changes(current: models.Model, target: models.Model) -> list[Change]:
    """What restoring `target` would change, read as field: current value -> restored value."""
    m2m = m2m_snapshots(type(current), [current.history_id, target.history_id])
    return _named([_raw_diff(_tracked_fields(current), target, current, m2m)])[0]


def is_restorable(model: type[models.Model]) -> bool:
    return registry.history.is_restorable(model._meta.label_lower)


@transaction.atomic
def history_restore(*, instance: models.Model, history_id: int, by: User) -> models.Model:
    """Bring `instance` back to an earlier version; the restore is itself a new version."""
    record = instance.history.get(history_id=history_id)
    restored = record.instance
    restored.pk = instance.pk
    # An existing row: uniqueness checks must not count it against itself.
    restored._state.adding = False
    restored._state.db = instance._state.db
    # What only services move (a convention's status, a task's completion) stays as it is:
    # restoring an old text never takes a terminated convention back to active.
    for name in getattr(type(instance), "LIFECYCLE_FIELDS", ()):
        attname = instance._meta.get_field(name).attname
        setattr(restored, attname, getattr(instance, attname))
    restored.full_clean()
    restored._history_user = by
    restored._change_reason = _("Restauration de la version du %(date)s") % {
        "date": formats.date_format(timezone.localtime(record.history_date), "d/m/Y H:i")
    }
    if versioning.is_versioned(type(restored)):
        restored.version = instance.version + 1
    _restore_m2m(restored, record)
    restored.save()
    return restored


def _restore_m2m(restored: models.Model, record: models.Model) -> None:
    """Put back the recorded many-to-many sets (trades) before the save that records them,
    so the restore stays one history row rather than one per field."""
    fields = _m2m_fields(record)
    if not fields:
        return
    snapshot = m2m_snapshots(type(record), [record.history_id])
    restored.skip_history_when_saving = True
    try:
        for m2m_field in fields:
            getattr(restored, m2m_field.name).set(
                snapshot.get((record.history_id, m2m_field.name), ())
            )
    finally:
        del restored.skip_history_when_saving


# Each source gives this many times the lines shown, so that grouping still fills the list.
GROUPING = 3


def recent_changes(user: User, limit: int = 10) -> list[dict]:
    """The latest changes on what the user is in charge of, newest first, from every app's
    registered source: each source runs a bounded query, so the page stays bounded too.

    Changes in a row to one object, by one person, on one day make one line, which counts
    them (`count`) and names their kinds (`kinds`), instead of ten identical lines."""
    rows = [row for source in registry.history.sources() for row in source(user, limit * GROUPING)]
    rows.sort(key=lambda row: (row["date"], row.get("order", 0)), reverse=True)
    grouped: list[dict] = []
    for row in rows:
        last = grouped[-1] if grouped else None
        if (
            last is not None
            and (last["url"], last["user"]) == (row["url"], row["user"])
            and timezone.localdate(last["date"]) == timezone.localdate(row["date"])
        ):
            last["count"] += 1
            last["first_date"] = row["date"]
            if row["kind"] not in last["kinds"]:
                last["kinds"].append(row["kind"])
            continue
        if len(grouped) == limit:
            break
        grouped.append({**row, "count": 1, "kinds": [row["kind"]], "first_date": row["date"]})
    return grouped


def change_row(record: models.Model, label: str, url_name: str) -> dict:
    """One line of "latest changes" from a history row, for a history source."""
    return {
        "date": record.history_date,
        # Rows of one instant (a save and its follow-up) keep the order they were written in.
        "order": record.history_id,
        "user": record.history_user,
        "kind": TYPE_LABELS.get(record.history_type, record.history_type),
        "reason": record.history_change_reason or "",
        "label": label,
        "url": reverse(url_name, args=[record.id]),
    }
