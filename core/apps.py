from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, EDIT


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")
    # What each role may do with core's models (core.roles): users are the administrators'.
    role_grants = {ADMINISTRATOR: EDIT}

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from core.models import User
        from core.roles import staff_follows_role

        # Only the Administrateur role is staff: joining or leaving a group sets the flag.
        m2m_changed.connect(
            staff_follows_role, sender=User.groups.through, dispatch_uid="core.staff_follows_role"
        )
