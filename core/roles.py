"""The four roles of Maillage, as Django groups with their permissions.

`sync_roles` is idempotent: data migrations call it whenever a model is added,
so each group's permissions always match what each app declares on its AppConfig.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ADMINISTRATOR = "Administrateur"
RELATIONS_MANAGER = "Chargé·e de relations"
COORDINATOR = "Coordinateur·rice"
COLLABORATOR = "Collaborateur·rice"

ALL_ROLES = (ADMINISTRATOR, RELATIONS_MANAGER, COORDINATOR, COLLABORATOR)

EDIT = ("view", "add", "change", "delete")
READ = ("view",)

# Each app declares on its AppConfig what the roles may do with its models, so core names no
# app:
#   role_grants = {ROLE: EDIT or READ}          actions on every model of the app
#   role_extra = {ROLE: ("codename", ...)}      single extra permissions of the app
#   read_only_models = ("model_name", ...)      ledgers and reference tables only jobs and
#                                               migrations write: "view" at most


def _grants() -> dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]], set[str]]]:
    """Per role: (app, action) pairs, (app, codename) extras; read-only 'app.model' labels."""
    from django.apps import apps as live

    wanted: dict = {role: (set(), set(), set()) for role in ALL_ROLES}
    read_only = set()
    for config in live.get_app_configs():
        read_only |= {f"{config.label}.{name}" for name in getattr(config, "read_only_models", ())}
        for role, actions in getattr(config, "role_grants", {}).items():
            wanted[role][0].update((config.label, action) for action in actions)
        for role, codenames in getattr(config, "role_extra", {}).items():
            wanted[role][1].update((config.label, codename) for codename in codenames)
    for role in wanted:
        wanted[role][2].update(read_only)
    return wanted


def sync_roles(apps: Apps) -> None:
    """Create the four groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrations; roles need them now.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        # Put back what was there: the live registry needs its real module.
        app_config.models_module = models_module

    for role, (grants, extras, read_only_models) in _grants().items():
        wanted = set()
        for permission in Permission.objects.select_related("content_type"):
            app_label = permission.content_type.app_label
            action, _sep, model = permission.codename.partition("_")
            if (app_label, action) not in grants:
                continue
            # A model's own permissions ("change_own_task") are granted one by one, never by
            # action.
            if model != permission.content_type.model:
                continue
            # History is written by saves, never edited by hand.
            read_only = f"{app_label}.{model}" in read_only_models or model.startswith("historical")
            if action != "view" and read_only:
                continue
            wanted.add(permission.pk)
        for app_label, codename in extras:
            wanted.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename).pk
            )
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(wanted)


def role_names(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    if not user.is_authenticated:
        return []
    return [group.name for group in user.groups.all()]
