"""The actions' autocomplete source (actions/apps.py): a convention's actions, by title."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from core.registry import AutocompleteSource
from core.text import normalize


def _search_actions(queryset: QuerySet, text: str) -> QuerySet:
    for word in normalize(text).split():
        queryset = queryset.filter(Q(title_normalized__contains=word) | Q(number=word))
    return queryset


ACTIONS = AutocompleteSource(
    name="actions",
    queryset=lambda: Action.objects.order_by("convention_id", "order", "number"),
    search=_search_actions,
    permission="actions.view_action",
    none_found=_("Aucune action ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs actions correspondent à « %(text)s » : choisissez dans la liste "
        "ou précisez l'intitulé."
    ),
    filters={"convention": lambda queryset, ids: queryset.filter(convention__in=ids)},
)
