"""The task list as a CSV or XLSX file: the rows the list's filters and scope select for whoever
asks (registered with partners' exports in tasks/apps.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.export_kinds import ExportKind
from partners.exports import day, person
from tasks.forms import TASK_ORDER, task_filter
from tasks.models import Task


def tasks_of(params: QueryDict, user: object) -> QuerySet:
    """What the list shows `user` for `params` (their own tasks unless ?scope=team), in its
    order: the page's, where a task without a time comes after those of its day with one."""
    filterset, _scope = task_filter(params, user)
    order = [F(name).asc(nulls_last=True) if name == "due_time" else name for name in TASK_ORDER]
    return filterset.qs.order_by(*order)


def task_rows(tasks: Iterable[Task]) -> tuple[list, Iterable]:
    header = [
        _("Échéance"), _("Heure"), _("Tâche"), _("Attribuée à"), _("Statut"), _("En retard"),
        _("Organisation"), _("Convention"), _("Action"), _("Récurrence"), _("Faite le"),
        _("Description"),
    ]  # fmt: skip
    today = timezone.localdate()

    def rows() -> Iterable[list]:
        for task in tasks:
            yield [
                day(task.due_on), f"{task.due_time:%H:%M}" if task.due_time else "", task.title,
                person(task.assignee), task.get_status_display(),
                _("oui") if task.is_overdue(today) else _("non"),
                task.organisation.name if task.organisation else "",
                task.convention.reference if task.convention else "",
                str(task.action) if task.action else "",
                task.get_recurrence_display() if task.recurrence else "",
                day(task.completed_at), task.description,
            ]  # fmt: skip

    return header, rows()


KIND = ExportKind(
    name="tasks", label=gettext_lazy("Tâches"), filename="taches", rows=tasks_of, table=task_rows
)
