"""Conventions, their references, and the axes and articles they are written in."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models.programmes import Programme
from conventions.models.search import party_texts, search_text_of
from core import bounds
from core.bounds import not_negative, plausible_date
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    VersionedModel,
    long_text_constraints,
)
from core.text import normalize

NOTICE_MESSAGE = _("Le préavis est de 3650 jours (dix ans) au plus.")
RENEWAL_MESSAGE = _("La durée de reconduction est comprise entre 1 et 120 mois.")


class ReferenceCounter(models.Model):
    """The last convention number used in a year, so references never collide."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de références")

    def __str__(self) -> str:
        return f"{self.year} : {self.last}"


class ConventionQuerySet(models.QuerySet):
    def signed(self) -> ConventionQuerySet:
        return self.filter(Q(signed_on__isnull=False) | Q(status__in=Convention.SIGNED_STATUSES))

    def refuse_evidence_delete(self) -> None:
        """Refuse, before anything is deleted, to remove signed conventions or signed scans."""
        if self.signed().exists():
            raise ValidationError(_("Une convention signée ne peut pas être supprimée."))
        if self.filter(documents__is_frozen=True).exists():
            raise ValidationError(
                _("Une convention qui porte un document signé ne peut pas être supprimée.")
            )

    def delete(self) -> tuple[int, dict[str, int]]:
        self.refuse_evidence_delete()
        return super().delete()

    def current(self) -> ConventionQuerySet:
        """Signed or running conventions: those that can expire or be renewed."""
        return self.filter(status__in=[Convention.Status.SIGNED, Convention.Status.ACTIVE])

    def ending_within(self, days: int, today: date | None = None) -> ConventionQuerySet:
        """Current conventions whose end date or notice deadline falls within `days`."""
        today = today or timezone.localdate()
        horizon = today + timedelta(days=days)
        return self.current().filter(
            Q(ends_on__lte=horizon) | Q(notice_deadline__lte=horizon), ends_on__gte=today
        )


class Convention(VersionedModel):
    """A partnership agreement between two or more organisations."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("Convention de partenariat")
        FRAMEWORK = "framework", _("Convention-cadre")
        FUNDING = "funding", _("Convention de financement")
        AMENDMENT = "amendment", _("Avenant")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        NEGOTIATION = "negotiation", _("En négociation")
        SIGNED = "signed", _("Signée")
        ACTIVE = "active", _("En cours")
        EXPIRED = "expired", _("Échue")
        TERMINATED = "terminated", _("Résiliée")
        RENEWED = "renewed", _("Renouvelée")
        ABANDONED = "abandoned", _("Abandonnée")

    SIGNED_STATUSES = (Status.SIGNED, Status.ACTIVE, Status.EXPIRED, Status.RENEWED)
    # Moved by the services only (sign, activate, terminate, renew): never by an edit form,
    # the admin or a revert (core/admin_site.py, core/history.py).
    LIFECYCLE_FIELDS = (
        "status",
        "signed_on",
        "terminated_on",
        "termination_reason",
        "abandon_reason",
    )
    # Never signed: parties, axes and articles may still change.
    OPEN_TEXT_STATUSES = (Status.DRAFT, Status.NEGOTIATION, Status.ABANDONED)

    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=250)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind, default=Kind.PARTNERSHIP)
    status = models.CharField(_("statut"), max_length=12, choices=Status, default=Status.DRAFT)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name=_("programme"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("convention modifiée"),
        help_text=_("Pour un avenant : la convention qu'il modifie."),
    )
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("convention renouvelée"),
    )
    preamble = LongTextField(_("préambule"), blank=True)
    purpose = LongTextField(_("objet"), blank=True)
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    signed_on = models.DateField(_("signée le"), null=True, blank=True, validators=[plausible_date])
    starts_on = models.DateField(
        _("prend effet le"), null=True, blank=True, validators=[plausible_date]
    )
    ends_on = models.DateField(
        _("prend fin le"), null=True, blank=True, validators=[plausible_date]
    )
    tacit_renewal = models.BooleanField(_("reconduction tacite"), default=False)
    renewal_months = models.PositiveSmallIntegerField(
        _("durée de reconduction (mois)"),
        default=12,
        help_text=_("Durée de chaque période de reconduction, de 1 à 120 mois."),
        validators=[
            MinValueValidator(1, message=RENEWAL_MESSAGE),
            MaxValueValidator(bounds.MAX_RENEWAL_MONTHS, message=RENEWAL_MESSAGE),
        ],
    )
    notice_days = models.PositiveSmallIntegerField(
        _("préavis (jours)"),
        default=0,
        help_text=_(
            "Délai avant l'échéance pour dénoncer ou renouveler la convention ; "
            "il ne dépasse pas la durée de la convention."
        ),
        validators=[MaxValueValidator(bounds.MAX_NOTICE_DAYS, message=NOTICE_MESSAGE)],
    )
    # Stored (not only computed) so reminders and the "à renouveler" view can filter on it.
    notice_deadline = models.DateField(_("date limite de préavis"), null=True, editable=False)
    terminated_on = models.DateField(
        _("résiliée le"), null=True, blank=True, validators=[plausible_date]
    )
    termination_reason = LongTextField(_("motif de résiliation"), blank=True)
    abandon_reason = LongTextField(_("motif d'abandon"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_conventions",
        verbose_name=_("chargé·e de relations"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_conventions",
        verbose_name=_("coordinateur·rice"),
    )
    title_normalized = models.CharField(max_length=250, editable=False, default="")
    # What the list's search reads, normalised: the title, the reference and each party's
    # organisation as it is searched itself (name, acronym, town, SIRET). Kept up to date
    # by `search_text_refresh` when a party or its organisation changes (conventions/apps.py):
    # matching the parties at search time read every party of every convention.
    search_text = models.TextField(editable=False, default="")

    objects = ConventionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[*HISTORY_EXCLUDED, "title_normalized", "search_text"]
    )

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-reference"]
        constraints = [
            *long_text_constraints(
                "convention", "preamble", "purpose", "termination_reason", "abandon_reason"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="convention_ends_after_start",
                violation_error_message=_("La fin de la convention doit suivre sa prise d'effet."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "negotiation", "terminated", "abandoned"])
                | Q(signed_on__isnull=False),
                name="convention_signed_has_date",
                violation_error_message=_("Une convention signée porte sa date de signature."),
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(terminated_on__isnull=False),
                name="convention_terminated_has_date",
                violation_error_message=_("Une convention résiliée porte sa date de résiliation."),
            ),
            models.CheckConstraint(
                condition=~Q(status="abandoned") | ~Q(abandon_reason=""),
                name="convention_abandoned_has_reason",
                violation_error_message=_("Une convention abandonnée porte le motif de l'abandon."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="amendment") | Q(parent__isnull=False),
                name="convention_amendment_has_parent",
                violation_error_message=_("Un avenant se rattache à la convention qu'il modifie."),
            ),
            models.CheckConstraint(
                condition=Q(renewal_months__gte=1),
                name="convention_renewal_months_positive",
                violation_error_message=_("La durée de reconduction est d'au moins un mois."),
            ),
            models.CheckConstraint(
                condition=Q(renewal_months__lte=bounds.MAX_RENEWAL_MONTHS),
                name="convention_renewal_months_bounded",
                violation_error_message=RENEWAL_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(notice_days__lte=bounds.MAX_NOTICE_DAYS),
                name="convention_notice_days_bounded",
                violation_error_message=NOTICE_MESSAGE,
            ),
            bounds.not_negative_constraint("amount", "convention"),
            *(
                bounds.date_constraint(field, "convention")
                for field in ("signed_on", "starts_on", "ends_on", "terminated_on")
            ),
        ]
        indexes = [
            # Reminders and the "à renouveler" view: current conventions by deadline.
            models.Index(fields=["status", "ends_on"], name="convention_status_ends_on"),
            models.Index(fields=["status", "notice_deadline"], name="convention_status_notice"),
            models.Index(fields=["title_normalized"], name="convention_title_norm"),
            # The list's keyset sorts (the reference is unique, hence indexed, already).
            models.Index(fields=["title_normalized", "id"], name="convention_title_id"),
            models.Index(fields=["status", "id"], name="convention_status_id"),
            # NULLs last ascending is PostgreSQL's default; the descending twin, NULLS LAST,
            # which SQLite cannot index, is made by migration on PostgreSQL only.
            models.Index(fields=["ends_on", "id"], name="convention_ends_id"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def is_signed(self) -> bool:
        """Signed once: its signed documents are evidence, so it is never deleted."""
        return self.signed_on is not None or self.status in self.SIGNED_STATUSES

    def delete(self, *args: object, **kwargs: object):
        if self.pk:
            Convention.objects.filter(pk=self.pk).refuse_evidence_delete()
        return super().delete(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conventions:convention_detail", args=[self.pk])

    @property
    def text_locked(self) -> bool:
        """Signed (or past): parties, axes and articles no longer change but by amendment."""
        return self.status not in self.OPEN_TEXT_STATUSES

    @property
    def can_be_amended(self) -> bool:
        """`conventions.services.amendment_create` accepts it."""
        return self.kind != self.Kind.AMENDMENT and self.status in (
            self.Status.SIGNED,
            self.Status.ACTIVE,
        )

    def compute_notice_deadline(self) -> date | None:
        if not self.ends_on:
            return None
        try:
            return self.ends_on - timedelta(days=self.notice_days)
        except (OverflowError, TypeError):
            # Only reachable by values clean() refuses; the save then fails on its bounds.
            return None

    def clean(self) -> None:
        # The notice runs inside the convention: its deadline never precedes the start.
        if (
            self.starts_on
            and self.ends_on
            and isinstance(self.notice_days, int)
            and self.ends_on >= self.starts_on
            and self.notice_days > (self.ends_on - self.starts_on).days
        ):
            raise ValidationError(
                {
                    "notice_days": _(
                        "Le préavis (%(notice)s jours) dépasse la durée de la convention "
                        "(%(days)s jours) : sa date limite tomberait avant la prise d'effet."
                    )
                    % {"notice": self.notice_days, "days": (self.ends_on - self.starts_on).days}
                }
            )

    def _reference_year(self) -> int:
        for day in (self.signed_on, self.starts_on):
            if day:
                return day.year
        return timezone.localdate().year

    def save(self, *args: object, **kwargs: object) -> None:
        self.notice_deadline = self.compute_notice_deadline()
        self.title_normalized = normalize(self.title)
        if not self.reference:
            with transaction.atomic():
                self.reference = next_reference(self._reference_year())
                self.search_text = self._search_text()
                super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "reference"} & set(update_fields):
            self.search_text = self._search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "title_normalized", "search_text"}
        super().save(*args, **kwargs)

    def _search_text(self) -> str:
        parties = [] if self.pk is None else party_texts([self.pk]).get(self.pk, [])
        return search_text_of(self.title, self.reference, parties)


def refuse_signed_delete(sender: type[Convention], instance: Convention, **kwargs: object) -> None:
    """`pre_delete`: a signed convention never goes, whatever deletes it."""
    if instance.is_signed:
        raise ValidationError(_("Une convention signée ne peut pas être supprimée."))


def next_reference(year: int) -> str:
    """CONV-2017-0004: the next number of the year, claimed under a row lock."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return f"CONV-{year}-{counter.last:04d}"
