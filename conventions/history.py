"""The parts of a convention whose changes its "Historique" shows: parties, axes, articles."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from core import registry


def _in_convention(ids: list[int]) -> Q:
    return Q(convention_id__in=ids)


def register() -> None:
    from conventions.models import Axis, Clause, Party

    registry.history.register_part(
        "conventions.Convention", Party, filter=_in_convention,
        describe=lambda row: _("Partie : %(name)s") % {"name": row.organisation},
        select_related=("organisation",),
    )  # fmt: skip
    registry.history.register_part(
        "conventions.Convention", Axis, filter=_in_convention,
        describe=lambda row: _("Axe %(number)s — %(title)s") % {
            "number": row.number, "title": row.title},
    )  # fmt: skip
    registry.history.register_part(
        "conventions.Convention", Clause, filter=_in_convention,
        describe=lambda row: _("Article %(number)s — %(title)s") % {
            "number": row.number, "title": row.title},
    )  # fmt: skip
