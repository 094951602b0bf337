"""The screens' role permissions: a model permission per method, `view` included."""

from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """`view_<model>` to read, `add_`, `change_`, `delete_` to write, as the screens ask.

    A view may name, per action, the permissions any of which is enough
    (`permissions_by_action = {"sign": ("conventions.change_convention",)}`); what a user may
    not reach inside a model (someone else's task, notification) is left out of the view's
    queryset, so it answers 404.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        named = getattr(view, "permissions_by_action", {}).get(getattr(view, "action", None))
        if named is not None:
            return any(request.user.has_perm(permission) for permission in named)
        return super().has_permission(request, view)
