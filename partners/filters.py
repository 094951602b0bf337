"""List filters for organisations, contacts, the providers' directory and the journal."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteFilterWidget, filter_by
from core.forms import AccessibleFormMixin, DateInput
from core.text import normalize
from partners import choices
from partners.models import Contact, Interaction, Organisation, Relationship


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
    # Choices from the cache (partners/choices.py): the list costs no query to fill them.
    region = django_filters.ChoiceFilter(
        label=_("Région"), choices=choices.region_choices, empty_label=_("Toutes les régions")
    )
    department = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=choices.department_choices,
        empty_label=_("Tous les départements"),
    )
    trade = django_filters.ChoiceFilter(
        label=_("Métier"),
        field_name="trades",
        choices=choices.trade_choices,
        empty_label=_("Tous les métiers"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=Organisation.Status.choices,
        empty_label=_("Actifs et prospects"),
    )
    # Autocompletes (core/autocomplete.py): people and networks grow with the data.
    owner = django_filters.CharFilter(
        label=_("Chargé·e de relations"),
        method="filter_owner",
        widget=AutocompleteFilterWidget("users"),
    )
    network = django_filters.CharFilter(
        label=_("Membre du réseau"),
        method="filter_network",
        widget=AutocompleteFilterWidget("networks"),
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

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by("users", queryset, "owner", value)

    def filter_network(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        members = Relationship.objects.filter(kind=Relationship.Kind.MEMBER_OF).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        members = filter_by("networks", members, "target", value)
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
    # An autocomplete (or an organisation's id from a link), never a select of every one.
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        method="filter_organisation",
        help_text=_("Nom, sigle ou commune de l'organisation."),
        widget=AutocompleteFilterWidget("organisations"),
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

    def filter_organisation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by("organisations", queryset, "affiliations__organisation", value).distinct()


class JournalFilterForm(FilterForm):
    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", _("La fin de la période précède son début."))
        return data


class InteractionFilter(django_filters.FilterSet):
    """Search and filters of the journal, all kept in the URL; newest entries first."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_("Objet, lieu ou compte rendu ; accents et majuscules indifférents."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'entrée"), choices=Interaction.Kind.choices, empty_label=_("Tous les types")
    )
    # Autocompletes (core/autocomplete.py), or an id from a link (an organisation's page).
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        method="filter_organisation",
        help_text=_("Nom, sigle ou commune de l'organisation."),
        widget=AutocompleteFilterWidget("organisations"),
    )
    contact = django_filters.CharFilter(
        label=_("Contact"),
        method="filter_contact",
        widget=AutocompleteFilterWidget("contacts"),
    )
    author = django_filters.CharFilter(
        label=_("Auteur·rice"),
        method="filter_author",
        widget=AutocompleteFilterWidget("users"),
    )
    du = django_filters.DateFilter(
        label=_("Du"), field_name="occurred_on", lookup_expr="gte", widget=DateInput()
    )
    au = django_filters.DateFilter(
        label=_("Au"), field_name="occurred_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Interaction
        fields: list[str] = []
        form = JournalFilterForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in normalize(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_organisation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # By the links, not a join: an entry naming two matching organisations shows once.
        links = filter_by(
            "organisations", Interaction.organisations.through.objects.all(), "organisation", value
        )
        return queryset.filter(pk__in=links.values("interaction_id"))

    def filter_contact(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        links = filter_by("contacts", Interaction.contacts.through.objects.all(), "contact", value)
        return queryset.filter(pk__in=links.values("interaction_id"))

    def filter_author(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by("users", queryset, "author", value)
