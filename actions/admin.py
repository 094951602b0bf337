from django.contrib import admin

from actions.models import Action, ActionComment, Indicator, Measurement
from core.admin_site import HistoryAdmin


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "baseline", "target", "frequency"]


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["convention", "number", "title", "status", "progress", "due_on", "owner_user"]
    list_filter = ["status", "convention__programme", "convention"]
    search_fields = ["title", "number", "convention__reference"]
    list_select_related = ["convention", "owner_user"]
    autocomplete_fields = ["convention", "axis", "lead_party", "owner_user", "owner_contact"]
    readonly_fields = ["version"]


@admin.register(ActionComment)
class ActionCommentAdmin(HistoryAdmin):
    list_display = ["action", "author", "created_at"]
    search_fields = ["body", "action__title"]
    list_select_related = ["action", "author"]
    autocomplete_fields = ["action"]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ["measured_on", "value", "comment", "recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["name", "convention", "action", "unit", "baseline", "target"]
    list_filter = ["frequency", "convention__programme"]
    search_fields = ["name", "convention__reference"]
    list_select_related = ["convention", "action"]
    autocomplete_fields = ["convention", "action"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ["indicator", "measured_on", "value", "recorded_by"]
    list_filter = ["measured_on"]
    search_fields = ["indicator__name"]
    list_select_related = ["indicator", "recorded_by"]
    autocomplete_fields = ["indicator"]
