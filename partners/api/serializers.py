"""What the API shows of partners, and how it writes: through the screens' forms."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import DescribedSerializer, FormModelSerializer
from partners import services
from partners.forms import ContactForm, OrganisationForm
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


class AffiliationSerializer(DescribedSerializer):
    class Meta:
        model = Affiliation
        fields = [
            "id", "contact", "organisation", "role_title", "email", "phone", "starts_on",
            "ends_on", "is_primary",
        ]  # fmt: skip


class RelationshipSerializer(DescribedSerializer):
    class Meta:
        model = Relationship
        fields = ["id", "source", "kind", "target", "starts_on", "ends_on", "notes"]


class InteractionSerializer(DescribedSerializer):
    class Meta:
        model = Interaction
        fields = [
            "id", "kind", "occurred_on", "subject", "location", "notes", "organisations",
            "contacts", "author", "created_at",
        ]  # fmt: skip
