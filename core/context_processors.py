"""The main navigation, built from what the user may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Until each app has its screens, the back office lists serve as the destination.
NAVIGATION = [
    (_("Organisations"), "partners.view_organisation", "admin:partners_organisation_changelist"),
    (_("Contacts"), "partners.view_contact", "admin:partners_contact_changelist"),
    (_("Conventions"), "conventions.view_convention", "admin:conventions_convention_changelist"),
    (_("Actions"), "actions.view_action", "admin:actions_action_changelist"),
    (_("Tâches"), "tasks.view_task", "admin:tasks_task_changelist"),
]


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_navigation": []}
    items = []
    for label, permission, url_name in NAVIGATION:
        if user.has_perm(permission):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    if user.is_staff:
        url = reverse("admin:index")
        items.append({"label": _("Administration"), "url": url, "active": request.path == url})
    return {"main_navigation": items}
