"""What actions adds to a convention's "Historique": its actions, indicators and measurements."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from core import registry


def _in_convention(ids: list[int]) -> Q:
    return Q(convention_id__in=ids)


def _measurements_of(ids: list[int]) -> Q:
    from actions.models import Indicator

    return Q(indicator_id__in=Indicator.objects.filter(convention_id__in=ids).values("pk"))


def register() -> None:
    from actions.models import Action, Indicator, Measurement

    registry.history.register_part(
        "conventions.Convention", Action, filter=_in_convention,
        describe=lambda row: _("Action %(number)s — %(title)s") % {
            "number": row.number, "title": row.title},
    )  # fmt: skip
    registry.history.register_part(
        "conventions.Convention", Indicator, filter=_in_convention,
        describe=lambda row: _("Indicateur : %(name)s") % {"name": row.name},
    )  # fmt: skip
    registry.history.register_part(
        "conventions.Convention", Measurement, filter=_measurements_of,
        describe=lambda row: _("Mesure : %(name)s") % {"name": row.indicator.name},
        select_related=("indicator",),
    )  # fmt: skip
