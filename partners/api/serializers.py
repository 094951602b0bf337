"""What the API shows of partners, and how it writes: through the screens' forms."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import ChildFormSerializer, FormModelSerializer
from partners import services
from partners.forms import (
    AffiliationForm,
    ContactForm,
    InteractionForm,
    InteractionUpdateForm,
    OrganisationForm,
    RelationshipForm,
)
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship

READ_ONLY = ["id", "version", "created_at", "updated_at"]


class OrganisationSerializer(FormModelSerializer):
    confirm_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Créer malgré des organisations semblables (même SIREN, nom très proche)."),
    )

    class Meta:
        model = Organisation
        form_class = OrganisationForm
        fields = [*READ_ONLY, *OrganisationForm._meta.fields, "archived_at", "confirm_duplicate"]
        read_only_fields = [*READ_ONLY, "archived_at"]

    def save_new(self, form):
        confirmed = self.initial_data.get("confirm_duplicate") is True
        duplicates = services.organisation_duplicates(
            name=form.cleaned_data["name"], siret=form.cleaned_data["siret"]
        )
        if duplicates and not confirmed:
            names = ", ".join(f"{o} (n° {o.pk})" for o in duplicates)
            raise serializers.ValidationError(
                {"name": [_("Organisations semblables : %(names)s. Envoyez « confirm_duplicate » "
                            "à vrai pour créer quand même.") % {"names": names}]}
            )  # fmt: skip
        return super().save_new(form)


class ContactSerializer(FormModelSerializer):
    class Meta:
        model = Contact
        form_class = ContactForm
        fields = [*READ_ONLY, *ContactForm._meta.fields, "email_consent_at"]
        read_only_fields = [*READ_ONLY, "email_consent_at"]


class AffiliationSerializer(ChildFormSerializer):
    """A contact's role in an organisation: created under the contact, as on its page."""

    parent_field = "contact"
    parent_missing = _("Choisissez un contact.")

    class Meta:
        model = Affiliation
        form_class = AffiliationForm
        fields = [*READ_ONLY, "contact", *AffiliationForm._meta.fields]
        read_only_fields = READ_ONLY


class RelationshipSerializer(ChildFormSerializer):
    """A link from one organisation (`source`) to another; the screens then only end it."""

    parent_field = "source"
    parent_missing = _("Choisissez une organisation.")

    class Meta:
        model = Relationship
        form_class = RelationshipForm
        fields = [*READ_ONLY, "source", *RelationshipForm._meta.fields, "ends_on"]
        read_only_fields = [*READ_ONLY, "ends_on"]

    def form_kwargs(self) -> dict:
        return {"source": self.parent_object()}


class RelationshipEndSerializer(serializers.Serializer):
    """What ending a relationship needs (validated by the screen's `RelationshipEndForm`)."""

    ends_on = serializers.DateField(help_text=_("Fin de la relation le."))
    version = serializers.IntegerField(
        required=False, help_text=_("La version lue, si l'en-tête If-Match ne la donne pas.")
    )


class InteractionSerializer(FormModelSerializer):
    """A journal entry; on creation, the screen's optional follow-up task with it."""

    follow_up = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("Créer une tâche de suivi (si votre rôle le permet)."),
    )  # fmt: skip
    task_title = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200,
        help_text=_("Intitulé de la tâche de suivi."),
    )  # fmt: skip
    task_due_on = serializers.DateField(
        write_only=True, required=False, allow_null=True,
        help_text=_("Échéance de la tâche de suivi."),
    )  # fmt: skip
    task_assignee = serializers.IntegerField(
        write_only=True, required=False, allow_null=True,
        help_text=_("Utilisateur·rice à qui la tâche de suivi est attribuée."),
    )  # fmt: skip

    class Meta:
        model = Interaction
        form_class = InteractionForm
        fields = [
            *READ_ONLY, *InteractionForm._meta.fields, "author", "follow_up", "task_title",
            "task_due_on", "task_assignee",
        ]  # fmt: skip
        read_only_fields = [*READ_ONLY, "author"]

    def get_form_class(self) -> type:
        return InteractionUpdateForm if self.instance is not None else InteractionForm

    def form_kwargs(self) -> dict:
        return {"user": self.by}

    def save_new(self, form):
        return form.log(by=self.by)
