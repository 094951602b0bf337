"""A convention's action plan grouped by axis: the one grouping the page, the annex and the
committee report show, each group's progress computed by `average_progress`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from actions.models import Action, average_progress
from conventions.models import Axis


@dataclass
class AxisPlan:
    """One axis (None: the actions without one) and its actions, in plan order."""

    axis: Axis | None
    actions: list[Action]

    @property
    def label(self) -> str | None:
        return f"Axe {self.axis.number} — {self.axis.title}" if self.axis else None

    @property
    def progress(self) -> int:
        return average_progress(self.actions)

    def count(self, status: str) -> int:
        return sum(action.status == status for action in self.actions)

    def late(self, today: date) -> list[Action]:
        return [action for action in self.actions if action.is_late(today)]


def plan_by_axis(axes: Iterable[Axis], actions: Iterable[Action]) -> list[AxisPlan]:
    """Every axis in number order, even an empty one, then the actions without an axis.

    The actions keep the order they come in; callers drop the empty groups they do not show.
    """
    groups = {axis.pk: AxisPlan(axis, []) for axis in sorted(axes, key=lambda axis: axis.number)}
    loose = AxisPlan(None, [])
    for action in actions:
        groups.get(action.axis_id, loose).actions.append(action)
    return [*groups.values(), *([loose] if loose.actions else [])]
