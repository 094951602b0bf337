"""What the API shows of the action plan, and how it writes: the screens' forms, services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from actions import services
from actions.forms import ActionForm, MeasurementForm
from actions.models import Action, Indicator, Measurement
from conventions.models import Convention
from core.api.serializers import DescribedSerializer, FormModelSerializer
from core.text import parse_id


class ActionSerializer(FormModelSerializer):
    class Meta:
        model = Action
        form_class = ActionForm
        fields = ["id", "version", "convention", "order", *ActionForm._meta.fields, "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["id", "version", "order", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # An action stays in its convention: the screens never move it.
            fields["convention"].read_only = True
        return fields

    def form_kwargs(self) -> dict:
        if self.instance is not None:
            return {"convention": self.instance.convention}
        pk = parse_id(str(self.initial_data.get("convention", "")))
        convention = Convention.objects.filter(pk=pk).first() if pk is not None else None
        if convention is None:
            raise serializers.ValidationError({"convention": [_("Choisissez une convention.")]})
        return {"convention": convention}

    def save_new(self, form):
        convention = form.instance.convention
        last = convention.actions.order_by("-order").values_list("order", flat=True).first()
        form.instance.order = (last or 0) + 1
        return super().save_new(form)


class IndicatorSerializer(DescribedSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id", "convention", "action", "name", "unit", "baseline", "target", "frequency",
            "order",
        ]  # fmt: skip


class MeasurementSerializer(FormModelSerializer):
    class Meta:
        model = Measurement
        form_class = MeasurementForm
        fields = ["id", "indicator", *MeasurementForm._meta.fields, "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]

    def to_internal_value(self, data):
        result = super().to_internal_value(data)
        pk = parse_id(str(data.get("indicator", ""))) if hasattr(data, "get") else None
        indicator = Indicator.objects.filter(pk=pk).first() if pk is not None else None
        if indicator is None:
            raise serializers.ValidationError({"indicator": [_("Choisissez un indicateur.")]})
        result["indicator"] = indicator
        return result

    def create(self, validated_data):
        form = validated_data["form"]
        return services.measurement_record(
            indicator=validated_data["indicator"], by=self.by, **form.cleaned_data
        )
