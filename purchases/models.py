"""Purchase lines: what a buyer bought from a provider of the sector, one invoice or contract
line each, for one year (and a date when it is known)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import bounds
from core.bounds import not_negative, plausible_date, plausible_year
from core.models import HISTORY_EXCLUDED, VersionedModel
from partners.fields import CompactIdentifierField
from partners.models import Organisation, Trade
from partners.validators import format_siret, validate_siret

# A yearly line has no date: the deduplication key reads this instead (never a real date,
# the bounds refuse it), so two yearly lines that match in all else are the same line.
NO_DATE = dt.date(1, 1, 1)
DUPLICATE_MESSAGE = _(
    "Cet achat est déjà enregistré : même acheteur, même fournisseur, même date (ou année), "
    "même montant et même référence."
)


class Sector(models.TextChoices):
    """Where a supplier stands, from its organisation's kind."""

    STPA = "stpa", _("Secteur protégé et adapté (ESAT, EA, TIH)")
    SIAE = "siae", _("Insertion par l'activité économique (SIAE)")
    OTHER = "other", _("Autre ou prestataire non relié")


class PurchaseQuerySet(models.QuerySet):
    def with_sector(self) -> PurchaseQuerySet:
        """Each line's `sector` (Sector), from its linked supplier's kind."""
        return self.annotate(
            sector=Case(
                When(supplier__kind__in=Organisation.STPA_KINDS, then=Value(Sector.STPA)),
                When(supplier__kind__in=Organisation.SIAE_KINDS, then=Value(Sector.SIAE)),
                default=Value(Sector.OTHER),
                output_field=models.CharField(),
            )
        )

    def in_sector(self, sector: str) -> PurchaseQuerySet:
        if sector == Sector.STPA:
            return self.filter(supplier__kind__in=Organisation.STPA_KINDS)
        if sector == Sector.SIAE:
            return self.filter(supplier__kind__in=Organisation.SIAE_KINDS)
        return self.exclude(supplier__kind__in=Organisation.STPA_KINDS + Organisation.SIAE_KINDS)


class Purchase(VersionedModel):
    """One purchase of a buyer from a supplier: an invoice, an order or a year's total.

    Versioned (core/versioning.py): an edit over a newer version is refused, not lost."""

    class ContractKind(models.TextChoices):
        SUPPLY = "supply", _("Fourniture")
        SERVICE = "service", _("Prestation de service ou sous-traitance")
        STAFF = "staff", _("Mise à disposition de personnel")

    class ReservedMarket(models.TextChoices):
        NONE = "none", _("Non réservé")
        STPA = "L2113-12", _("Réservé aux ESAT et EA (art. L2113-12)")
        SIAE = "L2113-13", _("Réservé aux SIAE (art. L2113-13)")

    class Source(models.TextChoices):
        IMPORT = "import", _("Import")
        SCREEN = "screen", _("Saisie à l'écran")
        API = "api", _("API")

    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("acheteur"),
    )
    supplier_siret = CompactIdentifierField(
        _("SIRET du fournisseur"),
        max_length=14,
        validators=[validate_siret],
        help_text=_("14 chiffres ; relie l'achat au prestataire qui porte ce SIRET (ou ce SIREN)."),
    )
    supplier_name = models.CharField(
        _("fournisseur (nom indiqué)"),
        max_length=200,
        blank=True,
        help_text=_("Le nom du fournisseur tel que l'écrit la pièce comptable."),
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
        verbose_name=_("prestataire"),
        help_text=_("Laissé vide, il est retrouvé par le SIRET, puis par le SIREN."),
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        blank=True,
        validators=[plausible_year],
        help_text=_("Déduite de la date si elle est indiquée."),
    )
    date = models.DateField(_("date"), null=True, blank=True, validators=[plausible_date])
    amount_ht = models.DecimalField(
        _("montant HT (€)"), max_digits=14, decimal_places=2, validators=[not_negative]
    )
    labour_cost = models.DecimalField(
        _("coût de la main-d'œuvre (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
        help_text=_(
            "Prix HT moins matières premières, produits, matériaux, sous-traitance, "
            "consommations intermédiaires et frais de vente : la base de la déduction OETH."
        ),
    )
    trade = models.ForeignKey(
        Trade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("métier"),
    )
    contract_reference = models.CharField(
        _("référence du marché ou de la pièce"), max_length=100, blank=True
    )
    contract_kind = models.CharField(
        _("nature du contrat"), max_length=8, choices=ContractKind, blank=True
    )
    reserved_market = models.CharField(
        _("marché réservé"), max_length=8, choices=ReservedMarket, default=ReservedMarket.NONE
    )
    insertion_hours = models.DecimalField(
        _("heures d'insertion (clause sociale)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[not_negative],
    )
    source = models.CharField(
        _("origine"), max_length=6, choices=Source, default=Source.SCREEN, editable=False
    )

    objects = PurchaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("achat")
        verbose_name_plural = _("achats")
        ordering = ["-year", "-date", "-id"]
        constraints = [
            bounds.not_negative_constraint("amount_ht", "purchase"),
            bounds.not_negative_constraint("labour_cost", "purchase"),
            bounds.not_negative_constraint("insertion_hours", "purchase"),
            bounds.date_constraint("date", "purchase"),
            bounds.year_constraint("year", "purchase"),
            models.CheckConstraint(
                condition=Q(labour_cost__isnull=True) | Q(labour_cost__lte=F("amount_ht")),
                name="purchase_labour_cost_within_amount",
                violation_error_message=_(
                    "Le coût de la main-d'œuvre ne peut dépasser le montant HT."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(year=ExtractYear("date")),
                name="purchase_date_in_year",
                violation_error_message=_("La date doit tomber dans l'année indiquée."),
            ),
            models.CheckConstraint(
                condition=Q(supplier_siret__regex=r"^[0-9]{14}$"),
                name="purchase_supplier_siret_format",
                violation_error_message=_("Le SIRET du fournisseur compte 14 chiffres."),
            ),
            # The import's deduplication: the same line of the same extract is written once.
            models.UniqueConstraint(
                F("buyer"),
                F("supplier_siret"),
                F("year"),
                Coalesce(F("date"), Value(NO_DATE), output_field=models.DateField()),
                F("amount_ht"),
                F("contract_reference"),
                name="purchase_unique_line",
                violation_error_message=DUPLICATE_MESSAGE,
            ),
        ]
        indexes = [
            # The list's keyset sort, newest first, dateless (yearly) lines after the dated
            # ones of their year (`date DESC NULLS LAST`), alone, by buyer (its page's
            # aggregates too) or by provider: SQLite cannot index NULLS LAST, so migration
            # 0001 makes these three on PostgreSQL only.
            # Lines not yet linked, found again when their provider is recorded.
            models.Index(fields=["supplier_siret"], name="purchase_supplier_siret"),
        ]

    def __str__(self) -> str:
        when = f"{self.date:%d/%m/%Y}" if self.date else str(self.year)
        return f"{when} — {self.supplier_label} — {self.amount_ht} € HT"

    def get_absolute_url(self) -> str:
        return reverse("purchases:purchase_update", args=[self.pk])

    @property
    def supplier_label(self) -> str:
        """The linked provider's name, else the name the extract gave, else the SIRET."""
        if self.supplier_id is not None:
            return str(self.supplier)
        return self.supplier_name or format_siret(self.supplier_siret)

    @property
    def supplier_siret_display(self) -> str:
        return format_siret(self.supplier_siret)

    def derive(self) -> None:
        """The year of a dated line; `save()` and the import both call it."""
        if self.date is not None and not self.year:
            self.year = self.date.year

    def clean(self) -> None:
        self.derive()
        errors: dict[str, str] = {}
        if not self.year:
            errors["year"] = _("Indiquez la date de l'achat ou au moins son année.")
        elif self.date is not None and self.date.year != self.year:
            errors["date"] = _("La date doit tomber dans l'année indiquée (%(year)s).") % {
                "year": self.year
            }
        if (
            self.labour_cost is not None
            and self.amount_ht is not None
            and self.labour_cost > self.amount_ht
        ):
            errors["labour_cost"] = _("Le coût de la main-d'œuvre ne peut dépasser le montant HT.")
        supplier = self.supplier if self.supplier_id is not None else None
        siret = self.supplier_siret
        if supplier is not None and supplier.siren and siret and siret[:9] != supplier.siren:
            errors["supplier_siret"] = _(
                "Ce SIRET n'est pas celui de %(name)s (SIREN %(siren)s)."
            ) % {"name": supplier, "siren": supplier.siren}
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)
