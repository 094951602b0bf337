"""The record of two organisations (or two contacts) merged into one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Merge(models.Model):
    """One duplicate merged into the record kept: who, when, what moved. A ledger: never edited.

    The merged-away record is deleted once everything pointing to it has moved; its history
    rows stay, and the kept record's page shows them through this row.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        CONTACT = "contact", _("Contact")

    kind = models.CharField(_("nature"), max_length=12, choices=Kind)
    kept_id = models.BigIntegerField(_("fiche conservée"))
    removed_id = models.BigIntegerField(_("fiche fusionnée"))
    removed_label = models.CharField(_("nom de la fiche fusionnée"), max_length=250)
    # {"Parties (organisation)": 3, …}: what moved, as the preview counted it.
    moved = models.JSONField(_("rattachements déplacés"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("fusionnée par"),
    )
    merged_at = models.DateTimeField(_("fusionnée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fusion")
        verbose_name_plural = _("fusions")
        ordering = ["-merged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "removed_id"],
                name="merge_removed_once",
                violation_error_message=_("Cette fiche a déjà été fusionnée."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "kept_id"], name="merge_kind_kept")]

    def __str__(self) -> str:
        return f"{self.removed_label} → #{self.kept_id}"
