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
        # The convention workspace's plan and indicators tabs, its header's late actions and
        # its summary's figures, without conventions naming us (conventions/workspace.py).
        for order, slug, label, template, context, permission in (
            (40, "plan", _("Plan d'actions"), "actions/sections/_plan.html",
             panels.convention_plan, "actions.view_action"),
            (50, "indicateurs", _("Indicateurs"), "actions/sections/_indicators.html",
             panels.convention_indicators, "actions.view_indicator"),
        ):  # fmt: skip
            registry.sections.register(
                "conventions.Convention", slug, label, template,
                context=context, order=order, permission=permission,
            )  # fmt: skip
        for slot, template, context in (
            ("alerts", "actions/_convention_late_actions.html", panels.convention_late_actions),
            ("summary", "actions/_convention_plan_figures.html", panels.convention_plan_figures),
        ):
            registry.panels.register(
                "conventions.Convention", template, context=context, slot=slot,
                permission="actions.view_action",
            )  # fmt: skip
        registry.panels.register(
            "core.dashboard",
            "actions/_dashboard_figures.html",
            context=dashboard.action_figures,
            order=5,
            permission="actions.view_action",
        )
        registry.panels.register(
            "core.dashboard",
            "actions/_dashboard_late_actions.html",
            context=dashboard.my_late_actions,
            order=20,
        )
        # The API's resources (/api/v1/).
        from actions.api import views as api

        registry.api.register("actions", api.ActionViewSet, basename="action")
        registry.api.register("indicators", api.IndicatorViewSet, basename="indicator")
        registry.api.register("measurements", api.MeasurementViewSet, basename="measurement")
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

        # The list, exported as CSV or XLSX like partners' lists (by a job past a bound).
        from actions import exports
        from partners.export_kinds import registry as export_kinds

        export_kinds.register(exports.KIND)
