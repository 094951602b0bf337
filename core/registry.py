"""Extension points: how an upper app adds to a lower app's pages without the lower app naming it.

A lower app names a *place* (a model label such as ``"conventions.Convention"``, or a page
such as ``"core.dashboard"``); an upper app fills it from its ``AppConfig.ready()``:

    panels.register("conventions.Convention", "actions/_plan_panel.html", context=plan, order=40)

The same pattern carries navigation entries, PDF sections, document renderers, the sources
of the dashboard's latest changes, the health checks of ``/sante/``, the API's resources and capabilities (what an upper app lets a lower one offer). Everything
is registered once at start-up and only read afterwards, so no lock is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# A panel's context function: (request, the object the page is about) -> extra template context.
PanelContext = Callable[[HttpRequest, Any], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    """A block an app adds to another app's page, rendered by ``{% panels object %}``."""

    place: str
    template: str
    context: PanelContext | None = None
    order: int = 50
    slot: str = "main"
    # Shown only to users holding this permission ("app.codename").
    permission: str = ""
    # The section's id and title, for a page's "sections" menu.
    anchor: str = ""
    label: str = ""


class PanelRegistry:
    def __init__(self) -> None:
        self._panels: list[Panel] = []

    def register(
        self,
        place: str,
        template: str,
        *,
        context: PanelContext | None = None,
        order: int = 50,
        slot: str = "main",
        permission: str = "",
        anchor: str = "",
        label: str = "",
    ) -> Panel:
        panel = Panel(place, template, context, order, slot, permission, anchor, label)
        self._panels.append(panel)
        return panel

    def for_place(self, place: str, slot: str = "main", user: Any = None) -> list[Panel]:
        found = [
            panel
            for panel in self._panels
            if panel.place == place
            and panel.slot == slot
            and (not panel.permission or (user is not None and user.has_perm(panel.permission)))
        ]
        return sorted(found, key=lambda panel: panel.order)


@dataclass(frozen=True)
class NavEntry:
    """One item of the main menu."""

    label: Any
    url_name: str
    permission: str
    order: int = 50


class NavigationRegistry:
    def __init__(self) -> None:
        self._entries: list[NavEntry] = []

    def register(self, label: Any, url_name: str, *, permission: str, order: int = 50) -> None:
        self._entries.append(NavEntry(label, url_name, permission, order))

    def entries(self) -> list[NavEntry]:
        return sorted(self._entries, key=lambda entry: entry.order)


# A PDF section: (the object the document is about, the document's styles) -> reportlab flowables.
SectionBuilder = Callable[[Any, dict], list]


@dataclass(frozen=True)
class PdfSection:
    document: str
    build: SectionBuilder
    order: int = 50


class PdfSectionRegistry:
    """Sections an upper app adds to a lower app's PDF (the action plan annexed to a convention)."""

    def __init__(self) -> None:
        self._sections: list[PdfSection] = []

    def register(self, document: str, build: SectionBuilder, *, order: int = 50) -> None:
        self._sections.append(PdfSection(document, build, order))

    def for_document(self, document: str) -> list[PdfSection]:
        found = [section for section in self._sections if section.document == document]
        return sorted(found, key=lambda section: section.order)


# A renderer: the object in, PDF bytes out.
Renderer = Callable[[Any], bytes]


class RendererRegistry:
    """Document renderers by kind (the committee report is drawn by actions, stored by conventions)."""

    def __init__(self) -> None:
        self._renderers: dict[str, Renderer] = {}
        self._permissions: dict[str, str] = {}

    def register(self, kind: str, renderer: Renderer, *, permission: str = "") -> None:
        """`permission` ("app.codename"): who may produce this kind, besides those who may
        edit the object's documents (the drawing app knows who prepares its document)."""
        if kind in self._renderers and self._renderers[kind] is not renderer:
            raise ValueError(f"A renderer is already registered for {kind!r}.")
        self._renderers[kind] = renderer
        if permission:
            self._permissions[kind] = permission

    def permission(self, kind: str) -> str:
        return self._permissions.get(kind, "")

    def get(self, kind: str) -> Renderer:
        try:
            return self._renderers[kind]
        except KeyError:
            raise LookupError(f"No renderer registered for {kind!r}.") from None

    def kinds(self) -> list[str]:
        return list(self._renderers)


# A history source: (user, limit) -> the latest changes on what that user is in charge of, as
# dicts with date, user, kind, reason, label and url (see core.history.recent_changes).
HistorySource = Callable[[Any, int], list[dict[str, Any]]]


class HistoryRegistry:
    """What each app adds to history: the dashboard's "latest changes", the restorable models."""

    def __init__(self) -> None:
        self._sources: list[HistorySource] = []
        self._restorable: set[str] = set()

    def register_source(self, source: HistorySource) -> None:
        self._sources.append(source)

    def sources(self) -> list[HistorySource]:
        return list(self._sources)

    def register_restorable(self, *labels: str) -> None:
        """Models whose pages offer "restore this version" ('partners.organisation'); never users
        or ledgers."""
        self._restorable.update(label.lower() for label in labels)

    def is_restorable(self, label: str) -> bool:
        return label.lower() in self._restorable


class CapabilityRegistry:
    """What a lower app offers only when an upper app provides it, and who may use it.

    partners' journal form offers a follow-up task only if tasks registered
    ``"partners.interaction_follow_up"`` with the permission that grants it.
    """

    def __init__(self) -> None:
        self._permissions: dict[str, list[str]] = {}

    def register(self, name: str, *, permission: str) -> None:
        self._permissions.setdefault(name, []).append(permission)

    def provided(self, name: str) -> bool:
        return name in self._permissions

    def allowed(self, user: Any, name: str) -> bool:
        return any(user.has_perm(permission) for permission in self._permissions.get(name, ()))


# A health check: () -> what it found, {"ok": bool, plus a few figures}. /sante/ shows it to
# anyone: figures only (ages in seconds), never a host name, a message, a count of people.
HealthCheckFunction = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class HealthCheck:
    name: str
    check: HealthCheckFunction
    # A failing critical check answers 503 (a load balancer takes the server out of rotation);
    # a failing other one only reports "degraded" (monitoring alerts, the site keeps serving).
    critical: bool
    order: int = 50


class HealthRegistry:
    """What /sante/ checks: core the database and broker, upper apps their own machinery."""

    def __init__(self) -> None:
        self._checks: dict[str, HealthCheck] = {}

    def register(
        self, name: str, check: HealthCheckFunction, *, critical: bool, order: int = 50
    ) -> None:
        if name in self._checks and self._checks[name].check is not check:
            raise ValueError(f"A health check is already registered as {name!r}.")
        self._checks[name] = HealthCheck(name, check, critical, order)

    def checks(self) -> list[HealthCheck]:
        return sorted(self._checks.values(), key=lambda check: check.order)


@dataclass(frozen=True)
class ApiRoute:
    prefix: str
    viewset: Any
    basename: str


class ApiRegistry:
    """The resources under /api/v1/: each app registers its viewsets (`partners/api/`)."""

    def __init__(self) -> None:
        self._routes: dict[str, ApiRoute] = {}

    def register(self, prefix: str, viewset: Any, *, basename: str) -> None:
        if prefix in self._routes and self._routes[prefix].viewset is not viewset:
            raise ValueError(f"An API route is already registered as {prefix!r}.")
        self._routes[prefix] = ApiRoute(prefix, viewset, basename)

    def routes(self) -> list[ApiRoute]:
        return list(self._routes.values())


panels = PanelRegistry()
navigation = NavigationRegistry()
pdf_sections = PdfSectionRegistry()
renderers = RendererRegistry()
history = HistoryRegistry()
capabilities = CapabilityRegistry()
health = HealthRegistry()
api = ApiRegistry()
