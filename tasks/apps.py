from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, COLLABORATOR, COORDINATOR, EDIT, READ, RELATIONS_MANAGER


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Tâches et rappels")
    # What each role may do with this app's models (core.roles): collaborators add tasks and
    # edit their own.
    role_grants = {
        ADMINISTRATOR: EDIT,
        RELATIONS_MANAGER: EDIT,
        COORDINATOR: EDIT,
        COLLABORATOR: READ,
    }
    role_extra = {COLLABORATOR: ("add_task", "change_own_task")}
    read_only_models = ("reminder", "digest", "heartbeat")
    # Editing tasks is not editing other people's settings and mail: each user changes their
    # own preferences and notifications through their pages (no model permission needed);
    # the reminder rules are the administrators'.
    model_grants = {
        "preference": {ADMINISTRATOR: EDIT},
        "notification": {ADMINISTRATOR: EDIT},
        "reminderrule": {
            ADMINISTRATOR: EDIT,
            RELATIONS_MANAGER: READ,
            COORDINATOR: READ,
            COLLABORATOR: READ,
        },
    }

    def ready(self) -> None:
        """What tasks adds to the others: every place it fills is listed here."""
        from core import registry
        from partners import signals as partner_signals
        from tasks import health, panels, privacy, receivers

        registry.navigation.register(
            _("Tâches"), "tasks:task_list", permission="tasks.view_task", order=50
        )
        # The account menu: everyone's own settings; the failed reminders for administrators.
        registry.navigation.register(
            _("Préférences et agenda"), "tasks:preference_update", permission="", menu="account"
        )
        registry.navigation.register(
            _("Rappels en échec"),
            "tasks:reminder_failed_list",
            permission=("tasks.view_reminder", "core.change_user"),
            order=60,
            menu="account",
        )
        # Open tasks, with the quick-add button, on the pages of what a task can concern.
        for place in ("partners.Organisation", "actions.Action"):
            registry.panels.register(
                place,
                "tasks/_open_tasks_panel.html",
                context=panels.open_tasks,
                slot="end",
                permission="tasks.view_task",
                anchor="taches",
                label=_("Tâches"),
            )
        # The convention workspace's "Tâches" tab (conventions/workspace.py).
        registry.sections.register(
            "conventions.Convention",
            "taches",
            _("Tâches"),
            "tasks/sections/_tasks.html",
            context=panels.convention_tasks,
            order=70,
            permission="tasks.view_task",
        )
        # The dashboard opens on the day's first steps (tasks sits above every app it links).
        registry.panels.register("core.dashboard", "tasks/_dashboard_quick_actions.html", order=1)
        registry.panels.register(
            "core.dashboard", "tasks/_dashboard_my_tasks.html", context=panels.my_tasks, order=10
        )
        registry.panels.register(
            "base.header", "tasks/_header_notifications.html", context=panels.unread_notifications
        )
        registry.history.register_restorable("tasks.task")
        # The API's resources (/api/v1/).
        from tasks.api import views as api

        registry.api.register("tasks", api.TaskViewSet, basename="task")
        registry.api.register("notifications", api.NotificationViewSet, basename="notification")
        registry.api.register("reminders", api.ReminderViewSet, basename="reminder")
        # The reminders mailed to a partner contact, in their export and erasure.
        privacy.register_sources()
        # /sante/: late reminders are reported ("degraded"), they do not take a web server out.
        registry.health.register("beat", health.beat_check, critical=False, order=30)
        registry.health.register("reminders", health.reminders_check, critical=False, order=40)
        # The journal's follow-up is a task.
        registry.capabilities.register(partner_signals.FOLLOW_UP, permission="tasks.add_task")
        partner_signals.follow_up_requested.connect(
            receivers.follow_up_task, dispatch_uid="tasks.follow_up_task"
        )

        # The list, exported as CSV or XLSX like partners' lists (by a job past a bound).
        from partners.export_kinds import registry as export_kinds
        from tasks import exports

        export_kinds.register(exports.KIND)
