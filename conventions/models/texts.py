"""The text of a convention: its numbered axes and its articles."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models.conventions import Convention
from conventions.models.locks import SignedTextLock, SignedTextQuerySet
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    VersionedModel,
    long_text_constraints,
)


class Axis(SignedTextLock, VersionedModel):
    """A numbered objective of a convention."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="axes", verbose_name=_("convention")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=250)
    description = LongTextField(_("description"), blank=True)

    objects = SignedTextQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["convention", "number"]
        constraints = [
            *long_text_constraints("axis", "description"),
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="axis_unique_number",
                violation_error_message=_("Cette convention a déjà un axe portant ce numéro."),
            ),
        ]

    def __str__(self) -> str:
        return f"Axe {self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("conventions:convention_detail", args=[self.convention_id]) + "#axis-section"


class Clause(SignedTextLock, VersionedModel):
    """A numbered article of a convention."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("convention")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=250)
    body = LongTextField(_("texte"))

    objects = SignedTextQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["convention", "number"]
        constraints = [
            *long_text_constraints("clause", "body"),
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="clause_unique_number",
                violation_error_message=_("Cette convention a déjà un article portant ce numéro."),
            ),
        ]

    def __str__(self) -> str:
        return f"Article {self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return (
            reverse("conventions:convention_detail", args=[self.convention_id]) + "#clause-section"
        )
