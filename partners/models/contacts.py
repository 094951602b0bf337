"""People, and the roles they hold in organisations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
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
from core.text import normalize
from partners.models.organisations import Organisation


class Contact(VersionedModel):
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
    notes = LongTextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_contacts",
        verbose_name=_("chargé·e de relations"),
    )
    # Set by the retention job (partners.privacy.contacts_flag_inactive): no activity for
    # RETENTION_INACTIVE_YEARS; the relationship manager keeps or erases the contact.
    inactive_since = models.DateField(
        _("inactif·ve, à revoir depuis le"), null=True, editable=False
    )
    # Indexed by `contact_name_id` below (sort and equality); search has its trigram index.
    name_normalized = models.CharField(max_length=170, editable=False)

    history = HistoricalRecords(
        excluded_fields=[*HISTORY_EXCLUDED, "name_normalized", "inactive_since"]
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # "Nom Prénom" lower-case and accent-free: the order the list reads, on an index.
        ordering = ["name_normalized"]
        permissions = [
            ("export_personal_data", _("Exporter les données personnelles d'un contact")),
            ("erase_contact", _("Effacer un contact (RGPD)")),
        ]
        indexes = [
            # The contact list's keyset sort.
            models.Index(fields=["name_normalized", "id"], name="contact_name_id"),
            # The same for those who accept e-mail (the list's filter), however few they are.
            models.Index(
                fields=["name_normalized", "id"],
                condition=Q(email_consent=True),
                name="contact_consent_name_id",
            ),
        ]
        constraints = [
            *long_text_constraints("contact", "notes"),
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

    def derive(self) -> None:
        """The columns computed from the others; `save()` and bulk imports both call it."""
        self.name_normalized = normalize(f"{self.last_name} {self.first_name}")

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)


class Affiliation(VersionedModel):
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
    starts_on = models.DateField(_("depuis le"), null=True, blank=True, validators=[plausible_date])
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True, validators=[plausible_date])
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
            bounds.date_constraint("starts_on", "affiliation"),
            bounds.date_constraint("ends_on", "affiliation"),
            models.UniqueConstraint(
                fields=["contact", "organisation", "role_title"],
                condition=Q(ends_on__isnull=True),
                name="affiliation_unique_current",
                violation_error_message=_("Ce contact occupe déjà cette fonction ici."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} — {self.role_title}, {self.organisation}"
