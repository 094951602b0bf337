from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from core.admin_site import HistoryAdmin
from core.models import ExportLog, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
    search_fields = ["username", "first_name", "last_name", "email"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Who exported what: read only, written by the exports themselves."""

    list_display = ["created_at", "user", "what", "count"]
    list_filter = ["created_at"]
    search_fields = ["what", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
