"""Partners: organisations, the people in them, their links and the journal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import HttpsURLField, TimeStampedModel
from core.text import normalize
from partners.fields import CompactIdentifierField
from partners.validators import format_siret, validate_siren, validate_siret

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class Region(models.Model):
    """One of the 18 French regions, with its INSEE code (reference data)."""

    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=60)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """One of the 101 French departments (reference data)."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=60)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


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


class Organisation(TimeStampedModel):
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
        EI = "ei", _("Entreprise d'insertion (EI)")
        ETTI = "etti", _("Entreprise de travail temporaire d'insertion (ETTI)")
        ACI = "aci", _("Atelier et chantier d'insertion (ACI)")
        AI = "ai", _("Association intermédiaire (AI)")
        OTHER = "other", _("Autre")

    PROVIDER_KINDS = (Kind.ESAT, Kind.EA, Kind.EATT, Kind.EI, Kind.ETTI, Kind.ACI, Kind.AI)

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Actif")
        ARCHIVED = "archived", _("Archivé")

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
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("département"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
    description = models.TextField(_("présentation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
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
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_normalized"]
        constraints = [
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
            # Sorted, filtered lists and the duplicate warning on creation.
            models.Index(fields=["status", "name_normalized"], name="organisation_status_name"),
            models.Index(fields=["kind", "status"], name="organisation_kind_status"),
            models.Index(fields=["department", "kind"], name="organisation_dept_kind"),
            models.Index(fields=["region", "kind"], name="organisation_region_kind"),
            models.Index(fields=["siren"], name="organisation_siren"),
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

    def save(self, *args: object, **kwargs: object) -> None:
        if self.siret and not self.siren:
            self.siren = self.siret[:9]
        if self.department_id and not self.region_id:
            self.region_id = self.department.region_id
        self.name_normalized = normalize(self.name)
        self.search_text = normalize(
            f"{self.name} {self.acronym} {self.city} {self.siret} {self.postal_code}"
        )
        super().save(*args, **kwargs)


class Contact(TimeStampedModel):
    """A person; their roles in organisations are affiliations."""

    class Civility(models.TextChoices):
        NONE = "", _("—")
        MADAME = "mme", _("Madame")
        MONSIEUR = "m", _("Monsieur")

    civility = models.CharField(_("civilité"), max_length=3, choices=Civility, blank=True)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email_consent = models.BooleanField(
        _("accepte d'être contacté·e par courriel"),
        default=False,
        help_text=_("Recueilli auprès de la personne ; sans lui, aucun envoi automatique."),
    )
    email_consent_at = models.DateTimeField(_("consentement recueilli le"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_contacts",
        verbose_name=_("chargé·e de relations"),
    )
    name_normalized = models.CharField(max_length=170, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=[*HISTORY_EXCLUDED, "name_normalized"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="contact_email_unique",
                violation_error_message=_("Un contact utilise déjà cette adresse électronique."),
            ),
            models.CheckConstraint(
                condition=Q(email_consent=False) | Q(email_consent_at__isnull=False),
                name="contact_consent_dated",
                violation_error_message=_("Indiquez la date du consentement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("partners:contact_detail", args=[self.pk])

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_normalized = normalize(f"{self.last_name} {self.first_name}")
        super().save(*args, **kwargs)


class Affiliation(TimeStampedModel):
    """A role a contact holds in an organisation, for a period."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("contact")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role_title = models.CharField(_("fonction"), max_length=120)
    email = models.EmailField(_("courriel professionnel"), blank=True)
    phone = models.CharField(_("téléphone professionnel"), max_length=30, blank=True)
    starts_on = models.DateField(_("depuis le"), null=True, blank=True)
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    is_primary = models.BooleanField(_("interlocuteur·rice principal·e"), default=False)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("fonction")
        verbose_name_plural = _("fonctions")
        ordering = ["-is_primary", "contact__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="affiliation_ends_after_start",
                violation_error_message=_("La fin de la fonction doit suivre son début."),
            ),
            models.UniqueConstraint(
                fields=["contact", "organisation", "role_title"],
                condition=Q(ends_on__isnull=True),
                name="affiliation_unique_current",
                violation_error_message=_("Ce contact occupe déjà cette fonction ici."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} — {self.role_title}, {self.organisation}"


class Relationship(TimeStampedModel):
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
    starts_on = models.DateField(_("depuis le"), null=True, blank=True)
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["kind", "target__name_normalized"]
        constraints = [
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


class Interaction(TimeStampedModel):
    """An entry of the relationship journal: a meeting, call, e-mail or event."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Rendez-vous")
        CALL = "call", _("Appel")
        EMAIL = "email", _("Courriel")
        EVENT = "event", _("Événement")

    kind = models.CharField(_("type"), max_length=8, choices=Kind)
    occurred_on = models.DateField(_("date"))
    subject = models.CharField(_("objet"), max_length=200)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    notes = models.TextField(_("compte rendu"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="interactions", verbose_name=_("organisations")
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("contacts")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("auteur·rice"),
    )

    history = HistoricalRecords(
        excluded_fields=HISTORY_EXCLUDED, m2m_fields=[organisations, contacts]
    )

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["-occurred_on"], name="interaction_occurred_on")]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} — {self.subject}"
