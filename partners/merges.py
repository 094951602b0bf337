"""Merging two organisations, or two contacts, that are the same: services and their checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core import merge, versioning
from core.models import User
from partners.models import Contact, Merge, Organisation

# Fields the kept record takes from the merged-away one when its own are empty.
FILLED_FROM_REMOVED = {
    Organisation: ("acronym", "siret", "siren", "address", "postal_code", "city", "website",
                   "email", "phone", "description", "department_id", "region_id", "workforce"),
    Contact: ("civility", "email", "phone", "notes"),
}  # fmt: skip


def _fill_blanks(keep: Model, values: dict) -> None:
    for name, value in values.items():
        if getattr(keep, name) in ("", None) and value not in ("", None):
            setattr(keep, name, value)


@transaction.atomic
def records_merge(
    *, keep: Organisation | Contact, remove: Organisation | Contact, by: User
) -> Merge:
    """Move everything `remove` is linked to onto `keep`, delete `remove`, record the merge.

    Both histories stay: `remove`'s history rows are kept and shown on `keep`'s page.
    """
    model = type(keep)
    if model not in FILLED_FROM_REMOVED:
        raise ValidationError(_("Seules des organisations ou des contacts se fusionnent."))
    keep = model.objects.select_for_update().get(pk=keep.pk)
    remove = model.objects.select_for_update().get(pk=remove.pk)
    # A history reason holds 100 characters: the names are shortened, the numbers are not.
    reason = _("Fusion de « %(removed)s » (n° %(removed_id)s) dans « %(kept)s » (n° %(kept_id)s)") % {
        "removed": Truncator(remove).chars(28), "removed_id": remove.pk,
        "kept": Truncator(keep).chars(28), "kept_id": keep.pk,
    }  # fmt: skip
    label, removed_id = str(remove), remove.pk
    # Unique values (SIRET, e-mail) move once the record holding them is gone.
    blanks = {name: getattr(remove, name) for name in FILLED_FROM_REMOVED[model]}
    moved = merge.merge_records(keep=keep, remove=remove, by=by, reason=reason)
    _fill_blanks(keep, blanks)
    keep.full_clean()
    versioning.bump(keep)
    keep._history_user = by
    keep._change_reason = reason
    keep.save()
    return Merge.objects.create(
        kind=model._meta.model_name, kept_id=keep.pk, removed_id=removed_id,
        removed_label=label[:250], moved=moved, merged_by=by,
    )  # fmt: skip
