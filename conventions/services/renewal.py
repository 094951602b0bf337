"""Renewal, amendments and the hourly advance along the dates."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from conventions import signals
from conventions.models import Convention
from conventions.services.lifecycle import (
    _locked,
    _save_transition,
    convention_activate,
    convention_expire,
)
from core import bounds, versioning
from core.models import User

S = Convention.Status

logger = logging.getLogger(__name__)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _copy(instance: models.Model, by: User, reason: str, **changes: object) -> models.Model:
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    # A new row: its own first version.
    instance.version = 1
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance


@transaction.atomic
def convention_renew(*, convention: Convention, by: User) -> Convention:
    """A draft successor with the parties, axes, articles and open actions; old one renewed."""
    locked = _locked(convention, "renew", timezone.localdate())
    reason = _("Renouvellement de %(ref)s") % {"ref": locked.reference}
    starts = locked.ends_on + timedelta(days=1) if locked.ends_on else timezone.localdate()
    ends = _add_months(starts, locked.renewal_months) - timedelta(days=1)
    successor = Convention(
        title=locked.title,
        kind=locked.kind
        if locked.kind != Convention.Kind.AMENDMENT
        else Convention.Kind.PARTNERSHIP,
        programme=locked.programme,
        predecessor=locked,
        preamble=locked.preamble,
        purpose=locked.purpose,
        amount=locked.amount,
        starts_on=starts,
        ends_on=ends,
        tacit_renewal=locked.tacit_renewal,
        renewal_months=locked.renewal_months,
        notice_days=locked.notice_days,
        owner=locked.owner,
        coordinator=locked.coordinator,
    )
    successor._history_user = by
    successor._change_reason = reason
    # A successor ending past the plausible range is refused in French, not by the database.
    successor.full_clean(exclude=["reference"])
    successor.save()
    parties = {}
    for party in locked.parties.all():
        old_pk = party.pk
        parties[old_pk] = _copy(
            party, by, reason, convention=successor, signed_on=None, signed_at=""
        )
    axes = {}
    for axis in locked.axes.all():
        old_pk = axis.pk
        axes[old_pk] = _copy(axis, by, reason, convention=successor)
    for clause in locked.clauses.all():
        _copy(clause, by, reason, convention=successor)
    # The open actions follow (actions/apps.py): conventions does not reach into the plan.
    signals.convention_renewed.send(
        sender=Convention, predecessor=locked, successor=successor, parties=parties, axes=axes,
        by=by, reason=reason,
    )  # fmt: skip
    _save_transition(locked, by, S.RENEWED)
    return successor


@transaction.atomic
def amendment_create(*, convention: Convention, by: User, title: str, purpose: str) -> Convention:
    """An avenant: a draft child convention binding the same parties."""
    parent = Convention.objects.select_for_update().get(pk=convention.pk)
    if parent.kind == Convention.Kind.AMENDMENT:
        raise ValidationError(
            _("Un avenant se rattache à la convention d'origine, pas à un avenant.")
        )
    if parent.status not in (S.SIGNED, S.ACTIVE):
        raise ValidationError(
            _("Seule une convention signée ou en cours peut être modifiée par avenant.")
        )
    reason = _("Avenant à %(ref)s") % {"ref": parent.reference}
    amendment = Convention(
        title=title,
        purpose=purpose,
        kind=Convention.Kind.AMENDMENT,
        parent=parent,
        programme=parent.programme,
        starts_on=None,
        ends_on=parent.ends_on,
        owner=parent.owner,
        coordinator=parent.coordinator,
    )
    amendment._history_user = by
    amendment._change_reason = reason
    amendment.full_clean()
    amendment.save()
    for party in parent.parties.all():
        _copy(party, by, reason, convention=amendment, signed_on=None, signed_at="")
    return amendment


def conventions_advance(*, today: date | None = None) -> int:
    """Move conventions along their dates: signed -> active on the start date; past the end
    date, active -> expired, or one more period for a tacit renewal. Written by the system
    user, each change in its own transaction; a second run finds nothing to do."""
    today = today or timezone.localdate()
    system = User.system()
    changed = 0
    to_activate = Convention.objects.filter(status=S.SIGNED, starts_on__lte=today)
    past_end = Convention.objects.filter(status=S.ACTIVE, ends_on__lt=today)
    steps = [(c, convention_activate) for c in to_activate.only("pk")] + [
        (c, convention_extend if c.tacit_renewal else convention_expire)
        for c in past_end.only("pk", "tacit_renewal")
    ]
    for convention, step in steps:
        try:
            if step is convention_extend:
                step(convention=convention, by=system, today=today)
            else:
                step(convention=convention, by=system)
        except ValidationError as error:
            # Changed since it was read, or a row that breaks a bound: the others go on.
            logger.warning(
                "conventions_advance: convention %s left as it is: %s",
                convention.pk,
                "; ".join(error.messages),
            )
            continue
        except Exception:
            # One bad row must not stop the hourly job for every convention after it.
            logger.exception("conventions_advance: convention %s failed", convention.pk)
            continue
        changed += 1
    return changed


@transaction.atomic
def convention_extend(*, convention: Convention, by: User, today: date) -> Convention:
    """A tacit renewal: the end date moves on by whole periods until it is ahead of today."""
    locked = Convention.objects.select_for_update().get(pk=convention.pk)
    if not (locked.status == S.ACTIVE and locked.tacit_renewal and locked.ends_on < today):
        return locked
    if not 1 <= locked.renewal_months <= bounds.MAX_RENEWAL_MONTHS:
        raise ValidationError(
            {"renewal_months": _("La durée de reconduction est comprise entre 1 et 120 mois.")}
        )
    ends_on = locked.ends_on
    while ends_on < today:
        ends_on = _add_months(ends_on, locked.renewal_months)
    locked.ends_on = ends_on
    versioning.bump(locked)
    locked._history_user = by
    locked._change_reason = _("Reconduction tacite jusqu'au %(date)s") % {
        "date": formats.date_format(ends_on, "d/m/Y")
    }
    locked.full_clean()
    locked.save()
    return locked
