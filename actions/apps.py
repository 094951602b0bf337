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
        from django.db.models import Q

        from actions import dashboard, panels, services
        from actions import history as action_history
        from actions.annex import annex_section
        from actions.report import committee_report_pdf
        from conventions.models import Document
        from conventions.signals import convention_renewed
        from core import registry

        registry.navigation.register(
            _("Actions"), "actions:action_list", permission="actions.view_action", order=40
        )
        # The convention page shows the plan and the indicators without conventions naming us.
        registry.panels.register(
            "conventions.Convention",
            "actions/_convention_plan_panel.html",
            context=panels.convention_plan,
            order=40,
            permission="actions.view_action",
            anchor="plan-section",
            label=_("Annexe : plan d'action"),
        )
        registry.panels.register(
            "conventions.Convention",
            "actions/_convention_indicators_panel.html",
            context=panels.convention_indicators,
            order=45,
            permission="actions.view_indicator",
            anchor="indicators-section",
            label=_("Indicateurs"),
        )
        registry.panels.register(
            "core.dashboard",
            "actions/_dashboard_late_actions.html",
            context=dashboard.my_late_actions,
            order=20,
        )
        registry.history.register_source(dashboard.action_changes)
        # The convention's "Historique" shows its actions, indicators and measurements.
        action_history.register()
        registry.history.register_restorable(
            "actions.action", "actions.indicator", "actions.measurement"
        )
        # The plan is annexed to the convention PDF; the committee report is ours to draw.
        registry.pdf_sections.register(Document.Kind.CONVENTION, annex_section, order=40)
        # Coordinators prepare the steering committee: they may produce its report too.
        registry.renderers.register(
            Document.Kind.COMMITTEE_REPORT, committee_report_pdf, permission="actions.change_action"
        )
        # An action a partner contact answers for, in their export.
        registry.personal_data.register("actions.Action", lambda c: Q(owner_contact=c))
        registry.personal_data.register(
            "actions.HistoricalAction", lambda c: Q(owner_contact_id=c.pk)
        )
        # A renewal's successor takes over the open actions.
        convention_renewed.connect(services.actions_carry_over, dispatch_uid="actions_carry_over")

        # A task's action is picked by autocomplete, among its convention's.
        from actions.sources import ACTIONS

        registry.autocompletes.register(ACTIONS)
