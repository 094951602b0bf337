"""The registry of where each app holds data about a partner contact (core.registry.personal_data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What rows of one model are about a person: (the person) -> a Q filter on that model.
PersonalMatch = Callable[[Any], Any]
# How to erase them: (the rows, the person) -> None; the default blanks the listed fields.
PersonalErase = Callable[[Any, Any], None]
# Why a person's name must stay (a signed convention shows it): (the person) -> reasons.
PersonalKeep = Callable[[Any], list[str]]


@dataclass(frozen=True)
class PersonalData:
    """Rows of one model (``"actions.Action"``, a historical model too) about a person."""

    model: str
    match: PersonalMatch
    # Field -> the value erasure writes over it; the rows' history gets the same.
    scrub: tuple[tuple[str, Any], ...] = ()
    erase: PersonalErase | None = None


class PersonalDataRegistry:
    """Where each app holds data about a partner contact, for access exports and erasure.

    partners names the place (a contact); each app registers its own models in its
    ``apps.py``, so the contact's export and erasure cover every app without partners
    naming one.
    """

    def __init__(self) -> None:
        self._sources: dict[str, PersonalData] = {}
        self._keeps: list[PersonalKeep] = []

    def register(
        self,
        model: str,
        match: PersonalMatch,
        *,
        scrub: dict[str, Any] | None = None,
        erase: PersonalErase | None = None,
    ) -> None:
        self._sources[model] = PersonalData(model, match, tuple((scrub or {}).items()), erase)

    def register_keep(self, keep: PersonalKeep) -> None:
        self._keeps.append(keep)

    def sources(self) -> list[PersonalData]:
        return list(self._sources.values())

    def kept_because(self, person: Any) -> list[str]:
        return [reason for keep in self._keeps for reason in keep(person)]
