"""The parties to a convention: who is bound, in what role, signed by whom."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models.conventions import Convention
from conventions.models.locks import SignedTextLock, SignedTextQuerySet
from core import bounds
from core.bounds import plausible_date
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    VersionedModel,
    long_text_constraints,
)
from partners.models import Affiliation, Contact, Organisation


class Party(SignedTextLock, VersionedModel):
    """An organisation bound by a convention, with its signatory and commitments."""

    class Role(models.TextChoices):
        PILOT = "pilot", _("Pilote")
        SIGNATORY = "signatory", _("Signataire")
        PARTNER = "partner", _("Partenaire")
        FUNDER = "funder", _("Financeur")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="parties", verbose_name=_("convention")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role, default=Role.SIGNATORY)
    signs = models.BooleanField(
        _("signe la convention"),
        default=True,
        help_text=_("Décochez pour une partie associée qui ne signe pas."),
    )
    signatory = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("signataire"),
    )
    signatory_title = models.CharField(_("qualité du signataire"), max_length=150, blank=True)
    signed_on = models.DateField(_("signée le"), null=True, blank=True, validators=[plausible_date])
    signed_at = models.CharField(_("fait à"), max_length=100, blank=True)
    commitments = LongTextField(_("engagements"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = SignedTextQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["convention", "order", "pk"]
        constraints = [
            *long_text_constraints("party", "commitments"),
            models.UniqueConstraint(
                fields=["convention", "organisation"],
                name="party_unique_per_convention",
                violation_error_message=_("Cette organisation est déjà partie à la convention."),
            ),
            bounds.date_constraint("signed_on", "party"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        # The signatory signs for the organisation: they hold a role in it.
        if (
            self.signatory_id
            and self.organisation_id
            and not Affiliation.objects.filter(
                contact_id=self.signatory_id, organisation_id=self.organisation_id
            ).exists()
        ):
            raise ValidationError(
                {
                    "signatory": _(
                        "Ce contact n'occupe aucune fonction dans l'organisation de cette partie : "
                        "ajoutez-lui d'abord une fonction dans cette organisation."
                    )
                }
            )

    def get_absolute_url(self) -> str:
        return (
            reverse("conventions:convention_detail", args=[self.convention_id]) + "#party-section"
        )
