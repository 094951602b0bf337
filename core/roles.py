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
#   model_grants = {"model_name": {ROLE: EDIT}} replaces role_grants for that model: roles it
#                                               does not name get nothing on it


def _grants() -> dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]], set[str]]]:
    """Per role: (app, action) pairs, (app, codename) extras; read-only 'app.model' labels.

    A model with its own `model_grants` appears in the pairs as (app, "action:model").
    """
    from django.apps import apps as live

    wanted: dict = {role: (set(), set(), set()) for role in ALL_ROLES}
    read_only = set()
    for config in live.get_app_configs():
        read_only |= {f"{config.label}.{name}" for name in getattr(config, "read_only_models", ())}
        for model, per_role in getattr(config, "model_grants", {}).items():
            for role in ALL_ROLES:
                wanted[role][0].add((config.label, f"own:{model}"))
                for action in per_role.get(role, ()):
                    wanted[role][0].add((config.label, f"{action}:{model}"))
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
            if (app_label, f"own:{model}") in grants:
                # This model's grants are its own (model_grants), not the app's.
                if (app_label, f"{action}:{model}") not in grants:
                    continue
            elif (app_label, action) not in grants:
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
            extra = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # An extra a later migration creates is granted by that migration's own sync.
            if extra is not None:
                wanted.add(extra.pk)
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(wanted)


def role_names(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    if not user.is_authenticated:
        return []
    return [group.name for group in user.groups.all()]


def staff_follows_role(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """`m2m_changed` on `User.groups`: a user is staff exactly when they are Administrateur."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if reverse:
        users = User.objects.filter(pk__in=pk_set or ()) if action != "post_clear" else []
    else:
        users = [instance]
    for user in users:
        staff = user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()
        if user.is_staff != staff:
            user.is_staff = staff
            user.save(update_fields=["is_staff"])
