"""Forms of the convention screens: filters, edits with a version, lifecycle inputs."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conventions.models import Axis, Clause, Convention, Party, Programme
from core.autocomplete import autocomplete_field, filter_field
from core.cached import cached, name
from core.forms import AccessibleFormMixin, DateInput, VersionedFormMixin

PROGRAMMES = name("conventions.programmes")


def programme_choices() -> list[tuple[str, str]]:
    """The programmes, from the cache; renewed when one changes (conventions/apps.py)."""
    return cached(
        PROGRAMMES, lambda: [(str(p.pk), str(p)) for p in Programme.objects.order_by("name")]
    )


class ConventionFilterForm(AccessibleFormMixin, forms.Form):
    """The list's search and filters; every value is optional and read from the URL."""

    SORTS = {
        "reference": "reference",
        "-reference": "-reference",
        "title": "title_normalized",
        "ends_on": "ends_on",
        "-ends_on": "-ends_on",
        "status": "status",
    }
    SORT_CHOICES = [
        ("-reference", _("Référence (récentes d'abord)")),
        ("reference", _("Référence (anciennes d'abord)")),
        ("title", _("Intitulé")),
        ("ends_on", _("Fin (la plus proche d'abord)")),
        ("-ends_on", _("Fin (la plus lointaine d'abord)")),
        ("status", _("Statut")),
    ]
    VIEW_CHOICES = [("", _("Toutes")), ("renew", _("À renouveler (90 jours)"))]

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    view = forms.ChoiceField(label=_("Vue"), choices=VIEW_CHOICES, required=False)
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous"))] + list(Convention.Status.choices),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", _("Toutes"))] + list(Convention.Kind.choices),
        required=False,
    )
    # Autocompletes (or an id from a link), never a select of every party or programme.
    party = filter_field(
        "organisations", _("Partie"), help_text=_("Nom ou sigle d'une organisation partie.")
    )
    programme = filter_field("programmes", _("Programme"))
    year = forms.IntegerField(
        label=_("Année de prise d'effet"), required=False, min_value=1990, max_value=2100
    )
    ending = forms.IntegerField(
        label=_("Se termine dans (jours)"), required=False, min_value=0, max_value=3650
    )
    mine = forms.BooleanField(label=_("Seulement les miennes"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), choices=SORT_CHOICES, required=False)


class ConventionForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    """Editing a convention."""

    class Meta:
        model = Convention
        fields = [
            "title", "kind", "programme", "parent", "purpose", "preamble", "amount",
            "starts_on", "ends_on", "tacit_renewal", "renewal_months", "notice_days",
            "owner", "coordinator",
        ]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {
            "programme": autocomplete_field("programmes"),
            "parent": autocomplete_field("conventions"),
            "owner": autocomplete_field("users"),
            "coordinator": autocomplete_field("users"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Convention.objects.exclude(kind=Convention.Kind.AMENDMENT)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class ConventionChildForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    """A form for a row of a convention: the convention is set by the view, not the user."""

    def __init__(self, *args: object, convention: Convention, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.convention = convention

    def _get_validation_exclusions(self) -> set[str]:
        # Keep the convention in uniqueness checks ("already a party", "number taken").
        return super()._get_validation_exclusions() - {"convention"}


class PartyForm(ConventionChildForm):
    class Meta:
        model = Party
        fields = [
            "organisation", "role", "signs", "signatory", "signatory_title", "signed_on",
            "signed_at", "commitments", "order",
        ]  # fmt: skip
        widgets = {"signed_on": DateInput(), "commitments": forms.Textarea(attrs={"rows": 3})}
        # The signatories offered are the chosen organisation's people (Party.clean checks).
        field_classes = {
            "organisation": autocomplete_field("organisations"),
            "signatory": autocomplete_field("contacts", follow={"organisation": "organisation"}),
        }

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError(_("Une date de signature ne peut être dans le futur."))
        return signed_on


class AxisForm(ConventionChildForm):
    class Meta:
        model = Axis
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ClauseForm(ConventionChildForm):
    class Meta:
        model = Clause
        fields = ["number", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ProgrammeForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    """A programme grouping several bilateral conventions (the MACS case)."""

    class Meta:
        model = Programme
        fields = ["name", "acronym", "pilot", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"pilot": autocomplete_field("organisations")}


class TerminateForm(AccessibleFormMixin, forms.Form):
    terminated_on = forms.DateField(label=_("Résiliée le"), widget=DateInput())
    reason = forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AbandonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'abandon"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AmendmentForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Intitulé de l'avenant"), max_length=250)
    purpose = forms.CharField(
        label=_("Objet"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
