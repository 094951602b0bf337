"""What a list's export is made of: the rows the list shows, and the columns of the file.

partners registers its own lists (partners/apps.py); an upper app registers its lists from
its `AppConfig.ready()` (conventions, actions, tasks). The export in the request and the
export job (partners/datajobs.py) then treat them alike, and partners names no upper app.
This module imports nothing of partners, so the models and the jobs may lean on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

# (the list's query string, the user who asks) -> the rows that user's list shows, sorted.
Rows = Callable[[QueryDict, Any], QuerySet]
# (the rows, read in chunks) -> (the header, one list of cells per row).
Table = Callable[[Iterable], tuple[Sequence, Iterable[Sequence]]]


@dataclass(frozen=True)
class ExportKind:
    """A list one may export, as CSV or XLSX."""

    # The export job's subject (at most 13 characters, DataJob.subject).
    name: str
    # What the jobs list says it holds ("Conventions").
    label: Any
    # The file's name before its date ("conventions-20261208-0930.csv").
    filename: str
    rows: Rows
    table: Table


class ExportKindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, ExportKind] = {}

    def register(self, kind: ExportKind) -> None:
        if kind.name in self._kinds and self._kinds[kind.name] != kind:
            raise ValueError(f"An export kind is already registered as {kind.name!r}.")
        if len(kind.name) > 13:
            raise ValueError(f"An export kind's name holds 13 characters at most: {kind.name!r}.")
        self._kinds[kind.name] = kind

    def get(self, name: str) -> ExportKind:
        try:
            return self._kinds[name]
        except KeyError:
            raise LookupError(f"No export kind registered as {name!r}.") from None

    def find(self, name: str) -> ExportKind | None:
        return self._kinds.get(name)


registry = ExportKindRegistry()
