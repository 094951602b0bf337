"""Organisations of the sector and the trades providers offer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    HISTORY_EXCLUDED,
    HttpsURLField,
    LongTextField,
    TimeStampedModel,
    VersionedModel,
    long_text_constraints,
)
from core.text import normalize
from partners.fields import CompactIdentifierField
from partners.models.territories import Department, Region
from partners.validators import format_siret, validate_siren, validate_siret


class Trade(TimeStampedModel):
    """A trade (métier) a provider offers: laundry, catering, green spaces…"""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    name_normalized = models.CharField(max_length=120, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("métier")
        verbose_name_plural = _("métiers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_normalized = normalize(self.name)
        super().save(*args, **kwargs)


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> OrganisationQuerySet:
        """What lists and search show: everything but the archived."""
        return self.exclude(status=Organisation.Status.ARCHIVED)

    def providers(self) -> OrganisationQuerySet:
        return self.filter(kind__in=Organisation.PROVIDER_KINDS)

    def search(self, text: str) -> OrganisationQuerySet:
        """Accent- and case-insensitive match on name, acronym, city and SIRET."""
        words = normalize(text).split()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Organisation(VersionedModel):
    """A network, federation, buyer, funder or provider of the sector."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Réseau")
        FEDERATION = "federation", _("Fédération / association gestionnaire")
        PUBLIC_BUYER = "public_buyer", _("Acheteur public")
        PRIVATE_BUYER = "private_buyer", _("Acheteur privé")
        FUNDER = "funder", _("Financeur")
        ESAT = "esat", _("ESAT")
        EA = "ea", _("Entreprise adaptée (EA)")
        EATT = "eatt", _("EA de travail temporaire (EATT)")
        TIH = "tih", _("Travailleur indépendant handicapé (TIH)")
        EI = "ei", _("Entreprise d'insertion (EI)")
        ETTI = "etti", _("Entreprise de travail temporaire d'insertion (ETTI)")
        ACI = "aci", _("Atelier et chantier d'insertion (ACI)")
        AI = "ai", _("Association intermédiaire (AI)")
        OTHER = "other", _("Autre")

    # The sheltered and adapted sector (secteur du travail protégé et adapté), with the
    # self-employed disabled workers whose sales count like theirs; then the IAE structures.
    STPA_KINDS = (Kind.ESAT, Kind.EA, Kind.EATT, Kind.TIH)
    SIAE_KINDS = (Kind.EI, Kind.ETTI, Kind.ACI, Kind.AI)
    PROVIDER_KINDS = STPA_KINDS + SIAE_KINDS

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Actif")
        ARCHIVED = "archived", _("Archivé")

    # Archiving and unarchiving are services (partners/services.py): a restore keeps them.
    LIFECYCLE_FIELDS = ("status", "archived_at")

    name = models.CharField(_("raison sociale"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.ACTIVE)
    siret = CompactIdentifierField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres ; les espaces sont acceptés."),
    )
    siren = CompactIdentifierField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("9 chiffres ; déduit du SIRET s'il est vide."),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    # No index of their own: `organisation_dept_kind` and `organisation_region_kind` start
    # with them, and every index more slows an import's write.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="organisations",
        verbose_name=_("département"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="organisations",
        verbose_name=_("région"),
        help_text=_("Déduite du département s'il est renseigné."),
    )
    trades = models.ManyToManyField(
        Trade, blank=True, related_name="organisations", verbose_name=_("métiers")
    )
    workforce = models.PositiveIntegerField(
        _("effectif"),
        null=True,
        blank=True,
        help_text=_("Nombre de travailleurs, pour estimer la capacité d'un prestataire."),
    )
    website = HttpsURLField(_("site web"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    description = LongTextField(_("présentation"), blank=True)
    # Indexed by `organisation_owner_name` below, which starts with it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="owned_organisations",
        verbose_name=_("chargé·e de relations"),
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    # Lower-case, accent-free copies so that search works the same on every database.
    name_normalized = models.CharField(max_length=200, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[*HISTORY_EXCLUDED, "name_normalized", "search_text"],
        m2m_fields=[trades],
        # The history is read by organisation and date, never by territory or owner.
        no_db_index=["department", "region", "owner"],
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_normalized"]
        constraints = [
            *long_text_constraints("organisation", "description"),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message=_("Une organisation porte déjà ce SIRET."),
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="organisation_siret_format",
                violation_error_message=_("Le SIRET compte 14 chiffres."),
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"),
                name="organisation_siren_format",
                violation_error_message=_("Le SIREN compte 9 chiffres."),
            ),
            models.CheckConstraint(
                condition=Q(status="archived", archived_at__isnull=False)
                | (~Q(status="archived") & Q(archived_at__isnull=True)),
                name="organisation_archived_has_date",
                violation_error_message=_("Une organisation archivée porte sa date d'archivage."),
            ),
        ]
        indexes = [
            # Sorted, filtered lists and the duplicate warning on creation. Each index costs
            # an import's write about a tenth of a second per 10,000 rows: a type filter is
            # served by `org_active_kind` below (or this first one for the archived).
            models.Index(fields=["status", "name_normalized"], name="organisation_status_name"),
            models.Index(fields=["department", "kind"], name="organisation_dept_kind"),
            models.Index(fields=["region", "kind"], name="organisation_region_kind"),
            models.Index(fields=["siren"], name="organisation_siren"),
            # One person's organisations in name order (the owner filter), and the owner's
            # own index (a user's deletion empties the column).
            models.Index(fields=["owner", "name_normalized", "id"], name="organisation_owner_name"),
            # The list's keyset sorts over what it shows (not archived), each ending on the id.
            *[
                models.Index(
                    fields=[column, "id"],
                    condition=~Q(status="archived"),
                    name=f"org_active_{column}",
                )
                for column in ("name_normalized", "city", "kind", "updated_at")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", args=[self.pk])

    @property
    def siret_display(self) -> str:
        return format_siret(self.siret)

    @property
    def is_provider(self) -> bool:
        return self.kind in self.PROVIDER_KINDS

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError(
                {"siren": _("Le SIREN doit être les 9 premiers chiffres du SIRET.")}
            )
        if self.department_id and self.region_id and self.department.region_id != self.region_id:
            raise ValidationError({"region": _("Ce département n'est pas dans cette région.")})

    def derive(self) -> None:
        """The columns computed from the others; `save()` and bulk imports both call it."""
        if self.siret and not self.siren:
            self.siren = self.siret[:9]
        if self.department_id and not self.region_id:
            self.region_id = self.department.region_id
        self.name_normalized = normalize(self.name)
        # The name normalised once (normalising is per word): an import derives 50,000.
        rest = normalize(f"{self.acronym} {self.city} {self.siret} {self.postal_code}")
        self.search_text = f"{self.name_normalized} {rest}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)
