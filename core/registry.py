"""Extension points: how an upper app adds to a lower app's pages without the lower app naming it.

A lower app names a *place* (a model label such as ``"conventions.Convention"``, or a page
such as ``"core.dashboard"``); an upper app fills it from its ``AppConfig.ready()``:

    panels.register("conventions.Convention", "actions/_plan_panel.html", context=plan, order=40)

The same pattern carries workspace sections (``core/sections.py``), navigation entries, PDF
sections, document renderers, the sources of the dashboard's latest changes, the health
checks of ``/sante/``, the autocomplete sources, the API's resources, capabilities (what an
upper app lets a lower one offer) and where each app holds personal data. Everything is
registered once at start-up and only read afterwards, so no lock is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from core.api.routes import ApiRegistry
from core.personal_data import PersonalDataRegistry
from core.sections import SectionRegistry

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
    """One item of a menu: the main one (alone or in a group) or the account menu."""

    label: Any
    url_name: str
    # "app.codename", several of them all required, "" for any signed-in user, or a test
    # of the user (a page whose access takes more than permissions).
    permission: str | tuple[str, ...] | Callable[[Any], bool]
    order: int = 50
    # Entries sharing a group label make one drop-down menu of the main navigation.
    group: Any = ""
    menu: str = "main"

    def allowed(self, user: Any) -> bool:
        if callable(self.permission):
            return self.permission(user)
        needed = (self.permission,) if isinstance(self.permission, str) else self.permission
        return all(user.has_perm(perm) for perm in needed if perm)


class NavigationRegistry:
    def __init__(self) -> None:
        self._entries: list[NavEntry] = []

    def register(
        self,
        label: Any,
        url_name: str,
        *,
        permission: str | tuple[str, ...] | Callable[[Any], bool],
        order: int = 50,
        group: Any = "",
        menu: str = "main",
    ) -> None:
        self._entries.append(NavEntry(label, url_name, permission, order, group, menu))

    def entries(self, menu: str = "main") -> list[NavEntry]:
        return sorted((e for e in self._entries if e.menu == menu), key=lambda e: e.order)


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


# A history part's filter: the ids of the object a page is about (its own id first, then those
# merged into it) -> the Q selecting its part's history rows (e.g. the parties of a convention).
PartFilter = Callable[[list[int]], Any]
# The ids merged into an object, so its page shows their history too.
AliasFinder = Callable[[Any], list[int]]


@dataclass(frozen=True)
class HistoryPart:
    """The history of something that belongs to an object, shown on that object's page."""

    place: str
    model: Any
    filter: PartFilter
    # (historical record) -> what the line names ("Partie : ESAT Les Calanques").
    describe: Callable[[Any], str]
    # Foreign keys `describe` reads, joined in the one query that reads this part.
    select_related: tuple[str, ...] = ()


class HistoryRegistry:
    """What each app adds to history: the dashboard's "latest changes", the restorable models,
    the parts of an object whose history its page shows, the ids merged into an object."""

    def __init__(self) -> None:
        self._sources: list[HistorySource] = []
        self._restorable: set[str] = set()
        self._parts: list[HistoryPart] = []
        self._aliases: dict[str, AliasFinder] = {}

    def register_part(
        self,
        place: str,
        model: Any,
        *,
        filter: PartFilter,
        describe: Callable[[Any], str],
        select_related: tuple[str, ...] = (),
    ) -> None:
        """`place` is the page's model label ("conventions.Convention"); `model` the part's."""
        self._parts.append(HistoryPart(place, model, filter, describe, select_related))

    def parts(self, place: str) -> list[HistoryPart]:
        return [part for part in self._parts if part.place == place]

    def register_aliases(self, place: str, finder: AliasFinder) -> None:
        self._aliases[place] = finder

    def aliases(self, place: str, obj: Any) -> list[int]:
        finder = self._aliases.get(place)
        return finder(obj) if finder else []

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
class AutocompleteSource:
    """What a relation field's autocomplete offers (core/autocomplete.py): rows of one model,
    searched accent-insensitively on its normalised, trigram-indexed columns."""

    name: str
    # () -> every row one may pick, in the order suggestions show (an indexed one).
    queryset: Callable[[], Any]
    # (queryset, typed text) -> the rows that match, never evaluated here.
    search: Callable[[Any, str], Any]
    # Who may ask the endpoint ("app.codename"); a form's own view checks its own permission.
    permission: str
    # French messages for a typed text that matches no row or several ("%(text)s").
    none_found: Any
    several_found: Any
    # Query-string narrowings: ?organisation=12 -> (queryset, [12]) -> the contacts of 12.
    filters: dict[str, Callable[[Any, list[int]], Any]] | None = None
    label: Callable[[Any], str] = str


class AutocompleteRegistry:
    """The autocomplete sources, by name: each app registers its own models' source."""

    def __init__(self) -> None:
        self._sources: dict[str, AutocompleteSource] = {}

    def register(self, source: AutocompleteSource) -> None:
        if source.name in self._sources and self._sources[source.name] != source:
            raise ValueError(f"An autocomplete source is already registered as {source.name!r}.")
        self._sources[source.name] = source

    def get(self, name: str) -> AutocompleteSource:
        try:
            return self._sources[name]
        except KeyError:
            raise LookupError(f"No autocomplete source registered as {name!r}.") from None


panels = PanelRegistry()
# The tabs of an object's workspace (core/sections.py).
sections = SectionRegistry()
navigation = NavigationRegistry()
pdf_sections = PdfSectionRegistry()
renderers = RendererRegistry()
history = HistoryRegistry()
capabilities = CapabilityRegistry()
health = HealthRegistry()
personal_data = PersonalDataRegistry()
autocompletes = AutocompleteRegistry()
# The resources under /api/v1/ (core/api/routes.py).
api = ApiRegistry()
