"""What the API shows of the action plan, and how it writes: the screens' forms, services."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from actions import services
from actions.forms import ActionForm, IndicatorForm, MeasurementForm, MeasurementUpdateForm
from actions.models import Action, Indicator, Measurement
from actions.models.indicators import UNIQUE_DATE_MESSAGE
from core.api.serializers import ChildFormSerializer

READ_ONLY = ["id", "version", "created_at", "updated_at"]


class ConventionRowSerializer(ChildFormSerializer):
    """A row of a convention's plan: named under its convention, never moved (as on the
    screens)."""

    parent_field = "convention"
    parent_missing = _("Choisissez une convention.")

    def form_kwargs(self) -> dict:
        return {"convention": self.parent_object()}


class ActionSerializer(ConventionRowSerializer):
    class Meta:
        model = Action
        form_class = ActionForm
        fields = ["id", "version", "convention", "order", *ActionForm._meta.fields, "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["id", "version", "order", "created_at", "updated_at"]

    def save_new(self, form):
        convention = form.instance.convention
        last = convention.actions.order_by("-order").values_list("order", flat=True).first()
        form.instance.order = (last or 0) + 1
        return super().save_new(form)


class IndicatorSerializer(ConventionRowSerializer):
    class Meta:
        model = Indicator
        form_class = IndicatorForm
        fields = [*READ_ONLY, "convention", *IndicatorForm._meta.fields]
        read_only_fields = READ_ONLY


class MeasurementSerializer(ChildFormSerializer):
    """A measurement: recorded through the screen's service, corrected through its form."""

    parent_field = "indicator"
    parent_missing = _("Choisissez un indicateur.")

    class Meta:
        model = Measurement
        form_class = MeasurementForm
        fields = [*READ_ONLY, "indicator", *MeasurementForm._meta.fields, "recorded_by"]
        read_only_fields = [*READ_ONLY, "recorded_by"]

    def get_form_class(self) -> type:
        return MeasurementUpdateForm if self.instance is not None else MeasurementForm

    def save_new(self, form):
        return services.measurement_record(
            indicator=self.parent_object(), by=self.by, **form.cleaned_data
        )

    def save_changed(self, form, expected_version: int):
        try:
            with transaction.atomic():
                return super().save_changed(form, expected_version)
        except IntegrityError:
            # Another measurement took that date between the check and the save.
            raise serializers.ValidationError({"measured_on": [UNIQUE_DATE_MESSAGE]}) from None
