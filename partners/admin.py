from django.contrib import admin

from core.admin_site import HistoryAdmin
from partners.models import (
    Affiliation,
    Contact,
    Department,
    Interaction,
    Organisation,
    Region,
    Relationship,
    Trade,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


@admin.register(Trade)
class TradeAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "name_normalized"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["contact", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "acronym", "kind", "siret", "department", "status", "owner"]
    list_filter = ["kind", "status", "region", "trades"]
    search_fields = ["name", "name_normalized", "acronym", "siret", "city"]
    list_select_related = ["department", "owner"]
    autocomplete_fields = ["department", "region", "owner"]
    filter_horizontal = ["trades"]
    inlines = [AffiliationInline]
    readonly_fields = ["archived_at"]


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ["last_name", "first_name", "email", "email_consent"]
    list_filter = ["email_consent"]
    search_fields = ["last_name", "first_name", "name_normalized", "email"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    list_display = ["contact", "role_title", "organisation", "starts_on", "ends_on"]
    search_fields = ["contact__name_normalized", "organisation__name_normalized", "role_title"]
    list_select_related = ["contact", "organisation"]
    autocomplete_fields = ["contact", "organisation"]


@admin.register(Relationship)
class RelationshipAdmin(HistoryAdmin):
    list_display = ["source", "kind", "target", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["source__name_normalized", "target__name_normalized"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]


@admin.register(Interaction)
class InteractionAdmin(HistoryAdmin):
    list_display = ["occurred_on", "kind", "subject", "author"]
    list_filter = ["kind", "occurred_on"]
    search_fields = ["subject", "notes", "organisations__name_normalized"]
    list_select_related = ["author"]
    autocomplete_fields = ["organisations", "contacts", "author"]
    date_hierarchy = "occurred_on"
