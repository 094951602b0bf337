"""List filters for organisations, contacts and the providers' directory."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleFormMixin
from core.models import User
from core.text import normalize
from partners.models import Contact, Department, Organisation, Region, Relationship, Trade


class FilterForm(AccessibleFormMixin, forms.Form):
    """A filter form styled and labelled like every other form."""


class OrganisationFilter(django_filters.FilterSet):
    """Search, filters and sorting of the organisations list, all kept in the URL."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_("Nom, sigle, commune ou SIRET ; accents et majuscules indifférents."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Organisation.Kind.choices, empty_label=_("Tous les types")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), queryset=Region.objects.all(), empty_label=_("Toutes les régions")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
    )
    trade = django_filters.ModelChoiceFilter(
        label=_("Métier"),
        field_name="trades",
        queryset=Trade.objects.all(),
        empty_label=_("Tous les métiers"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=Organisation.Status.choices,
        empty_label=_("Actifs et prospects"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Chargé·e de relations"),
        queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name"),
        empty_label=_("Tous"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Membre du réseau"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.NETWORK).active(),
        method="filter_network",
        empty_label=_("Tous les réseaux"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Trier par"),
        empty_label=_("Nom (A → Z)"),
        fields=(
            ("name_normalized", "nom"),
            ("city", "commune"),
            ("kind", "type"),
            ("updated_at", "modification"),
        ),
        field_labels={
            "nom": _("Nom (A → Z)"),
            "-nom": _("Nom (Z → A)"),
            "commune": _("Commune"),
            "-commune": _("Commune (Z → A)"),
            "type": _("Type"),
            "-type": _("Type (inverse)"),
            "modification": _("Modification (plus ancienne)"),
            "-modification": _("Modification (plus récente)"),
        },
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The SIRET is stored compact: "732 829 320 00074" must find it too.
        words = value.split()
        if len(words) > 1 and "".join(words).isascii() and "".join(words).isdigit():
            value = "".join(words)
        return queryset.search(value)

    def filter_network(self, queryset: QuerySet, name: str, value: Organisation) -> QuerySet:
        today = timezone.localdate()
        members = Relationship.objects.filter(
            kind=Relationship.Kind.MEMBER_OF, target=value
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        return queryset.filter(pk__in=members.values("source"))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Archived organisations leave lists unless asked for by their status.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.active()
        return super().filter_queryset(queryset)


class ProviderFilter(OrganisationFilter):
    """The sourcing directory: providers by trade and territory."""

    kind = django_filters.ChoiceFilter(
        label=_("Type de structure"),
        choices=[c for c in Organisation.Kind.choices if c[0] in Organisation.PROVIDER_KINDS],
        empty_label=_("ESAT, EA, EI, ETTI…"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("status", "owner", "network"):
            self.filters.pop(name, None)


class ContactFilter(django_filters.FilterSet):
    """Search people by name or e-mail, or by organisation."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_("Nom, prénom ou courriel ; accents indifférents."),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="affiliations__organisation",
        queryset=Organisation.objects.active(),
        empty_label=_("Toutes"),
        distinct=True,
    )
    email_consent = django_filters.BooleanFilter(
        label=_("Accepte les courriels"),
        widget=forms.Select(
            choices=[("", _("Indifférent")), ("true", _("Oui")), ("false", _("Non"))]
        ),
    )

    class Meta:
        model = Contact
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in normalize(value).split():
            queryset = queryset.filter(Q(name_normalized__contains=word) | Q(email__icontains=word))
        return queryset
