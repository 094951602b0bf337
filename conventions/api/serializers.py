"""What the API shows of conventions, and how it writes: through the screens' forms."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from conventions.forms import ConventionForm
from conventions.models import Axis, Clause, Convention, Party, Programme
from core.api.serializers import DescribedSerializer, FormModelSerializer


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


class ProgrammeSerializer(DescribedSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "acronym", "pilot", "description"]


class PartySerializer(DescribedSerializer):
    class Meta:
        model = Party
        fields = [
            "id", "convention", "organisation", "role", "signs", "signatory", "signatory_title",
            "signed_on", "signed_at", "commitments", "order",
        ]  # fmt: skip


class AxisSerializer(DescribedSerializer):
    class Meta:
        model = Axis
        fields = ["id", "convention", "number", "title", "description"]


class ClauseSerializer(DescribedSerializer):
    class Meta:
        model = Clause
        fields = ["id", "convention", "number", "title", "body"]


class TerminateSerializer(serializers.Serializer):
    """What a termination needs (validated by the screen's `TerminateForm`)."""

    terminated_on = serializers.DateField(help_text=_("Date de la résiliation."))
    reason = serializers.CharField(max_length=2000, help_text=_("Motif de la résiliation."))
