"""Optimistic locking for edit forms: a save over a newer version is refused, not lost.

A versioned model carries `version = models.PositiveIntegerField(default=1, editable=False)`
and `HistoricalRecords`, which name who saved last and what they changed. Organisations,
contacts, tasks, conventions and actions are versioned; their edit forms use
`core.forms.VersionedFormMixin`.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.models import User

# Internal columns a user never edits: not worth naming in a conflict.
UNNAMED_FIELDS = {"version", "updated_at", "created_at"}


class ConflictError(ValidationError):
    """Someone saved the object after the user opened it."""


def _changed_fields(instance: models.Model, last: models.Model) -> list[str]:
    """The labels of the fields the latest history row changed (two queries at most)."""
    previous = last.prev_record
    if previous is None:
        return []
    labels = []
    for change in last.diff_against(previous).changes:
        if change.field in UNNAMED_FIELDS:
            continue
        try:
            labels.append(str(instance._meta.get_field(change.field).verbose_name))
        except FieldDoesNotExist:
            labels.append(change.field)
    return labels


def conflict_message(instance: models.Model) -> str:
    """Who changed `instance` last, what, and when, in a sentence."""
    last = (
        instance.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if last is None:
        return _("Cet élément a été modifié par ailleurs pendant votre saisie.")
    when = formats.date_format(timezone.localtime(last.history_date), "d/m/Y à H:i")
    who = str(last.history_user) if last.history_user else _("un traitement automatique")
    fields = _changed_fields(instance, last)
    what = _(" (champs modifiés : %(fields)s)") % {"fields": ", ".join(fields)} if fields else ""
    return _(
        "Modifié par %(who)s le %(when)s%(what)s, après l'ouverture de votre formulaire. "
        "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez à nouveau "
        "pour remplacer cette version."
    ) % {"who": who, "when": when, "what": what}


def check_version(*, instance: models.Model, expected_version: int) -> models.Model:
    """Lock the row and refuse if anyone saved it since `expected_version` was read.

    Call inside the transaction that then saves `instance` with its version bumped.
    """
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise ConflictError(conflict_message(current), code="conflict")
    return current


@transaction.atomic
def versioned_save(
    *, instance: models.Model, expected_version: int, by: User, reason: str = ""
) -> models.Model:
    """Save an edit only if nobody saved the row since `expected_version` was read."""
    current = check_version(instance=instance, expected_version=expected_version)
    instance.version = current.version + 1
    instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance
