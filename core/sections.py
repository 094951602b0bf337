"""Sections of an object's workspace: the tabs of a page, each at its own URL.

A lower app names the place (``"conventions.Convention"``) and renders the tabs; each app,
the lower one included, registers the sections it owns from its ``AppConfig.ready()``:

    registry.sections.register(
        "conventions.Convention", "plan", _("Plan d'actions"), "actions/_convention_plan.html",
        context=sections.convention_plan, order=40, permission="actions.view_action",
    )

so the convention's workspace shows the action plan and the tasks without conventions
importing actions or tasks. Each context function reads a bounded number of rows in a
fixed number of queries; registered once at start-up and only read afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# A section's context function: (request, the object the workspace is about) -> template context.
SectionContext = Callable[[HttpRequest, Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """One tab of a workspace: its slug is the last part of its URL."""

    place: str
    slug: str
    label: Any
    template: str
    context: SectionContext | None = None
    order: int = 50
    # Shown only to users holding this permission ("app.codename").
    permission: str = ""

    def allowed(self, user: Any) -> bool:
        return not self.permission or (user is not None and user.has_perm(self.permission))


class SectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[tuple[str, str], Section] = {}

    def register(
        self,
        place: str,
        slug: str,
        label: Any,
        template: str,
        *,
        context: SectionContext | None = None,
        order: int = 50,
        permission: str = "",
    ) -> Section:
        section = Section(place, slug, label, template, context, order, permission)
        known = self._sections.get((place, slug))
        if known is not None and known != section:
            raise ValueError(f"A section {slug!r} is already registered for {place!r}.")
        self._sections[(place, slug)] = section
        return section

    def for_place(self, place: str, user: Any = None) -> list[Section]:
        """The sections `user` may open, in tab order."""
        found = [s for s in self._sections.values() if s.place == place and s.allowed(user)]
        return sorted(found, key=lambda section: section.order)

    def get(self, place: str, slug: str) -> Section | None:
        return self._sections.get((place, slug))
