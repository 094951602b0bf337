"""The PDFs of a convention and the batches of steering-committee reports."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models.conventions import Convention
from core.models import HISTORY_EXCLUDED, TimeStampedModel


def document_upload_to(instance: Document, filename: str) -> str:
    # Server-chosen names: the uploaded name never reaches the file system.
    return (
        f"conventions/{instance.convention_id}/"
        f"{instance.kind}-v{instance.version}-{instance.checksum[:12]}.pdf"
    )


# What a frozen document can never change: it is the evidence of a signature.
FROZEN_FIELDS = ("convention", "kind", "version", "file", "checksum", "size", "is_frozen")


def frozen_refusal() -> ValidationError:
    return ValidationError(
        _("Ce document est figé par une signature : son fichier et son empreinte ne changent plus.")
    )


class DocumentQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        touched = {Document._meta.get_field(name).name for name in kwargs} & set(FROZEN_FIELDS)
        if touched and self.filter(is_frozen=True).exists():
            raise frozen_refusal()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(is_frozen=True).exists():
            raise ValidationError(
                _("Un document figé par une signature ne peut pas être supprimé.")
            )
        return super().delete()


class Document(TimeStampedModel):
    """A generated or uploaded PDF of a convention; a signed scan is frozen.

    Frozen is for good: `save()`, `delete()` and the queryset refuse to change its file,
    checksum or identity, or to remove it, from any caller, the admin included.
    """

    # Never moved by an edit form, the admin or a revert (core/admin_site.py).
    LIFECYCLE_FIELDS = FROZEN_FIELDS

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Convention (PDF généré)")
        COMMITTEE_REPORT = "committee_report", _("Rapport de comité de pilotage")
        SIGNED_SCAN = "signed_scan", _("Convention signée (scan)")
        OTHER = "other", _("Autre")

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to=document_upload_to, max_length=255)
    checksum = models.CharField(_("empreinte SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("taille (octets)"))
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("produit par"),
    )
    is_frozen = models.BooleanField(_("figé"), default=False)
    notes = models.CharField(_("commentaire"), max_length=250, blank=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["convention", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "kind", "version"],
                name="document_unique_version",
                violation_error_message=_("Cette version du document existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$"),
                name="document_checksum_sha256",
                violation_error_message=_("L'empreinte doit être un SHA-256 hexadécimal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} — {self.convention.reference}"

    def get_absolute_url(self) -> str:
        return reverse("conventions:document_download", args=[self.convention_id, self.pk])

    def stored_frozen(self) -> Document | None:
        """The row as stored, if it is frozen."""
        if self.pk is None:
            return None
        return Document.objects.filter(pk=self.pk, is_frozen=True).first()

    def frozen_changes(self) -> list[str]:
        """The frozen fields this unsaved state would change."""
        stored = self.stored_frozen()
        if stored is None:
            return []
        return [
            name
            for name in FROZEN_FIELDS
            if getattr(self, self._meta.get_field(name).attname)
            != getattr(stored, self._meta.get_field(name).attname)
        ]

    def clean(self) -> None:
        super().clean()
        if self.frozen_changes():
            raise frozen_refusal()

    def save(self, *args: object, **kwargs: object) -> None:
        if self.frozen_changes():
            raise frozen_refusal()
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object):
        if self.stored_frozen() is not None:
            raise ValidationError(
                _("Un document figé par une signature ne peut pas être supprimé.")
            )
        return super().delete(*args, **kwargs)


class ReportBatch(TimeStampedModel):
    """A ZIP of steering-committee reports built by a job; its progress is read by the page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="report_batches",
        verbose_name=_("demandé par"),
    )
    label = models.CharField(_("sélection"), max_length=250, blank=True)
    conventions = models.ManyToManyField(
        Convention, related_name="report_batches", verbose_name=_("conventions")
    )
    status = models.CharField(_("statut"), max_length=8, choices=Status, default=Status.PENDING)
    total = models.PositiveIntegerField(_("nombre de rapports"), default=0)
    done = models.PositiveIntegerField(_("rapports produits"), default=0)
    file = models.FileField(_("archive"), upload_to="batches/", max_length=255, blank=True)
    error = models.CharField(_("erreur"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("lot de rapports")
        verbose_name_plural = _("lots de rapports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="reportbatch_done_within_total",
                violation_error_message=_("Un lot ne peut produire plus de rapports que prévu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label or _('Lot de rapports')} ({self.done}/{self.total})"

    def get_absolute_url(self) -> str:
        return reverse("conventions:report_batch_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def refuse_frozen_delete(sender: type[Document], instance: Document, **kwargs: object) -> None:
    """`pre_delete`: a frozen document never goes, not even with a cascade."""
    if instance.is_frozen:
        raise ValidationError(_("Un document figé par une signature ne peut pas être supprimé."))
