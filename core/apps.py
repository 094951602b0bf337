from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, EDIT


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")
    # What each role may do with core's models (core.roles): users are the administrators'.
    role_grants = {ADMINISTRATOR: EDIT}

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from core.auth import PERMISSIONS
        from core.cached import USERS, invalidate

        def permissions_changed(**kwargs: object) -> None:
            invalidate(PERMISSIONS, USERS)

        # Whatever changes who may do what renews the cached permission sets and user lists.
        user = get_user_model()
        for model in (user, Group, Permission):
            post_save.connect(
                permissions_changed, sender=model, dispatch_uid=f"perms-save-{model}", weak=False
            )
            post_delete.connect(
                permissions_changed, sender=model, dispatch_uid=f"perms-del-{model}"
            )
        for through in (
            user.groups.through,
            user.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed, sender=through, dispatch_uid=f"perms-m2m-{through}"
            )
        post_migrate.connect(permissions_changed, dispatch_uid="perms-migrate", weak=False)
