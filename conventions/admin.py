from django.contrib import admin
from django.http import HttpRequest

from conventions.models import Axis, Clause, Convention, Document, Party, Programme
from core.admin_site import HistoryAdmin


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["name", "acronym", "pilot"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["pilot"]


class LockedTextInline:
    """A signed convention's parties, axes and articles are shown, not edited (the models
    refuse too): the page of the convention offers an amendment."""

    def _open(self, obj: Convention | None) -> bool:
        return obj is None or not obj.text_locked

    def has_add_permission(self, request: HttpRequest, obj: Convention | None = None) -> bool:
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Convention | None = None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Convention | None = None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)


class LockedTextAdmin(HistoryAdmin):
    """The admin of a part of the text: read only once its convention is signed."""

    def _open(self, obj: Party | Axis | Clause | None) -> bool:
        return obj is None or not obj.convention.text_locked

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # The bulk delete does not ask each row's convention; the page of each row does.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class PartyInline(LockedTextInline, admin.StackedInline):
    model = Party
    extra = 0
    autocomplete_fields = ["organisation", "signatory"]


class AxisInline(LockedTextInline, admin.TabularInline):
    model = Axis
    extra = 0


class ClauseInline(LockedTextInline, admin.StackedInline):
    model = Clause
    extra = 0


@admin.register(Convention)
class ConventionAdmin(HistoryAdmin):
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

    def has_delete_permission(self, request: HttpRequest, obj: Convention | None = None) -> bool:
        # A signed convention, or one holding a signed scan, is evidence: it stays.
        if obj is not None and (obj.is_signed or obj.documents.filter(is_frozen=True).exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # The bulk delete does not ask each convention; the page of each one does.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Party)
class PartyAdmin(LockedTextAdmin):
    list_display = ["convention", "organisation", "role", "signatory", "signed_on"]
    list_filter = ["role"]
    search_fields = ["convention__reference", "organisation__name_normalized"]
    list_select_related = ["convention", "organisation", "signatory"]
    autocomplete_fields = ["convention", "organisation", "signatory"]


@admin.register(Axis)
class AxisAdmin(LockedTextAdmin):
    list_display = ["convention", "number", "title"]
    search_fields = ["title", "convention__reference"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(Clause)
class ClauseAdmin(LockedTextAdmin):
    list_display = ["convention", "number", "title"]
    search_fields = ["title", "body", "convention__reference"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["convention", "kind", "version", "is_frozen", "produced_by", "created_at"]
    list_filter = ["kind", "is_frozen"]
    search_fields = ["convention__reference", "checksum"]
    list_select_related = ["convention", "produced_by"]
    readonly_fields = ["checksum", "size"]
    autocomplete_fields = ["convention"]

    def has_delete_permission(self, request: HttpRequest, obj: Document | None = None) -> bool:
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
