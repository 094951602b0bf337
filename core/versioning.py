"""Optimistic locking: a save over a newer version is refused, not lost, wherever it comes from.

Every row users edit is a `core.models.VersionedModel`: organisations, contacts and their
roles (affiliations), relationships between organisations, journal entries; purchase lines;
programmes, conventions (amendments included), their parties, axes and articles; actions,
indicators and measurements; tasks. Each also keeps `HistoricalRecords`, which name who
saved last, what they changed and when: the conflict message says it.

One mechanism for every way in:

- screens: the edit form is a `core.forms.VersionedFormMixin`; its hidden `version` says
  which version the user started from, and `save_edit()` (or `save_versioned()`) goes
  through `versioned_save()`; a refusal re-renders the form with the user's input kept;
- the API: `core.api.views.WritableViewSet` answers 412 with the same message;
- the admin (`core.admin_site.HistoryAdmin`, inlines included) and the services that change
  a row on someone's behalf (a lifecycle step, archiving, ending a relationship, a merge,
  an erasure, an unsubscribe) raise the version with `bump()`, or `bump_rows()` for an
  `update()`, so that an edit form opened before them is refused too.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.models import User, VersionedModel

# Internal columns a user never edits: not worth naming in a conflict.
UNNAMED_FIELDS = {"version", "updated_at", "created_at"}


class ConflictError(ValidationError):
    """Someone saved the object after the user opened it."""


def is_versioned(model: type[models.Model]) -> bool:
    """Whether `model` counts its versions (its history model does not: it records them)."""
    return issubclass(model, VersionedModel)


def bump(instance: models.Model) -> None:
    """Count the coming save of `instance` as a new version; the caller saves it.

    For a change made outside the user's form (a lifecycle step, a merge, the admin): the
    form opened before it is then refused rather than silently undoing it.
    """
    if isinstance(instance, VersionedModel):
        instance.version += 1


def bump_rows(queryset: models.QuerySet, **changes: object) -> int:
    """`queryset.update(**changes)`, raising each row's version in the same statement."""
    if is_versioned(queryset.model):
        changes["version"] = F("version") + 1
    return queryset.update(**changes)


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


def last_change(instance: models.Model) -> models.Model | None:
    """The history row that recorded `instance` as it stands, with its author; None when the
    last change left no history row (an erasure, a scrub: `bump_rows` writes none)."""
    last = (
        instance.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if last is None or (is_versioned(type(instance)) and last.version != instance.version):
        return None
    return last


def author(last: models.Model) -> str:
    """Who wrote a history row: its user, else the job and what it did."""
    if last.history_user:
        return str(last.history_user)
    if last.history_change_reason:
        return _("un traitement automatique (%(reason)s)") % {"reason": last.history_change_reason}
    return _("un traitement automatique")


def conflict_message(instance: models.Model) -> str:
    """Who changed `instance` last, what, and when, in a sentence."""
    last = last_change(instance)
    if last is None:
        return _(
            "Cet élément a été modifié par ailleurs après l'ouverture de votre formulaire. "
            "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez à nouveau "
            "pour remplacer cette version."
        )
    when = formats.date_format(timezone.localtime(last.history_date), "d/m/Y à H:i")
    fields = _changed_fields(instance, last)
    what = _(" (champs modifiés : %(fields)s)") % {"fields": ", ".join(fields)} if fields else ""
    return _(
        "Modifié par %(who)s le %(when)s%(what)s, après l'ouverture de votre formulaire. "
        "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez à nouveau "
        "pour remplacer cette version."
    ) % {"who": author(last), "when": when, "what": what}


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
