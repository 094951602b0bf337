"""The menus, built from what each app registered and what the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import registry


def _item(entry: registry.NavEntry, path: str) -> dict[str, Any]:
    url = reverse(entry.url_name)
    return {"label": entry.label, "url": url, "active": path.startswith(url)}


def _main_menu(user: Any, path: str) -> list[dict[str, Any]]:
    """Entries in order; those of one group gathered into one drop-down where it first comes."""
    menu: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for entry in registry.navigation.entries("main"):
        if not entry.allowed(user):
            continue
        item = _item(entry, path)
        if not entry.group:
            menu.append(item)
            continue
        key = str(entry.group)
        if key not in groups:
            groups[key] = {"label": entry.group, "entries": [], "id": f"menu-{len(groups) + 1}"}
            menu.append(groups[key])
        groups[key]["entries"].append(item)
    for group in groups.values():
        group["active"] = any(item["active"] for item in group["entries"])
    return menu


def navigation(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_navigation": [], "account_navigation": []}
    account = [
        _item(entry, request.path)
        for entry in registry.navigation.entries("account")
        if entry.allowed(user)
    ]
    if user.is_staff:
        account.append(
            {"label": _("Administration"), "url": reverse("admin:index"), "active": False}
        )
    return {"main_navigation": _main_menu(user, request.path), "account_navigation": account}
