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

from core import registry
from core.models import User
from core.pagination import COUNT_LIMIT, keyset_page

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

    @property
    def history_id(self) -> int:
        return self.record.history_id


def _tracked_fields(record: models.Model) -> list[models.Field]:
    model = record.instance_type
    tracked = {f.name for f in record._meta.fields}
    return [
        f for f in model._meta.concrete_fields
        if f.name in tracked and f.name not in {"id", "created_at", "updated_at"}
    ]  # fmt: skip


def _display(model_field: models.Field, value: object, names: dict) -> str:
    if value is None or value == "":
        return "—"
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


def _raw_diff(fields: list[models.Field], new: models.Model, old: models.Model | None) -> list:
    changes = []
    for model_field in fields:
        after = getattr(new, model_field.attname)
        before = getattr(old, model_field.attname) if old is not None else None
        if (old is not None and after == before) or (old is None and after in (None, "")):
            continue
        changes.append((model_field, before, after))
    return changes


def _named(raw_diffs: list[list]) -> list[list[Change]]:
    """Name foreign-key values with one query per target model, for all diffs at once."""
    wanted: dict[type[models.Model], set] = {}
    for changes in raw_diffs:
        for model_field, before, after in changes:
            if model_field.is_relation:
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


def entries_of(rows: list[models.Model], older: models.Model | None) -> list[Entry]:
    """`rows` (versions, newest first) as entries; `older` is the version before the last."""
    if not rows:
        return []
    fields = _tracked_fields(rows[0])
    pairs = list(zip(rows, [*rows[1:], older], strict=True))
    named = _named([_raw_diff(fields, new, old) for new, old in pairs])
    return [
        Entry(
            record=new, date=new.history_date, user=new.history_user,
            kind=TYPE_LABELS.get(new.history_type, new.history_type),
            reason=new.history_change_reason or "", changes=changes,
        )
        for (new, _old), changes in zip(pairs, named, strict=True)
    ]  # fmt: skip


def history_entries(instance: models.Model, limit: int = 20) -> list[Entry]:
    """The latest `limit` versions of `instance`, newest first, with their field changes."""
    history = instance.history.select_related("history_user").order_by("-history_date")
    rows = list(history[: limit + 1])
    return entries_of(rows[:limit], rows[limit] if len(rows) > limit else None)


def history_count(instance: models.Model, shown: int, limit: int) -> tuple[int, bool]:
    """How many versions `instance` has, bounded; a query only when `shown` reached `limit`."""
    if shown < limit:
        return shown, False
    total = instance.history.order_by()[: COUNT_LIMIT + 1].count()
    return min(total, COUNT_LIMIT), total > COUNT_LIMIT


def history_page(request: object, instance: models.Model, per_page: int = 25) -> tuple:
    """One keyset page of `instance`'s versions, newest first: (page, its entries)."""
    page = keyset_page(
        request, instance.history.select_related("history_user"), per_page, ["-history_date"]
    )
    older = None
    if page.object_list:
        last = page.object_list[-1]
        older = (
            instance.history.filter(
                models.Q(history_date__lt=last.history_date)
                | models.Q(history_date=last.history_date, history_id__lt=last.history_id)
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
    return page, entries_of(page.object_list, older)


def version_changes(current: models.Model, target: models.Model) -> list[Change]:
    """What restoring `target` would change, read as field: current value -> restored value."""
    return _named([_raw_diff(_tracked_fields(current), target, current)])[0]


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
    if hasattr(restored, "version"):
        restored.version = instance.version + 1
    restored.save()
    return restored


def recent_changes(user: User, limit: int = 10) -> list[dict]:
    """The latest changes on what the user is in charge of, newest first, from every app's
    registered source: each source runs a bounded query, so the page stays bounded too."""
    rows = [row for source in registry.history.sources() for row in source(user, limit)]
    return sorted(rows, key=lambda row: row["date"], reverse=True)[:limit]


def change_row(record: models.Model, label: str, url_name: str) -> dict:
    """One line of "latest changes" from a history row, for a history source."""
    return {
        "date": record.history_date,
        "user": record.history_user,
        "kind": TYPE_LABELS.get(record.history_type, record.history_type),
        "reason": record.history_change_reason or "",
        "label": label,
        "url": reverse(url_name, args=[record.id]),
    }
