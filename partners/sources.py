"""The partners' autocomplete sources: organisations, networks, contacts (partners/apps.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.registry import AutocompleteSource
from core.text import normalize
from partners.models import Contact, Organisation

SEVERAL_ORGANISATIONS = _(
    "Plusieurs organisations correspondent à « %(text)s » : choisissez dans la liste "
    "ou précisez le nom."
)


def _search_organisations(queryset: QuerySet, text: str) -> QuerySet:
    return queryset.search(text)


def _search_contacts(queryset: QuerySet, text: str) -> QuerySet:
    # The trigram-indexed "last first" column; the e-mail for "dupont@".
    for word in normalize(text).split():
        queryset = queryset.filter(Q(name_normalized__contains=word) | Q(email__icontains=word))
    return queryset


def _in_organisations(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """The contacts holding a role in one of these organisations."""
    return queryset.filter(affiliations__organisation__in=ids).distinct()


ORGANISATIONS = AutocompleteSource(
    name="organisations",
    queryset=lambda: Organisation.objects.active().order_by("name_normalized", "pk"),
    search=_search_organisations,
    permission="partners.view_organisation",
    none_found=_("Aucune organisation ne correspond à « %(text)s »."),
    several_found=SEVERAL_ORGANISATIONS,
)
NETWORKS = AutocompleteSource(
    name="networks",
    queryset=lambda: (
        Organisation.objects.active()
        .filter(kind=Organisation.Kind.NETWORK)
        .order_by("name_normalized", "pk")
    ),
    search=_search_organisations,
    permission="partners.view_organisation",
    none_found=_("Aucun réseau ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs réseaux correspondent à « %(text)s » : choisissez dans la liste "
        "ou précisez le nom."
    ),
)
CONTACTS = AutocompleteSource(
    name="contacts",
    queryset=lambda: Contact.objects.order_by("name_normalized", "pk"),
    search=_search_contacts,
    permission="partners.view_contact",
    none_found=_("Aucun contact ne correspond à « %(text)s »."),
    several_found=_(
        "Plusieurs contacts correspondent à « %(text)s » : choisissez dans la liste "
        "ou précisez le nom."
    ),
    filters={"organisation": _in_organisations},
)
