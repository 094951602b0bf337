from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from core.admin_site import HistoryAdmin
from core.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
    search_fields = ["username", "first_name", "last_name", "email"]
