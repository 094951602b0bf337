"""The main navigation, built from what each app registered and what the user may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import registry


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_navigation": []}
    items = []
    for entry in registry.navigation.entries():
        if user.has_perm(entry.permission):
            url = reverse(entry.url_name)
            items.append({"label": entry.label, "url": url, "active": request.path.startswith(url)})
    if user.is_staff:
        url = reverse("admin:index")
        items.append({"label": _("Administration"), "url": url, "active": request.path == url})
    return {"main_navigation": items}
