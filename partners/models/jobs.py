"""Imports and exports of lists run as jobs: the user may leave the page and come back."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import ProgressJob


class DataJob(ProgressJob):
    """One import (checked, then written once confirmed) or one export of a list."""

    class Operation(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Subject(models.TextChoices):
        """What an export holds; an import's subject is its kind (partners/import_kinds.py)."""

        ORGANISATIONS = "organisations", _("Organisations")
        CONTACTS = "contacts", _("Contacts")
        PROVIDERS = "providers", _("Prestataires")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        CHECKING = "checking", _("Vérification en cours")
        CHECKED = "checked", _("Vérifié, à confirmer")
        INVALID = "invalid", _("Erreurs : rien n'a été importé")
        WRITE_QUEUED = "queued", _("Enregistrement demandé")
        WRITING = "writing", _("Enregistrement en cours")
        EXPORTING = "export", _("Export en cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    # Written inside one transaction: the progress is read from the cache meanwhile.
    LIVE_STATUSES = (Status.WRITING,)
    RUNNING_STATUSES = (
        Status.PENDING,
        Status.CHECKING,
        Status.WRITE_QUEUED,
        Status.WRITING,
        Status.EXPORTING,
    )

    operation = models.CharField(_("opération"), max_length=6, choices=Operation)
    # No choices: an upper app's import kind is a subject too (`subject_label`).
    subject = models.CharField(_("contenu"), max_length=13)
    status = models.CharField(_("statut"), max_length=8, choices=Status, default=Status.PENDING)
    reference = models.CharField(_("référence"), max_length=40, unique=True)
    # The uploaded file (an import) and the file produced (an export).
    source = models.FileField(
        _("fichier importé"), upload_to="imports/", max_length=255, blank=True
    )
    source_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    result = models.FileField(
        _("fichier produit"), upload_to="exports/", max_length=255, blank=True
    )
    file_format = models.CharField(_("format"), max_length=4, blank=True)
    # An export's filters, as the list's query string.
    query = models.CharField(_("filtres"), max_length=2000, blank=True)
    # The check's outcome: counts, the first errors and skipped rows (bounded).
    summary = models.JSONField(_("compte rendu"), default=dict, blank=True)
    # What the import was asked beside its file (the buyer of every purchase line).
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta(ProgressJob.Meta):
        verbose_name = _("import ou export")
        verbose_name_plural = _("imports et exports")
        ordering = ["-created_at"]
        indexes = [
            # Serves each user's list of jobs, newest first (keyset on created_at, id).
            models.Index(
                fields=["requested_by", "-created_at", "-id"], name="datajob_user_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("partners:datajob_detail", args=[self.pk])

    @property
    def subject_label(self) -> str:
        """ "Achats", "Contacts": an import's kind, else what the export holds."""
        from partners.export_kinds import registry as exports
        from partners.import_kinds import registry

        kind = registry.find(self.subject) if self.is_import else None
        if kind is not None:
            return str(kind.subject_label)
        export = None if self.is_import else exports.find(self.subject)
        if export is not None:
            return str(export.label)
        try:
            return str(self.Subject(self.subject).label)
        except ValueError:
            return self.subject

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATUSES

    @property
    def is_import(self) -> bool:
        return self.operation == self.Operation.IMPORT

    @property
    def progress_label(self) -> str:
        if self.status == self.Status.WRITING and self.summary.get("stage") == "check":
            return str(_("Lignes revérifiées avant l'écriture"))
        writes = (self.Status.WRITE_QUEUED, self.Status.WRITING)
        if self.status in writes or (self.is_import and self.status == self.Status.DONE):
            return str(_("Lignes enregistrées"))
        if self.operation == self.Operation.EXPORT:
            return str(_("Lignes exportées"))
        return str(_("Lignes vérifiées"))
