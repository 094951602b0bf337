"""Indicators of a convention or an action, with their targets and measurements."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.models.actions import TARGET_MESSAGE, Action, whole_percent
from conventions.models import Convention
from core import bounds
from core.bounds import not_negative, plausible_date
from core.models import HISTORY_EXCLUDED, VersionedModel

UNIQUE_DATE_MESSAGE = _("Une mesure existe déjà à cette date pour cet indicateur.")


class Indicator(VersionedModel):
    """A measured objective of a convention, or of one of its actions."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Mensuelle")
        QUARTERLY = "quarterly", _("Trimestrielle")
        HALF_YEARLY = "half_yearly", _("Semestrielle")
        YEARLY = "yearly", _("Annuelle")
        ONCE = "once", _("Ponctuelle")

    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("convention"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("action"),
    )
    name = models.CharField(_("intitulé"), max_length=200)
    unit = models.CharField(_("unité"), max_length=30, help_text=_("€, marchés, %…"))
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, default=0
    )
    target = models.DecimalField(
        _("cible"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Différente de la valeur de départ : c'est le chemin à parcourir."),
    )
    frequency = models.CharField(
        _("fréquence"), max_length=12, choices=Frequency, default=Frequency.YEARLY
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["convention", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="indicator_target_differs_from_baseline",
                violation_error_message=TARGET_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("actions:indicator_detail", args=[self.pk])

    def attainment(self, value: Decimal | None) -> int | None:
        """How far `value` has come from the baseline to the target, in whole percent.

        Not clamped: below the baseline is negative, beyond the target over 100 (charts clamp
        their bars, the figure stays true). None without a value, or when the target equals
        the baseline (there is no way to go, so no share of it).
        """
        span = self.target - self.baseline
        if value is None or not span:
            return None
        return whole_percent((value - self.baseline) * 100 / span)

    def percent_for(self, measurement: Measurement | None) -> int | None:
        """`attainment()` of a measurement (None when there is none yet)."""
        return self.attainment(None if measurement is None else measurement.value)

    def clean(self) -> None:
        errors = {}
        if self.action_id and self.action.convention_id != self.convention_id:
            errors["action"] = _("Cette action appartient à une autre convention.")
        if self.target is not None and self.baseline is not None and self.target == self.baseline:
            errors["target"] = TARGET_MESSAGE
        if errors:
            raise ValidationError(errors)


class Measurement(VersionedModel):
    """A value of an indicator at a date."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicateur"),
    )
    measured_on = models.DateField(_("date"), validators=[plausible_date])
    value = models.DecimalField(
        _("valeur"), max_digits=14, decimal_places=2, validators=[not_negative]
    )
    comment = models.CharField(_("commentaire"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("saisie par"),
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["indicator", "-measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_unique_date",
                violation_error_message=UNIQUE_DATE_MESSAGE,
            ),
            bounds.not_negative_constraint("value", "measurement"),
            bounds.date_constraint("measured_on", "measurement"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} : {self.value} au {self.measured_on:%d/%m/%Y}"

    def clean(self) -> None:
        # Forms leave the indicator out, and with it the unique constraint: checked here.
        if (
            self.indicator_id
            and self.measured_on
            and Measurement.objects.filter(
                indicator_id=self.indicator_id, measured_on=self.measured_on
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"measured_on": UNIQUE_DATE_MESSAGE})

    def get_absolute_url(self) -> str:
        return reverse("actions:indicator_detail", args=[self.indicator_id])
