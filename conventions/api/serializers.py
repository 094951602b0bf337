"""What the API shows of conventions, and how it writes: through the screens' forms."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from conventions.forms import AxisForm, ClauseForm, ConventionForm, PartyForm, ProgrammeForm
from conventions.models import Axis, Clause, Convention, Party, Programme
from conventions.models.locks import LOCKED_MESSAGE
from core.api.serializers import ChildFormSerializer, FormModelSerializer

READ_ONLY = ["id", "version", "created_at", "updated_at"]


class ConventionSerializer(FormModelSerializer):
    class Meta:
        model = Convention
        form_class = ConventionForm
        lifecycle = [
            "reference", "status", "signed_on", "notice_deadline", "terminated_on",
            "termination_reason", "predecessor",
        ]  # fmt: skip
        fields = ["id", "version", *lifecycle, *ConventionForm._meta.fields, "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["id", "version", *lifecycle, "created_at", "updated_at"]


class ProgrammeSerializer(FormModelSerializer):
    class Meta:
        model = Programme
        form_class = ProgrammeForm
        fields = [*READ_ONLY, *ProgrammeForm._meta.fields]
        read_only_fields = READ_ONLY


class ConventionTextSerializer(ChildFormSerializer):
    """A part of a convention's text (party, axis, article): named under its convention on
    creation, and refused, as on the screens, once the convention is signed."""

    parent_field = "convention"
    parent_missing = _("Choisissez une convention.")

    def form_kwargs(self) -> dict:
        return {"convention": self.parent_object()}

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and self.parent_object().text_locked:
            raise serializers.ValidationError({"non_field_errors": [LOCKED_MESSAGE]})
        return super().to_internal_value(data)


class PartySerializer(ConventionTextSerializer):
    class Meta:
        model = Party
        form_class = PartyForm
        fields = [*READ_ONLY, "convention", *PartyForm._meta.fields]
        read_only_fields = READ_ONLY


class AxisSerializer(ConventionTextSerializer):
    class Meta:
        model = Axis
        form_class = AxisForm
        fields = [*READ_ONLY, "convention", *AxisForm._meta.fields]
        read_only_fields = READ_ONLY


class ClauseSerializer(ConventionTextSerializer):
    class Meta:
        model = Clause
        form_class = ClauseForm
        fields = [*READ_ONLY, "convention", *ClauseForm._meta.fields]
        read_only_fields = READ_ONLY


class TerminateSerializer(serializers.Serializer):
    """What a termination needs (validated by the screen's `TerminateForm`)."""

    terminated_on = serializers.DateField(help_text=_("Date de la résiliation."))
    reason = serializers.CharField(max_length=2000, help_text=_("Motif de la résiliation."))
