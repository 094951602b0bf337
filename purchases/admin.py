from django.contrib import admin

from core.admin_site import HistoryAdmin
from purchases.models import Purchase


@admin.register(Purchase)
class PurchaseAdmin(HistoryAdmin):
    list_display = ["year", "date", "buyer", "supplier_siret", "supplier", "amount_ht", "source"]
    list_filter = ["source", "reserved_market", "contract_kind"]
    search_fields = ["supplier_siret", "contract_reference", "supplier_name"]
    list_select_related = ["buyer", "supplier"]
    autocomplete_fields = ["buyer", "supplier"]
    readonly_fields = ["source", "version"]
