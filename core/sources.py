"""Core's autocomplete source: the people one may put in charge (registered in core/apps.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.cached import active_user_choices
from core.registry import AutocompleteSource
from core.text import normalize


def users_matching(queryset: QuerySet, text: str) -> QuerySet:
    """Matched on the cached list of active people (accents ignored), so no query for it."""
    words = normalize(text).split()
    ids = [
        int(pk) for pk, label in active_user_choices() if all(w in normalize(label) for w in words)
    ]
    return queryset.filter(pk__in=ids)


def _users() -> QuerySet:
    from core.models import User

    return (
        User.objects.filter(is_active=True)
        .exclude(username=User.SYSTEM_USERNAME)
        .order_by("last_name", "first_name", "username")
    )


USERS = AutocompleteSource(
    name="users",
    queryset=_users,
    search=users_matching,
    # Everyone signed in sees who is in charge of what.
    permission="",
    none_found=_("Personne ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs personnes correspondent à « %(text)s » : choisissez dans la liste "
        "ou précisez le nom."
    ),
)
