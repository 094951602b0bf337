"""Personal data across every table: the export log, and finding or scrubbing a text anywhere.

The sweep is the erasure's safety net: whatever each app registered (core.registry
``personal_data``), a copy of a person's e-mail typed into a note, an error message or a
change reason is found in any text column of any model, historical and m2m tables included.
One query per text column (``LIKE``), then one update per row found: an erasure is rare,
and complete matters more than fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.apps import apps
from django.db import models

from core import versioning
from core.models import ExportLog

TEXT_FIELDS = (models.CharField, models.TextField)


def log_export(*, user: object, what: str, count: int) -> ExportLog:
    """Record that `user` took `count` rows of `what` out of the application."""
    return ExportLog.objects.create(
        user=user if getattr(user, "pk", None) else None, what=what[:200], count=count
    )


def text_columns() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model (historical and m2m ones too) with its text columns' names."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        names = [f.attname for f in meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if names:
            yield model, names


def text_occurrences(needle: str) -> dict[type[models.Model], list[int]]:
    """The rows, per model, where some text column contains `needle` (any case)."""
    found: dict[type[models.Model], list[int]] = {}
    for model, names in text_columns():
        query = models.Q()
        for name in names:
            query |= models.Q(**{f"{name}__icontains": needle})
        pks = list(model._base_manager.filter(query).values_list("pk", flat=True))
        if pks:
            found[model] = pks
    return found


def text_scrub(needle: str, replacement: str) -> int:
    """Replace `needle` (any case) in every text column of every table; the rows changed.

    Writes with `update()`: no new history row, which would copy what is being erased.
    """
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    changed = 0
    for model, pks in text_occurrences(needle).items():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._base_manager.filter(pk__in=pks).values("pk", *names):
            values = {
                name: pattern.sub(replacement, row[name])
                for name in names
                if row[name] and pattern.search(row[name])
            }
            # A versioned row's open edit form would put the erased text back.
            versioning.bump_rows(model._base_manager.filter(pk=row["pk"]), **values)
            changed += 1
    return changed
