"""Programmes: several conventions under one mission, pilot and annex."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    VersionedModel,
    long_text_constraints,
)
from partners.models import Organisation


class Programme(VersionedModel):
    """Several conventions under one mission, pilot and annex (the MACS case)."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    description = LongTextField(_("description"), blank=True)
    pilot = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="piloted_programmes",
        verbose_name=_("pilote"),
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        constraints = [*long_text_constraints("programme", "description")]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("conventions:programme_detail", args=[self.pk])
