from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from conventions.models import Axis, Clause, Convention, Document, Party, Programme


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "pilot"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["pilot"]


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    autocomplete_fields = ["organisation", "signatory"]


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "programme", "signed_on", "ends_on"]
    list_filter = ["status", "kind", "programme", "tacit_renewal"]
    search_fields = [
        "reference",
        "title",
        "title_normalized",
        "parties__organisation__name_normalized",
    ]
    list_select_related = ["programme"]
    autocomplete_fields = ["programme", "parent", "predecessor", "owner", "coordinator"]
    readonly_fields = ["reference", "notice_deadline", "version"]
    inlines = [PartyInline, AxisInline, ClauseInline]
    date_hierarchy = "signed_on"


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["convention", "organisation", "role", "signatory", "signed_on"]
    list_filter = ["role"]
    search_fields = ["convention__reference", "organisation__name_normalized"]
    list_select_related = ["convention", "organisation", "signatory"]
    autocomplete_fields = ["convention", "organisation", "signatory"]


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["convention", "number", "title"]
    search_fields = ["title", "convention__reference"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["convention", "number", "title"]
    search_fields = ["title", "body", "convention__reference"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["convention", "kind", "version", "is_frozen", "produced_by", "created_at"]
    list_filter = ["kind", "is_frozen"]
    search_fields = ["convention__reference", "checksum"]
    list_select_related = ["convention", "produced_by"]
    readonly_fields = ["checksum", "size"]
    autocomplete_fields = ["convention"]
