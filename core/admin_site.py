"""The back office: administrators only, history form and revert held to change rights.

`settings.INSTALLED_APPS` names `core.admin_site.AdminConfig`, so `admin.site` is this site and
every app's `admin.py` registers on it as usual.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.roles import ADMINISTRATOR


def is_administrator(user: object) -> bool:
    """Only the Administrateur role (or a superuser) is staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()


class AdminSite(admin.AdminSite):
    site_header = gettext_lazy("Maillage — administration")
    site_title = gettext_lazy("Maillage")

    def has_permission(self, request: HttpRequest) -> bool:
        # `is_staff` follows the role (core.roles.staff_follows_role); the role is checked
        # too, so a staff flag set by hand opens nothing.
        return request.user.is_staff and is_administrator(request.user)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # A signed-in user who is not an administrator is refused, not sent to a
            # second login form.
            if (
                request.user.is_authenticated
                and not self.has_permission(request)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history form writes only with change permission.

    Fields the model lists in `LIFECYCLE_FIELDS` are moved by services only (signing,
    terminating, freezing): they are read-only here, and a revert that would move them is
    refused. Every save bumps `version`, the rows of its inlines' too, so edit forms open
    elsewhere are refused rather than undoing it (core/versioning.py).
    """

    def lifecycle_fields(self) -> tuple[str, ...]:
        return tuple(getattr(self.model, "LIFECYCLE_FIELDS", ()))

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None):
        # Imported here: settings load this module (its AdminConfig) before any model.
        from core import versioning

        fields = list(super().get_readonly_fields(request, obj))
        extra = list(self.lifecycle_fields()) if obj is not None else []
        if versioning.is_versioned(self.model):
            extra.append("version")
        return [*fields, *(f for f in extra if f not in fields)]

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        if request.method == "POST":
            current = get_object_or_404(self.model, pk=unquote(object_id))
            if not self.has_change_permission(request, current):
                raise PermissionDenied
            record = get_object_or_404(
                self.model.history.model, pk=unquote(version_id), id=current.pk
            )
            moved = [
                str(self.model._meta.get_field(name).verbose_name)
                for name in self.lifecycle_fields()
                if getattr(record, self.model._meta.get_field(name).attname)
                != getattr(current, self.model._meta.get_field(name).attname)
            ]
            if moved:
                self.message_user(
                    request,
                    _(
                        "Cette version ne peut pas être restaurée ici : elle changerait "
                        "%(fields)s, que seules les actions prévues de l'application modifient."
                    )
                    % {"fields": ", ".join(moved)},
                    level=messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request: HttpRequest, obj: models.Model, form, change: bool) -> None:
        from core import versioning

        with transaction.atomic():
            if change:
                current = type(obj).objects.select_for_update().get(pk=obj.pk)
                if versioning.is_versioned(self.model):
                    obj.version = current.version + 1
                # A revert starts from the old row: keep what only services move.
                for name in self.lifecycle_fields():
                    attname = self.model._meta.get_field(name).attname
                    setattr(obj, attname, getattr(current, attname))
            super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        from core import versioning

        with transaction.atomic():
            for row in formset.save(commit=False):
                if row.pk is not None:
                    versioning.bump(row)
                row.save()
            for row in formset.deleted_objects:
                row.delete()
            formset.save_m2m()


class AdminConfig(DjangoAdminConfig):
    """Django's admin, with the site above as `admin.site`."""

    default_site = "core.admin_site.AdminSite"
