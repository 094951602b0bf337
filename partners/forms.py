"""Forms of the partners screens; errors in French next to their field."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import registry
from core.autocomplete import AutocompleteField, autocomplete_field
from core.bounds import plausible_date
from core.forms import AccessibleFormMixin, DateInput, VersionedFormMixin
from core.models import User
from partners import choices, services
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship
from partners.signals import FOLLOW_UP
from partners.validators import compact_identifier

# 100,000 rows of a dozen columns fit well within this (partners.import_tables.MAX_ROWS).
MAX_UPLOAD_BYTES = 30 * 1024 * 1024


class OrganisationForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    # Wider than 14 characters: people type "732 829 320 00074"; the model keeps digits only.
    siret = forms.CharField(
        label=_("SIRET"), max_length=20, required=False,
        help_text=Organisation._meta.get_field("siret").help_text,
    )  # fmt: skip
    siren = forms.CharField(
        label=_("SIREN"), max_length=14, required=False,
        help_text=Organisation._meta.get_field("siren").help_text,
    )  # fmt: skip

    class Meta:
        model = Organisation
        fields = [
            "name", "acronym", "kind", "status", "siret", "siren", "address", "postal_code",
            "city", "department", "region", "trades", "workforce", "website", "email", "phone",
            "description", "owner",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"owner": autocomplete_field("users")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Archiving has its own button (it dates the archive); the form only sets the others.
        self.fields["status"].choices = [
            c for c in Organisation.Status.choices if c[0] != Organisation.Status.ARCHIVED
        ]
        # The fixed lists from the cache (partners/choices.py), not three queries a form;
        # what is submitted is still checked against the tables.
        for name, cached in (
            ("department", choices.department_choices),
            ("region", choices.region_choices),
            ("trades", choices.trade_choices),
        ):
            field = self.fields[name]
            empty = getattr(field, "empty_label", None)
            field.choices = [*([("", empty)] if empty is not None else []), *cached()]
        self.fields["trades"].widget.attrs["size"] = 8
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name"
        )
        if self.instance.status == Organisation.Status.ARCHIVED:
            self.fields.pop("status")

    def clean_siren(self) -> str:
        return compact_identifier(self.cleaned_data["siren"])

    def clean_siret(self) -> str:
        siret = compact_identifier(self.cleaned_data["siret"])
        if siret:
            other = Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk).first()
            if other:
                raise forms.ValidationError(
                    _("Une organisation porte déjà ce SIRET : %(name)s."),
                    code="duplicate",
                    params={"name": other},
                )
        return siret


class ContactForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "civility",
            "first_name",
            "last_name",
            "email",
            "phone",
            "email_consent",
            "notes",
            "owner",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"owner": autocomplete_field("users")}

    def clean(self) -> dict:
        cleaned = super().clean()
        # The consent date is when it was recorded here, unless already known.
        if cleaned.get("email_consent") and not self.instance.email_consent_at:
            self.instance.email_consent_at = timezone.now()
        if not cleaned.get("email_consent"):
            self.instance.email_consent_at = None
        return cleaned


class AffiliationForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = [
            "organisation",
            "role_title",
            "email",
            "phone",
            "starts_on",
            "ends_on",
            "is_primary",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        field_classes = {"organisation": autocomplete_field("organisations")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active()

    def _get_validation_exclusions(self) -> set[str]:
        # The contact is the page's, not a field: keep it in "already holds this role here".
        return super()._get_validation_exclusions() - {"contact"}


class RelationshipForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["kind", "target", "starts_on", "notes"]
        widgets = {"starts_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"target": autocomplete_field("organisations")}

    def __init__(self, *args: object, source: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.source = source
        self.fields["target"].queryset = Organisation.objects.active().exclude(pk=source.pk)

    def _get_validation_exclusions(self) -> set[str]:
        # Keep the source and the end (the condition of "one current link") in the constraint
        # checks: "this relationship already exists" is a French message, not a server error.
        return super()._get_validation_exclusions() - {"source", "ends_on"}


class RelationshipEndForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    """The end date of a relationship; the service checks it against the start and the version."""

    class Meta:
        model = Relationship
        fields = ["ends_on"]
        labels = {"ends_on": _("Fin de la relation le")}
        widgets = {"ends_on": DateInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].required = True


FOLLOW_UP_FIELDS = ("follow_up", "task_title", "task_due_on", "task_assignee")


class InteractionForm(AccessibleFormMixin, forms.ModelForm):
    """A journal entry, and optionally the task that follows it up."""

    follow_up = forms.BooleanField(label=_("Créer une tâche de suivi"), required=False)
    task_title = forms.CharField(label=_("Intitulé de la tâche"), max_length=200, required=False)
    task_due_on = forms.DateField(
        label=_("Échéance de la tâche"),
        required=False,
        widget=DateInput(),
        validators=[plausible_date],
    )
    task_assignee = AutocompleteField(
        "users", label=_("Tâche attribuée à"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Interaction
        fields = [
            "kind",
            "occurred_on",
            "subject",
            "location",
            "organisations",
            "contacts",
            "notes",
        ]
        widgets = {"occurred_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "subject": _("Par exemple : Handiformelles, salon, rencontre Openmap ESS."),
        }
        # The contacts offered are those of the organisations ticked above.
        field_classes = {
            "organisations": autocomplete_field("organisations", multiple=True),
            "contacts": autocomplete_field(
                "contacts", multiple=True, follow={"organisation": "organisations"}
            ),
        }

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.active()
        self.fields["contacts"].queryset = Contact.objects.all()
        self.fields["task_assignee"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["task_assignee"].initial = user.pk
        # The follow-up is a task: offered only where an app provides it and to those it allows.
        if not registry.capabilities.allowed(user, FOLLOW_UP):
            for name in FOLLOW_UP_FIELDS:
                self.fields.pop(name)

    def clean(self) -> dict:
        cleaned = super().clean()
        self._refuse_strangers(cleaned.get("organisations"), cleaned.get("contacts"))
        if cleaned.get("follow_up"):
            for name in ("task_title", "task_due_on", "task_assignee"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Obligatoire pour créer la tâche de suivi."))
            due_on, occurred_on = cleaned.get("task_due_on"), cleaned.get("occurred_on")
            if due_on and occurred_on and due_on < occurred_on:
                self.add_error(
                    "task_due_on", _("Le suivi ne peut être dû avant l'entrée qu'il suit.")
                )
        return cleaned

    def _refuse_strangers(self, organisations: object, contacts: object) -> None:
        """A contact met holds a role in one of the organisations the entry is about."""
        if organisations is None or not contacts:
            return
        members = set(
            Affiliation.objects.filter(
                contact__in=contacts, organisation__in=organisations
            ).values_list("contact_id", flat=True)
        )
        strangers = [str(contact) for contact in contacts if contact.pk not in members]
        if strangers:
            self.add_error(
                "contacts",
                _(
                    "%(names)s n'occupe aucune fonction dans les organisations choisies : "
                    "ajoutez son organisation ou une fonction à ce contact."
                )
                % {"names": ", ".join(strangers)},
            )

    def follow_up_data(self) -> dict | None:
        if not self.cleaned_data.get("follow_up"):
            return None
        return {
            "title": self.cleaned_data["task_title"],
            "due_on": self.cleaned_data["task_due_on"],
            "assignee": self.cleaned_data["task_assignee"],
        }

    def log(self, *, by: User) -> Interaction:
        """Record the valid entry and its follow-up through `services.interaction_log`."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
        return services.interaction_log(
            by=by, organisations=data.pop("organisations"), contacts=data.pop("contacts"),
            follow_up=self.follow_up_data(), **data,
        )  # fmt: skip


class InteractionUpdateForm(VersionedFormMixin, InteractionForm):
    """A journal entry corrected; a follow-up is a task of its own, created with the entry."""

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in FOLLOW_UP_FIELDS:
            self.fields.pop(name, None)
        # An organisation archived since keeps its place in the entry being corrected.
        self.fields["organisations"].queryset = Organisation.objects.filter(
            ~Q(status=Organisation.Status.ARCHIVED) | Q(interactions=self.instance)
        ).distinct()

    def follow_up_data(self) -> dict | None:
        return None


class ImportForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Que contient le fichier ?"))
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_(
            "30 Mo et 100 000 lignes au plus ; la première ligne porte les noms des colonnes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: object, kinds: list, **kwargs: object) -> None:
        """`kinds`: the import kinds (partners/import_kinds.py) the user may choose."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.name, kind.label) for kind in kinds]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Seuls les fichiers .csv et .xlsx sont acceptés."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 30 Mo : découpez-le."))
        return upload
