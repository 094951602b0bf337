"""What an import is made of, and the kinds of file it accepts: partners' own and others'.

partners registers organisations and contacts (partners/apps.py); an upper app registers
its own kind from its `AppConfig.ready()` (purchases: a buyer's purchase lines) with its
columns, its check (rows in, an `ImportReport` out, nothing written) and its write (a
chunk of checked rows saved with their history, inside the import's one transaction).
The upload page, the jobs, their pages and the retention of their files then treat it
like the others, and partners names no upper app. This module imports nothing of
partners, so the models, the importers and the writer may all lean on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Column:
    """One column of an import file: its name in the first line, what it holds, its format.

    `aliases` are other headers that mean the same column, as accounting software writes
    them ("montant_ht", "montant_hors_taxes"), normalised like the header (lower case, no
    accents, underscores).
    """

    name: str
    label: Any
    required: bool
    help: Any
    field: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class PendingRow:
    """A checked row, ready to write: its line in the file and the unsaved instance."""

    row: int
    instance: models.Model
    trades: list = field(default_factory=list)
    organisation: Any = None
    role_title: str = ""


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    pending: list[PendingRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


Progress = Callable[[int], None] | None
# (rows keyed by column name, progress, the job's options) -> the report; writes nothing.
Check = Callable[[list[dict[str, str]], Progress, dict[str, Any]], ImportReport]
# (a chunk of pending rows, the user, the history reason) -> None; inside the transaction.
Write = Callable[[list[PendingRow], Any, str], None]


@dataclass(frozen=True)
class ImportKind:
    """A kind of file the import accepts."""

    name: str
    # The upload form's choice ("Des achats") and the jobs list's subject ("Achats").
    label: Any
    subject_label: Any
    columns: tuple[Column, ...]
    check: Check
    write: Write
    # Who may import this kind ("app.codename").
    permission: str
    # Where the written rows are listed (a URL name without arguments) and the link's text.
    result_url: str = ""
    result_label: Any = ""
    # Example files offered on the upload page, by file name (unique across kinds).
    samples: tuple[Path, ...] = ()
    # A page of the registering app offering more than the upload form (options such as
    # the buyer of every line), linked from the upload page with this text.
    upload_url: str = ""
    upload_label: Any = ""
    order: int = 50

    def allowed(self, user: Any) -> bool:
        return user.has_perm(self.permission)


class ImportKindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, ImportKind] = {}

    def register(self, kind: ImportKind) -> None:
        if kind.name in self._kinds and self._kinds[kind.name] != kind:
            raise ValueError(f"An import kind is already registered as {kind.name!r}.")
        self._kinds[kind.name] = kind

    def get(self, name: str) -> ImportKind:
        try:
            return self._kinds[name]
        except KeyError:
            raise LookupError(f"No import kind registered as {name!r}.") from None

    def find(self, name: str) -> ImportKind | None:
        return self._kinds.get(name)

    def kinds(self, user: Any = None) -> list[ImportKind]:
        """Every kind in order, or those `user` may import."""
        found = sorted(self._kinds.values(), key=lambda kind: (kind.order, kind.name))
        return [kind for kind in found if user is None or kind.allowed(user)]

    def sample(self, filename: str) -> Path | None:
        for kind in self._kinds.values():
            for path in kind.samples:
                if path.name == filename:
                    return path
        return None


registry = ImportKindRegistry()
