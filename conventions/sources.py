"""The conventions' autocomplete sources: conventions and programmes (conventions/apps.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from conventions.models import Convention, Programme
from core.registry import AutocompleteSource
from core.text import normalize


def _search_conventions(queryset: QuerySet, text: str) -> QuerySet:
    for word in normalize(text).split():
        queryset = queryset.filter(
            Q(title_normalized__contains=word) | Q(reference__icontains=word)
        )
    return queryset


def _search_programmes(queryset: QuerySet, text: str) -> QuerySet:
    # A few dozen rows: matched on the cached list, accents ignored, no query for it.
    from conventions.forms import programme_choices

    words = normalize(text).split()
    ids = [
        int(pk) for pk, label in programme_choices() if all(w in normalize(label) for w in words)
    ]
    return queryset.filter(pk__in=ids)


CONVENTIONS = AutocompleteSource(
    name="conventions",
    queryset=lambda: Convention.objects.order_by("-reference"),
    search=_search_conventions,
    permission="conventions.view_convention",
    none_found=_("Aucune convention ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs conventions correspondent à « %(text)s » : choisissez dans la liste "
        "ou tapez sa référence."
    ),
)
PROGRAMMES = AutocompleteSource(
    name="programmes",
    queryset=lambda: Programme.objects.order_by("name"),
    search=_search_programmes,
    permission="conventions.view_programme",
    none_found=_("Aucun programme ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs programmes correspondent à « %(text)s » : choisissez dans la liste "
        "ou précisez le nom."
    ),
)
