from django.contrib import admin
from django.http import HttpRequest

from core.admin_site import HistoryAdmin
from tasks.models import Digest, Notification, Preference, Reminder, ReminderRule, Task


@admin.register(Task)
class TaskAdmin(HistoryAdmin):
    list_display = ["title", "assignee", "due_on", "status", "recurrence"]
    list_filter = ["status", "recurrence", "due_on"]
    search_fields = ["title", "description"]
    list_select_related = ["assignee"]
    autocomplete_fields = ["assignee", "organisation", "convention", "action", "previous"]
    date_hierarchy = "due_on"

    def has_change_permission(self, request: HttpRequest, obj: Task | None = None) -> bool:
        # A Collaborateur·rice changes only the tasks assigned to them.
        if super().has_change_permission(request, obj):
            return True
        if not request.user.has_perm("tasks.change_own_task"):
            return False
        return obj is None or obj.assignee_id == request.user.pk


@admin.register(ReminderRule)
class ReminderRuleAdmin(HistoryAdmin):
    list_display = ["event", "days_before", "repeat_every_days", "convention", "is_active"]
    list_filter = ["event", "is_active"]
    autocomplete_fields = ["convention"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "event", "send_after", "status", "attempts", "sent_at"]
    list_filter = ["status", "event"]
    search_fields = ["key", "recipient__username", "recipient_email"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    # The ledger is written by the planner and the sender only; an added row would be a
    # reminder nobody planned (and the add form, all read-only, could not be saved).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reminder | None = None) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(HistoryAdmin):
    list_display = ["user", "digest_enabled", "digest_time"]
    autocomplete_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "status", "attempts", "sent_at"]
    list_filter = ["status", "day"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Digest | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_select_related = ["user"]
    search_fields = ["title"]
