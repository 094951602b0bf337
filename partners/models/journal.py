"""The relationship journal: meetings, calls, e-mails and events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
from partners.models.contacts import Contact
from partners.models.organisations import Organisation


class Interaction(VersionedModel):
    """An entry of the relationship journal: a meeting, call, e-mail or event."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Rendez-vous")
        CALL = "call", _("Appel")
        EMAIL = "email", _("Courriel")
        EVENT = "event", _("Événement")

    kind = models.CharField(_("type"), max_length=8, choices=Kind)
    occurred_on = models.DateField(_("date"), validators=[plausible_date])
    subject = models.CharField(_("objet"), max_length=200)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    notes = LongTextField(_("compte rendu"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="interactions", verbose_name=_("organisations")
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("contacts")
    )
    # Indexed by `interaction_author_keyset`, which starts with it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("auteur·rice"),
    )
    # What the journal's search reads, lower-case and accent-free: the subject, the place and
    # the notes (trigram-indexed on PostgreSQL). Derived on save, so the history keeps no copy.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(
        excluded_fields=[*HISTORY_EXCLUDED, "search_text"], m2m_fields=[organisations, contacts]
    )

    class Meta:
        constraints = [
            *long_text_constraints("interaction", "notes"),
            bounds.date_constraint("occurred_on", "interaction"),
        ]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["-occurred_on"], name="interaction_occurred_on"),
            # The journal's keyset sort (newest first), read backwards.
            models.Index(fields=["occurred_on", "id"], name="interaction_occurred_id"),
            # The same sort within one kind of entry, or one author's entries.
            models.Index(fields=["kind", "occurred_on", "id"], name="interaction_kind_keyset"),
            models.Index(fields=["author", "occurred_on", "id"], name="interaction_author_keyset"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} — {self.subject}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = search_text_of(self.subject, self.location, self.notes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"subject", "location", "notes"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:interaction_update", args=[self.pk])


def search_text_of(subject: str, location: str, notes: str) -> str:
    """An entry's searched text; the migration that added it fills it the same way."""
    return normalize(f"{subject} {location} {notes}")
