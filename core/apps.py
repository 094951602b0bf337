from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, EDIT


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")
    # What each role may do with core's models (core.roles): users are the administrators'.
    role_grants = {ADMINISTRATOR: EDIT}
    # Written by exports only, read by administrators.
    read_only_models = ("exportlog",)

    def ready(self) -> None:
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from core import health, registry
        from core.auth import PERMISSIONS
        from core.cached import USERS, invalidate
        from core.models import User
        from core.roles import staff_follows_role

        # Only the Administrateur role is staff: joining or leaving a group sets the flag.
        m2m_changed.connect(
            staff_follows_role, sender=User.groups.through, dispatch_uid="core.staff_follows_role"
        )

        def permissions_changed(**kwargs: object) -> None:
            invalidate(PERMISSIONS, USERS)

        # Whatever changes who may do what renews the cached permission sets and user lists.
        for model in (User, Group, Permission):
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions_changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"perms-{signal}-{model.__name__}",
                )
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed, sender=through, weak=False, dispatch_uid=f"perms-m2m-{through}"
            )
        post_migrate.connect(permissions_changed, weak=False, dispatch_uid="perms-migrate")

        # Without them no page works: a failure answers 503.
        registry.health.register("database", health.database_check, critical=True, order=10)
        registry.health.register("broker", health.broker_check, critical=True, order=20)

        # The people one may put in charge, for every autocomplete of a user (core/sources.py).
        from core.sources import USERS as USER_SOURCE

        registry.autocompletes.register(USER_SOURCE)
