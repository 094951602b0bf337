"""Forms of the action plan screens."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action, ActionComment, Indicator, Measurement
from conventions.models import Convention
from core.autocomplete import autocomplete_field, filter_field
from core.forms import AccessibleFormMixin, DateInput, VersionedFormMixin


class ActionFilterForm(AccessibleFormMixin, forms.Form):
    SORTS = {
        "due_on": ("due_on", "pk"),
        "-due_on": ("-due_on", "-pk"),
        "convention": ("convention__reference", "order", "number"),
        "status": ("status", "due_on", "pk"),
    }
    SORT_CHOICES = [
        ("due_on", _("Échéance (la plus proche d'abord)")),
        ("-due_on", _("Échéance (la plus lointaine d'abord)")),
        ("convention", _("Convention puis ordre du plan")),
        ("status", _("Statut")),
    ]
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    # An autocomplete (or a convention's id from a link), never a select of all.
    convention = filter_field("conventions", _("Convention"), help_text=_("Référence ou intitulé."))
    owner = forms.ChoiceField(
        label=_("Responsable"), choices=[("", _("Tous")), ("me", _("Moi"))], required=False
    )
    # Empty is every status (the API's default); the list opens on "open" (actions.views).
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            ("open", _("Non terminées (à faire et en retard)")),
            ("all", _("Tous les statuts")),
        ]
        + list(Action.Status.choices),
        required=False,
    )
    late = forms.BooleanField(label=_("En retard seulement"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), choices=SORT_CHOICES, required=False)


class ActionForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    def clean_measured_on(self) -> date:
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise forms.ValidationError(_("Une mesure ne peut être datée dans le futur."))
        return measured_on

    class Meta:
        model = Action
        fields = [
            "number", "title", "description", "axis", "lead_party", "owner_user", "owner_contact",
            "starts_on", "due_on", "status", "progress", "completed_on",
        ]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "completed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        # The convention's axes and parties stay selects: a few rows per convention.
        field_classes = {
            "owner_user": autocomplete_field("users"),
            "owner_contact": autocomplete_field("contacts"),
        }

    def __init__(self, *args: object, convention: Convention, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["axis"].queryset = convention.axes.all()
        self.fields["lead_party"].queryset = convention.parties.select_related("organisation")
        self.fields["owner_user"].queryset = get_user_model().objects.filter(is_active=True)
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def _get_validation_exclusions(self) -> set[str]:
        # Keep the convention in the "number already used" check.
        return super()._get_validation_exclusions() - {"convention"}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Action.Status.DONE:
            data["completed_on"] = data.get("completed_on") or timezone.localdate()
            data["progress"] = 100
        elif data.get("status"):
            data["completed_on"] = None
        return data


class CommentForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ActionComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "frequency", "action", "order"]

    def __init__(self, *args: object, convention: Convention, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["action"].queryset = convention.actions.all()


class MeasurementForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "comment"]
        widgets = {"measured_on": DateInput()}


class MeasurementUpdateForm(VersionedFormMixin, MeasurementForm):
    """A measurement corrected, unless someone corrected it meanwhile."""
