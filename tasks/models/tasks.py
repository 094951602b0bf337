"""Follow-up tasks, reminder rules and the ledger of reminders owed and sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.models import Action
from conventions.models import Convention
from core import bounds
from core.bounds import plausible_date
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    TimeStampedModel,
    VersionedModel,
    long_text_constraints,
)
from partners.models import Organisation

INTERVAL_MESSAGE = _("L'intervalle de récurrence est compris entre 1 et 99.")


class TaskQuerySet(models.QuerySet):
    def open(self) -> TaskQuerySet:
        return self.filter(status=Task.Status.OPEN)

    def overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def editable_by(self, user: settings.AUTH_USER_MODEL) -> TaskQuerySet:
        """Everyone's tasks for those who may change any; one's own otherwise."""
        if user.has_perm("tasks.change_task"):
            return self
        if user.has_perm("tasks.change_own_task"):
            return self.filter(assignee=user)
        return self.none()


class Task(VersionedModel):
    """A follow-up to do by a date, possibly recurring, linked to what it concerns."""

    # Moved by task_complete / task_reopen only (tasks/services/tasks.py).
    LIFECYCLE_FIELDS = ("status", "completed_at")

    class Status(models.TextChoices):
        OPEN = "open", _("À faire")
        DONE = "done", _("Faite")
        CANCELLED = "cancelled", _("Annulée")

    class Recurrence(models.TextChoices):
        NONE = "", _("Aucune")
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")
        MONTHLY = "monthly", _("Chaque mois")
        YEARLY = "yearly", _("Chaque année")

    title = models.CharField(_("intitulé"), max_length=200)
    description = LongTextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("attribuée à"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_tasks",
        verbose_name=_("créée par"),
    )
    due_on = models.DateField(_("échéance"), validators=[plausible_date])
    due_time = models.TimeField(_("heure"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.OPEN)
    completed_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    recurrence = models.CharField(
        _("récurrence"), max_length=8, choices=Recurrence, blank=True, default=Recurrence.NONE
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("tous les"),
        default=1,
        help_text=_("Par exemple 2 avec « chaque semaine » : une semaine sur deux (de 1 à 99)."),
        validators=[
            MinValueValidator(1, message=INTERVAL_MESSAGE),
            MaxValueValidator(bounds.MAX_RECURRENCE_INTERVAL, message=INTERVAL_MESSAGE),
        ],
    )
    recurrence_until = models.DateField(
        _("jusqu'au"), null=True, blank=True, validators=[plausible_date]
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_occurrence",
        verbose_name=_("occurrence précédente"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("organisation"),
    )
    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("convention"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("action"),
    )

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = ["due_on", "due_time", "pk"]
        permissions = [("change_own_task", _("Peut modifier ses propres tâches"))]
        constraints = [
            *long_text_constraints("task", "description"),
            models.CheckConstraint(
                condition=Q(recurrence_interval__gte=1),
                name="task_recurrence_interval_positive",
                violation_error_message=_("L'intervalle de récurrence est d'au moins 1."),
            ),
            models.CheckConstraint(
                condition=~Q(recurrence="") | Q(recurrence_until__isnull=True),
                name="task_until_needs_recurrence",
                violation_error_message=_("Une date de fin n'a de sens qu'avec une récurrence."),
            ),
            models.CheckConstraint(
                condition=Q(recurrence_until__isnull=True)
                | Q(recurrence_until__gte=models.F("due_on")),
                name="task_until_after_due",
                violation_error_message=_("La fin de la récurrence doit suivre l'échéance."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="task_done_has_date",
                violation_error_message=_("Une tâche faite porte sa date de réalisation."),
            ),
            models.CheckConstraint(
                condition=Q(recurrence_interval__lte=bounds.MAX_RECURRENCE_INTERVAL),
                name="task_recurrence_interval_bounded",
                violation_error_message=INTERVAL_MESSAGE,
            ),
            bounds.date_constraint("due_on", "task"),
            bounds.date_constraint("recurrence_until", "task"),
        ]
        indexes = [
            # "My tasks" and the reminder planner: open tasks by assignee and due date.
            models.Index(fields=["assignee", "status", "due_on"], name="task_assignee_status_due"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
            # The task lists' keyset sort: mine, and the team's, by status.
            models.Index(
                fields=["assignee", "status", "due_on", "due_time", "id"],
                name="task_assignee_keyset",
            ),
            models.Index(fields=["status", "due_on", "due_time", "id"], name="task_status_keyset"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:task_detail", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())


class ReminderRule(TimeStampedModel):
    """When a reminder is owed and to whom; defaults, or overrides for one convention."""

    class Event(models.TextChoices):
        TASK_DUE = "task_due", _("Échéance d'une tâche")
        ACTION_DUE = "action_due", _("Échéance d'une action")
        ACTION_LATE = "action_late", _("Action en retard")
        CONVENTION_END = "convention_end", _("Fin d'une convention")
        CONVENTION_NOTICE = "convention_notice", _("Date limite de préavis")

    event = models.CharField(_("événement"), max_length=20, choices=Event)
    days_before = models.PositiveSmallIntegerField(
        _("jours avant"), default=0, help_text=_("0 : le jour même.")
    )
    repeat_every_days = models.PositiveSmallIntegerField(
        _("répéter tous les (jours)"),
        null=True,
        blank=True,
        help_text=_("Pour les retards : 7 relance chaque semaine tant que dure le retard."),
    )
    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_rules",
        verbose_name=_("convention"),
        help_text=_(
            "Vide : règle par défaut. Renseignée : remplace les règles par défaut de cet "
            "événement pour cette convention."
        ),
    )
    notify_assignee = models.BooleanField(
        _("la personne à qui la tâche est attribuée"), default=False
    )
    notify_owner = models.BooleanField(_("le ou la responsable"), default=False)
    notify_coordinator = models.BooleanField(
        _("le coordinateur ou la coordinatrice"), default=False
    )
    notify_party_contacts = models.BooleanField(
        _("les signataires des parties qui ont consenti aux courriels"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("règle de rappel")
        verbose_name_plural = _("règles de rappel")
        ordering = ["event", "-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "days_before"],
                condition=Q(convention__isnull=True),
                name="reminder_rule_unique_default",
                violation_error_message=_("Cette règle par défaut existe déjà."),
            ),
            models.UniqueConstraint(
                fields=["convention", "event", "days_before"],
                condition=Q(convention__isnull=False),
                name="reminder_rule_unique_override",
                violation_error_message=_("Cette règle existe déjà pour cette convention."),
            ),
            models.CheckConstraint(
                condition=Q(repeat_every_days__isnull=True) | Q(repeat_every_days__gte=1),
                name="reminder_rule_repeat_positive",
                violation_error_message=_("La répétition est d'au moins un jour."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} — J-{self.days_before}"


class Reminder(models.Model):
    """One notification owed to one user about one thing for one date (the ledger)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    # e.g. "task_due:task=42:on=2026-11-25:user=7": planning twice inserts nothing new.
    key = models.CharField(_("clé"), max_length=200, unique=True)
    event = models.CharField(_("événement"), max_length=20, choices=ReminderRule.Event)
    rule = models.ForeignKey(
        ReminderRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("destinataire"),
    )
    recipient_email = models.EmailField(
        _("adresse du destinataire"),
        blank=True,
        help_text=_("Pour un contact partenaire sans compte."),
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    about_on = models.DateField(_("date concernée"))
    send_after = models.DateTimeField(_("à envoyer à partir de"))
    status = models.CharField(_("statut"), max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-send_after"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_date",
                violation_error_message=_("Un rappel envoyé porte sa date d'envoi."),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(recipient_email=""),
                name="reminder_has_recipient",
                violation_error_message=_("Un rappel a un destinataire."),
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=False)
                | Q(action__isnull=False)
                | Q(convention__isnull=False),
                name="reminder_has_subject",
                violation_error_message=_(
                    "Un rappel concerne une tâche, une action ou une convention."
                ),
            ),
        ]
        indexes = [
            # The sender's claim: pending reminders whose time has come.
            models.Index(fields=["status", "send_after"], name="reminder_status_send_after"),
            # The claim's order: a recipient's pending reminders side by side.
            models.Index(
                fields=["send_after", "recipient", "recipient_email", "id"],
                condition=Q(status="pending"),
                name="reminder_pending_claim",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def message_id(self) -> str:
        """Stable across retries, so a mail client shows a resent reminder once."""
        return f"<reminder-{self.pk}.{self.key.replace(':', '.').replace('=', '-')}@maillage>"
