"""The login backend: Django's, with each user's permission set kept in the cache."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from core import cached as cache_lists
from core.cached import cached

PERMISSIONS = cache_lists.name("core.permissions")


class CachedPermissionBackend(ModelBackend):
    """ModelBackend whose `get_all_permissions` is read from the cache.

    Two queries on every page otherwise (user and group permissions). The cache
    generation is renewed whenever a user, a group, a permission or one of their
    links changes (core/apps.py), so a role taken away stops working at once.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached(
                PERMISSIONS,
                lambda: super(CachedPermissionBackend, self).get_all_permissions(user_obj),
                part=user_obj.pk,
            )
        return user_obj._perm_cache
