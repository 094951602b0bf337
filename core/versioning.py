"""Optimistic locking for edit forms: a save over a newer version is refused, not lost.

A versioned model carries `version = models.PositiveIntegerField(default=1, editable=False)`
and `HistoricalRecords`, which name who saved last.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.models import User


class ConflictError(ValidationError):
    """Someone saved the object after the user opened it."""


def conflict_message(instance: models.Model) -> str:
    """Who changed `instance` last, and when, in a sentence."""
    last = (
        instance.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if last is None:
        return _("Cet élément a été modifié par ailleurs pendant votre saisie.")
    when = formats.date_format(timezone.localtime(last.history_date), "d/m/Y à H:i")
    who = str(last.history_user) if last.history_user else _("un traitement automatique")
    return _(
        "Modifié par %(who)s le %(when)s, après l'ouverture de votre formulaire. "
        "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez à nouveau "
        "pour remplacer cette version."
    ) % {"who": who, "when": when}


@transaction.atomic
def versioned_save(
    *, instance: models.Model, expected_version: int, by: User, reason: str = ""
) -> models.Model:
    """Save an edit only if nobody saved the row since `expected_version` was read."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise ConflictError(conflict_message(current), code="conflict")
    instance.version = current.version + 1
    instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance
