"""The main navigation, built from what the user may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Each entry: label, permission, the screen's URL name, and the back-office list
# that stands in for it until the screen exists.
NAVIGATION = [
    (
        _("Organisations"),
        "partners.view_organisation",
        "partners:organisation_list",
        "admin:partners_organisation_changelist",
    ),
    (
        _("Contacts"),
        "partners.view_contact",
        "partners:contact_list",
        "admin:partners_contact_changelist",
    ),
    (
        _("Conventions"),
        "conventions.view_convention",
        "conventions:convention_list",
        "admin:conventions_convention_changelist",
    ),
    (
        _("Actions"),
        "actions.view_action",
        "actions:action_list",
        "admin:actions_action_changelist",
    ),
    (_("Tâches"), "tasks.view_task", "tasks:task_list", "admin:tasks_task_changelist"),
]


def _first_url(*names: str) -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(names[-1])


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_navigation": []}
    items = []
    for label, permission, *url_names in NAVIGATION:
        if user.has_perm(permission):
            url = _first_url(*url_names)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    if user.is_staff:
        url = reverse("admin:index")
        items.append({"label": _("Administration"), "url": url, "active": request.path == url})
    return {"main_navigation": items}
