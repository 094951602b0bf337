from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, EDIT


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")
    # What each role may do with core's models (core.roles): users are the administrators'.
    role_grants = {ADMINISTRATOR: EDIT}
