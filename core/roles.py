"""The four roles of Maillage, as Django groups with their permissions.

`sync_roles` is idempotent: data migrations call it whenever a model is added,
so each group's permissions always match this table.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ADMINISTRATOR = "Administrateur"
RELATIONS_MANAGER = "Chargé·e de relations"
COORDINATOR = "Coordinateur·rice"
COLLABORATOR = "Collaborateur·rice"

ALL_ROLES = (ADMINISTRATOR, RELATIONS_MANAGER, COORDINATOR, COLLABORATOR)

DOMAIN_APPS = ("partners", "conventions", "actions", "tasks")
EDIT = ("view", "add", "change", "delete")
READ = ("view",)

# Per role: app label -> actions on every model of that app, plus single extra codenames.
ROLE_PERMISSIONS: dict[str, dict[str, object]] = {
    ADMINISTRATOR: {"apps": {app: EDIT for app in (*DOMAIN_APPS, "core")}, "extra": ()},
    RELATIONS_MANAGER: {
        "apps": {"partners": EDIT, "conventions": EDIT, "actions": READ, "tasks": EDIT},
        "extra": (),
    },
    COORDINATOR: {
        "apps": {"partners": READ, "conventions": READ, "actions": EDIT, "tasks": EDIT},
        "extra": (),
    },
    COLLABORATOR: {
        "apps": {app: READ for app in DOMAIN_APPS},
        "extra": ("tasks.add_task", "tasks.change_own_task"),
    },
}

# Ledger and reference tables that only jobs and migrations write.
READ_ONLY_MODELS = {
    ("partners", "region"),
    ("partners", "department"),
    ("conventions", "referencecounter"),
    ("tasks", "reminder"),
    ("tasks", "digest"),
}


def sync_roles(apps: Apps) -> None:
    """Create the four groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrations; roles need them now. Put back
        # what was there: on the live registry, None would hide every app from serializers.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = previous

    for role, spec in ROLE_PERMISSIONS.items():
        wanted = set()
        for app_label, actions in spec["apps"].items():
            for permission in Permission.objects.filter(content_type__app_label=app_label):
                action, _sep, model = permission.codename.partition("_")
                if model == "own_task" or action not in actions:
                    continue
                # History is written by saves, never edited by hand.
                read_only = (app_label, model) in READ_ONLY_MODELS or model.startswith("historical")
                if action != "view" and read_only:
                    continue
                wanted.add(permission.pk)
        for dotted in spec["extra"]:
            app_label, codename = dotted.split(".")
            wanted.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename).pk
            )
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(wanted)


def role_names(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    if not user.is_authenticated:
        return []
    return [group.name for group in user.groups.all()]
