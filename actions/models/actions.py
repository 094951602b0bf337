"""Actions of the annexed plan, their comments, and the figures computed from them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_DOWN, Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models import Axis, Convention, Party
from core import bounds
from core.bounds import plausible_date
from core.models import (
    HISTORY_EXCLUDED,
    LongTextField,
    TimeStampedModel,
    VersionedModel,
    long_text_constraints,
)
from core.text import normalize
from partners.models import Affiliation, Contact

# Written with "%%": Django formats a constraint's message (with its name) before showing it,
# and clean() below formats them the same way.
PLANNED_PROGRESS_MESSAGE = _("Une action « À lancer » n'a pas encore avancé : avancement 0 %%.")
DONE_PROGRESS_MESSAGE = _("Une action réalisée est avancée à 100 %%.")
FULL_PROGRESS_MESSAGE = _(
    "Une action avancée à 100 %% est réalisée : choisissez le statut « Réalisée »."
)
PERCENT_MESSAGE = _("L'avancement est un pourcentage entre 0 et 100.")
TARGET_MESSAGE = _("La cible doit différer de la valeur de départ.")


def whole_percent(share: Decimal) -> int:
    """A percentage as a whole number, the one rounding every page and PDF shows.

    An exact half rounds towards zero (37.5 shows 37 %): rounding never claims progress that
    was not made, and 99.5 % does not show as reached.
    """
    return int(share.to_integral_value(rounding=ROUND_HALF_DOWN))


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.exclude(status__in=Action.CLOSED_STATUSES)

    def late(self, today: date | None = None) -> ActionQuerySet:
        """`Action.is_late()` in SQL: open, and due before today (no due date, never late)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Action(VersionedModel):
    """One line of a convention's annex: who does what by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("À lancer")
        IN_PROGRESS = "in_progress", _("En cours")
        BLOCKED = "blocked", _("Bloquée")
        DONE = "done", _("Réalisée")
        CANCELLED = "cancelled", _("Abandonnée")

    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="actions", verbose_name=_("convention")
    )
    axis = models.ForeignKey(
        Axis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("axe"),
    )
    number = models.CharField(_("numéro"), max_length=10, help_text=_("Par exemple 1.2"))
    order = models.PositiveIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=250)
    description = LongTextField(_("description"), blank=True)
    lead_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_actions",
        verbose_name=_("partie pilote"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("responsable (utilisateur·rice)"),
    )
    owner_contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("responsable (contact partenaire)"),
    )
    starts_on = models.DateField(_("début"), null=True, blank=True, validators=[plausible_date])
    due_on = models.DateField(_("échéance"), null=True, blank=True, validators=[plausible_date])
    status = models.CharField(_("statut"), max_length=12, choices=Status, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"),
        default=0,
        validators=[MaxValueValidator(100, message=PERCENT_MESSAGE)],
    )
    completed_on = models.DateField(
        _("réalisée le"), null=True, blank=True, validators=[plausible_date]
    )
    # Lower-case, accent-free title: "marches" finds "marchés" (trigram-indexed on PostgreSQL).
    title_normalized = models.CharField(max_length=250, editable=False, default="")

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*HISTORY_EXCLUDED, "title_normalized"])

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["convention", "order", "number"]
        constraints = [
            *long_text_constraints("action", "description"),
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="action_unique_number",
                violation_error_message=_("Cette convention a déjà une action portant ce numéro."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_percent",
                violation_error_message=PERCENT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(due_on__gte=F("starts_on")),
                name="action_due_after_start",
                violation_error_message=_("L'échéance doit suivre le début de l'action."),
            ),
            models.CheckConstraint(
                condition=Q(owner_user__isnull=True) | Q(owner_contact__isnull=True),
                name="action_single_owner",
                violation_error_message=_(
                    "Le responsable est soit un·e utilisateur·rice, soit un contact partenaire."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="action_done_has_date",
                violation_error_message=_("Une action réalisée porte sa date de réalisation."),
            ),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(progress=0),
                name="action_planned_not_started",
                violation_error_message=PLANNED_PROGRESS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100),
                name="action_done_complete",
                violation_error_message=DONE_PROGRESS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(progress__lt=100) | Q(status__in=["done", "cancelled"]),
                name="action_complete_is_closed",
                violation_error_message=FULL_PROGRESS_MESSAGE,
            ),
            *(
                bounds.date_constraint(field, "action")
                for field in ("starts_on", "due_on", "completed_on")
            ),
        ]
        indexes = [
            # "Late" and "due soon" queries: open actions by due date.
            models.Index(fields=["status", "due_on"], name="action_status_due_on"),
            models.Index(fields=["owner_user", "status", "due_on"], name="action_owner_due_on"),
            # The list's keyset sorts by due date (empty dates last either way), and by status.
            # NULLs last ascending is PostgreSQL's default; the descending twin, NULLS LAST,
            # which SQLite cannot index, is made by migration on PostgreSQL only.
            models.Index(fields=["due_on", "id"], name="action_due_id"),
            models.Index(fields=["status", "due_on", "id"], name="action_status_due_id"),
            # "Mes actions" in due order: read by the due index, someone with no action
            # made PostgreSQL walk every action of every convention.
            models.Index(fields=["owner_user", "due_on", "id"], name="action_owner_due_id"),
            # The search's other half (`number = word`), beside the title's trigram index.
            models.Index(fields=["number"], name="action_number"),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.title_normalized = normalize(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_normalized"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Neither done nor cancelled: `ActionQuerySet.open()` for one row."""
        return self.status not in self.CLOSED_STATUSES

    def is_late(self, today: date | None = None) -> bool:
        """Late is derived, never stored: open, and due before today (Europe/Paris).

        `ActionQuerySet.late()` is the same rule in SQL; a test holds the two together.
        """
        if not self.is_open or self.due_on is None:
            return False
        return self.due_on < (today or timezone.localdate())

    @property
    def owner_display(self) -> str:
        return str(self.owner_user or self.owner_contact or "")

    @property
    def measurements(self) -> models.QuerySet:
        # Looked up by name: indicators.py imports this module.
        return apps.get_model("actions", "Measurement").objects.filter(indicator__action=self)

    def clean(self) -> None:
        errors = {}
        if self.axis_id and self.axis.convention_id != self.convention_id:
            errors["axis"] = _("Cet axe appartient à une autre convention.")
        if self.lead_party_id and self.lead_party.convention_id != self.convention_id:
            errors["lead_party"] = _("Cette partie n'est pas partie à la convention.")
        # Beyond 100 the percentage validator speaks; coherence is judged within 0–100.
        if isinstance(self.progress, int) and 0 <= self.progress <= 100:
            message = None
            if self.status == self.Status.PLANNED and self.progress != 0:
                message = PLANNED_PROGRESS_MESSAGE
            elif self.status == self.Status.DONE and self.progress != 100:
                message = DONE_PROGRESS_MESSAGE
            elif self.progress >= 100 and self.status not in self.CLOSED_STATUSES:
                message = FULL_PROGRESS_MESSAGE
            if message:
                errors["progress"] = ValidationError(message, params={"field": "progress"})
        if self.owner_contact_id and not self.owner_user_id and "lead_party" not in errors:
            errors.update(self._owner_contact_errors())
        if errors:
            raise ValidationError(errors)

    def _owner_contact_errors(self) -> dict:
        # A partner's contact answers for the action in the name of their organisation.
        if self.lead_party_id:
            organisations = [self.lead_party.organisation_id]
            message = _(
                "Ce contact n'occupe aucune fonction dans l'organisation de la partie pilote."
            )
        else:
            organisations = list(
                Party.objects.filter(convention_id=self.convention_id).values_list(
                    "organisation_id", flat=True
                )
            )
            message = _(
                "Ce contact n'occupe aucune fonction dans une organisation partie à la convention."
            )
        held = Affiliation.objects.filter(
            contact_id=self.owner_contact_id, organisation_id__in=organisations
        ).exists()
        return {} if held else {"owner_contact": message}


def average_progress(actions: Iterable[Action]) -> int:
    """An axis's (or a plan's) progress: the mean of its actions' progress, in whole percent.

    Cancelled actions are left out: they will never progress and would drag the mean down.
    0 when no action counts. The convention page, the annex and the committee report use this.
    """
    counted = [action.progress for action in actions if action.status != Action.Status.CANCELLED]
    if not counted:
        return 0
    return whole_percent(Decimal(sum(counted)) / len(counted))


class ActionComment(TimeStampedModel):
    """A dated remark on an action's progress, for the steering committee."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="comments", verbose_name=_("action")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_comments",
        verbose_name=_("auteur·rice"),
    )
    body = LongTextField(_("commentaire"))

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        constraints = [*long_text_constraints("actioncomment", "body")]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["action", "-created_at"]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.action_id])
