"""Writes on the action plan: closing, reordering, comments and measurements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActionComment, Indicator, Measurement
from conventions.models import Axis, Convention, Party
from core import versioning
from core.models import User
from core.versioning import ConflictError, conflict_message

__all__ = [
    "ConflictError",
    "action_close",
    "action_move",
    "actions_carry_over",
    "comment_add",
    "measurement_record",
]


@transaction.atomic
def action_close(*, action: Action, by: User, expected_version: int | None = None) -> Action:
    """Mark an action done today, at 100 %."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(conflict_message(locked), code="conflict")
    if locked.status == Action.Status.DONE:
        raise ValidationError(_("Cette action est déjà réalisée."))
    locked.status = Action.Status.DONE
    locked.progress = 100
    locked.completed_on = timezone.localdate()
    versioning.bump(locked)
    locked._history_user = by
    locked._change_reason = _("Action réalisée")
    locked.save()
    return locked


@transaction.atomic
def action_move(*, action: Action, by: User, direction: str) -> None:
    """Swap an action with its neighbour in the annex order; renumbers the order 1..n."""
    siblings = list(
        Action.objects.select_for_update()
        .filter(convention_id=action.convention_id)
        .order_by("order", "number", "pk")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == action.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        raise ValidationError(_("Cette action est déjà à cette extrémité du plan."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, 1):
        if sibling.order != position:
            sibling.order = position
            versioning.bump(sibling)
            sibling._history_user = by
            sibling._change_reason = _("Ordre du plan d'action")
            sibling.save()


def actions_carry_over(
    *,
    predecessor: Convention,
    successor: Convention,
    parties: dict[int, Party],
    axes: dict[int, Axis],
    by: User,
    reason: str,
    **_signal: object,
) -> None:
    """A renewal's successor takes the open actions, on its own copies of their axis and party.

    Connected to `conventions.signals.convention_renewed`, inside the renewal's transaction.
    """
    for action in Action.objects.filter(convention=predecessor).open():
        action.pk = None
        action._state.adding = True
        action.convention = successor
        action.axis = axes.get(action.axis_id)
        action.lead_party = parties.get(action.lead_party_id)
        action.version = 1
        action._history_user = by
        action._change_reason = reason
        action.save()


def comment_add(*, action: Action, by: User, body: str) -> ActionComment:
    if not body.strip():
        raise ValidationError({"body": _("Le commentaire est vide.")})
    comment = ActionComment(action=action, author=by, body=body.strip())
    comment._history_user = by
    comment.save()
    return comment


@transaction.atomic
def measurement_record(
    *, indicator: Indicator, by: User, measured_on: date, value: Decimal, comment: str = ""
) -> Measurement:
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("Une mesure ne peut être datée dans le futur.")})
    if indicator.measurements.filter(measured_on=measured_on).exists():
        raise ValidationError(
            {"measured_on": _("Une mesure existe déjà à cette date pour cet indicateur.")}
        )
    measurement = Measurement(
        indicator=indicator, measured_on=measured_on, value=value, comment=comment, recorded_by=by
    )
    measurement.full_clean()
    measurement._history_user = by
    measurement.save()
    return measurement
