"""The API's routes: each app registers its viewsets through `core.registry.api`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
