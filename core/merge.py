"""Moving everything that points to one record onto another, whatever app the links live in.

The relations are found by walking ``_meta.related_objects``: a lower app merges its
records without naming the upper apps' models (a convention's parties, a task's
organisation), and a link added later is moved too. Each moved row is saved, so it writes
its own history naming the merge. A row that would then clash with one the kept record
already has (the same contact affiliated twice, the two organisations parties to the same
convention) is a duplicate: it is deleted, the kept record's one stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from core import versioning
from core.models import User


@dataclass
class Move:
    """One relation of the merged-away record, and how many rows it moves."""

    label: str
    count: int
    relation: models.ForeignObjectRel


def _label(relation: models.ForeignObjectRel) -> str:
    related = relation.related_model._meta
    return f"{str(related.verbose_name_plural).capitalize()} ({relation.field.verbose_name})"


def _rows(relation: models.ForeignObjectRel, record: models.Model) -> models.QuerySet:
    manager = relation.related_model._base_manager
    return manager.filter(**{relation.field.name: record})


def merge_preview(record: models.Model) -> list[Move]:
    """What points to `record`, counted per relation: one query per relation."""
    moves = []
    for relation in record._meta.related_objects:
        count = _rows(relation, record).count()
        if count:
            moves.append(Move(_label(relation), count, relation))
    return moves


def _clashes(row: models.Model) -> bool:
    try:
        row.validate_unique()
        row.validate_constraints()
    except ValidationError:
        return True
    return False


def _twin(row: models.Model) -> models.Model | None:
    """The existing row `row` would duplicate under one of its unique constraints."""
    manager = type(row)._base_manager
    for constraint in row._meta.total_unique_constraints:
        values = {
            name: getattr(row, row._meta.get_field(name).attname) for name in constraint.fields
        }
        found = manager.filter(**values).exclude(pk=row.pk)
        if constraint.condition is not None:
            found = found.filter(constraint.condition)
        if (twin := found.first()) is not None:
            return twin
    for names in row._meta.unique_together:
        values = {name: getattr(row, row._meta.get_field(name).attname) for name in names}
        if (twin := manager.filter(**values).exclude(pk=row.pk).first()) is not None:
            return twin
    return None


def _move_row(row: models.Model, field: models.Field, keep: models.Model, by: User, reason: str):
    setattr(row, field.attname, keep.pk)
    # An edit form opened on the row before the merge would point it back at `remove`.
    versioning.bump(row)
    row._history_user = by
    row._change_reason = reason
    # A model that otherwise refuses changes (a signed convention's party) may let a merge
    # repoint it: the same row, only the record it names is now the kept one.
    row._merge_move = True
    if not _clashes(row):
        row.save()
        return
    twin = _twin(row)
    if twin is not None:
        # Its double already points to `keep`: what hangs on it (a party's actions) moves there.
        merge_records(
            keep=twin, remove=type(row)._base_manager.get(pk=row.pk), by=by, reason=reason
        )
    else:
        # A link that would become meaningless (an organisation related to itself).
        row.delete()


def _move_m2m(relation: models.ManyToManyRel, remove: models.Model, keep: models.Model, by, reason):
    for row in _rows(relation, remove):
        # The m2m changes and the save that snapshots them: one history row, not three.
        row.skip_history_when_saving = True
        links = getattr(row, relation.field.name)
        links.remove(remove)
        links.add(keep)
        del row.skip_history_when_saving
        versioning.bump(row)
        row._history_user = by
        row._change_reason = reason
        row.save()


def _protected(error: ProtectedError | RestrictedError) -> ValidationError:
    found = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    names = sorted({str(obj._meta.verbose_name) for obj in found})
    return ValidationError(
        _("La fusion est impossible : des fiches (%(what)s) resteraient sans rattachement.")
        % {"what": ", ".join(names)}
    )


def merge_records(*, keep: models.Model, remove: models.Model, by: User, reason: str) -> dict:
    """Move every relation of `remove` onto `keep` (same model), add its many-to-many sets to
    `keep`'s, then delete it. Returns the counts moved. The caller saves `keep` afterwards (one
    history row, with the sets), inside the same transaction: a refusal changes nothing."""
    if type(keep) is not type(remove) or keep.pk == remove.pk:
        raise ValidationError(_("Choisissez deux fiches différentes du même type."))
    moves = merge_preview(remove)
    try:
        for move in moves:
            relation = move.relation
            if relation.many_to_many:
                _move_m2m(relation, remove, keep, by, reason)
                continue
            for row in _rows(relation, remove).order_by("pk"):
                _move_row(row, relation.field, keep, by, reason)
        keep.skip_history_when_saving = True
        for m2m_field in remove._meta.many_to_many:
            getattr(keep, m2m_field.name).add(*getattr(remove, m2m_field.name).all())
        del keep.skip_history_when_saving
        remove._history_user = by
        remove._change_reason = reason
        remove.delete()
    except (ProtectedError, RestrictedError) as error:
        raise _protected(error) from error
    return {move.label: move.count for move in moves}
