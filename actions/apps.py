from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, COLLABORATOR, COORDINATOR, EDIT, READ, RELATIONS_MANAGER


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Plans d'action")
    # What each role may do with this app's models (core.roles).
    role_grants = {
        ADMINISTRATOR: EDIT,
        RELATIONS_MANAGER: READ,
        COORDINATOR: EDIT,
        COLLABORATOR: READ,
    }

    def ready(self) -> None:
        """What actions adds to the others: every place it fills is listed here."""
        from actions import dashboard
        from core import registry

        registry.navigation.register(
            _("Actions"), "actions:action_list", permission="actions.view_action", order=40
        )
        registry.panels.register(
            "core.dashboard",
            "actions/_dashboard_late_actions.html",
            context=dashboard.my_late_actions,
            order=20,
        )
        registry.history.register_source(dashboard.action_changes)
        # Coordinators prepare the steering committee: they may produce its report.
        registry.capabilities.register(
            "conventions.generate_committee_report", permission="actions.change_action"
        )
        registry.history.register_restorable(
            "actions.action", "actions.indicator", "actions.measurement"
        )
