"""Typed, dated links between two organisations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import bounds
from core.bounds import plausible_date
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    VersionedModel,
    long_text_constraints,
)
from partners.models.organisations import Organisation


class Relationship(VersionedModel):
    """A typed, dated link between two organisations ("UNEA is a member of…")."""

    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", _("membre de")
        FEDERATES = "federates", _("fédère")
        PARTNER_OF = "partner_of", _("partenaire de")
        FUNDS = "funds", _("finance")
        ACCOMPANIES = "accompanies", _("accompagne")

    # How the link reads from the other end: "GIP Maximilien fédère X" / "X fédéré par…".
    INVERSE_LABELS = {
        Kind.MEMBER_OF: _("a pour membre"),
        Kind.FEDERATES: _("fédéré·e par"),
        Kind.PARTNER_OF: _("partenaire de"),
        Kind.FUNDS: _("financé·e par"),
        Kind.ACCOMPANIES: _("accompagné·e par"),
    }

    source = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="relationships_out",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("lien"), max_length=12, choices=Kind)
    target = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="relationships_in",
        verbose_name=_("organisation liée"),
    )
    starts_on = models.DateField(_("depuis le"), null=True, blank=True, validators=[plausible_date])
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True, validators=[plausible_date])
    notes = LongTextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["kind", "target__name_normalized"]
        constraints = [
            *long_text_constraints("relationship", "notes"),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="relationship_distinct_organisations",
                violation_error_message=_("Une organisation ne peut pas être liée à elle-même."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="relationship_ends_after_start",
                violation_error_message=_("La fin de la relation doit suivre son début."),
            ),
            bounds.date_constraint("starts_on", "relationship"),
            bounds.date_constraint("ends_on", "relationship"),
            models.UniqueConstraint(
                fields=["source", "kind", "target"],
                condition=Q(ends_on__isnull=True),
                name="relationship_unique_current",
                violation_error_message=_("Cette relation existe déjà."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self) -> str:
        return str(self.INVERSE_LABELS[self.kind])
