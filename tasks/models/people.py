"""Each user's preferences, digests and notifications, and the beat's heartbeat."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models.tasks import Reminder


class Preference(models.Model):
    """A user's digest time and calendar feed token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    digest_enabled = models.BooleanField(_("recevoir le récapitulatif quotidien"), default=True)
    digest_time = models.TimeField(_("heure du récapitulatif"), default=dt.time(7, 30))
    ics_token = models.CharField(_("jeton du calendrier"), max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("préférences")
        verbose_name_plural = _("préférences")
        constraints = [
            models.UniqueConstraint(
                fields=["ics_token"], condition=~Q(ics_token=""), name="preference_ics_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Digest(models.Model):
    """One daily digest per user and day: a second beat cannot send it twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        EMPTY = "empty", _("Rien à signaler")
        FAILED = "failed", _("Échec")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField(_("jour"))
    status = models.CharField(_("statut"), max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("récapitulatif")
        verbose_name_plural = _("récapitulatifs")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_unique_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.day:%d/%m/%Y}"


class Notification(models.Model):
    """What was mailed to a user, also shown in the app until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("lien"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self) -> str:
        return self.title


class Heartbeat(models.Model):
    """When a scheduled job last ran to its end: beat, the broker and a worker all worked.

    One row per job, overwritten at each run; /sante/ reports the planner's as the last beat
    tick. The planner also keeps here when its last complete pass started (its mark, see
    tasks/services/planner_scope.py)."""

    job = models.CharField(_("tâche planifiée"), max_length=100, unique=True)
    ran_at = models.DateTimeField(_("dernière exécution"))

    class Meta:
        verbose_name = _("battement")
        verbose_name_plural = _("battements")

    def __str__(self) -> str:
        return self.job
