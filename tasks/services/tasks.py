"""The life of a task: saved, done (its next occurrence when it recurs), reopened."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bounds, versioning

# The jobs never import this module: it is the one that queues a job.
from tasks import jobs
from tasks.models import Task

User = get_user_model()


def next_due_on(due_on: dt.date, recurrence: str, interval: int) -> dt.date:
    """The next occurrence; the 31st becomes the month's last day, 29/02 the 28th."""
    if recurrence == Task.Recurrence.DAILY:
        return due_on + dt.timedelta(days=interval)
    if recurrence == Task.Recurrence.WEEKLY:
        return due_on + dt.timedelta(weeks=interval)
    months = interval * (12 if recurrence == Task.Recurrence.YEARLY else 1)
    if recurrence not in (Task.Recurrence.MONTHLY, Task.Recurrence.YEARLY):
        raise ValueError(recurrence)
    month_index = due_on.month - 1 + months
    year, month = due_on.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(due_on.day, calendar.monthrange(year, month)[1]))


def _save(task: Task, by: User, reason: str) -> None:
    if task.pk:
        # Every change, edit or lifecycle step, makes an edit form opened before it stale.
        versioning.bump(task)
    task._history_user, task._change_reason = by, reason
    task.full_clean()
    task.save()


def _check_assignee(task: Task, by: User, previous_assignee_id: int | None) -> None:
    """Giving a task to someone else mails them: only those who edit every task may.

    A collaborator (who adds tasks and edits their own) keeps the task for themselves or
    leaves it with whom it already was, so nobody can send mail to anyone through a task.
    """
    if task.assignee_id in (None, by.pk, previous_assignee_id) or by.has_perm("tasks.change_task"):
        return
    raise ValidationError({"assignee": _("Vous ne pouvez attribuer une tâche qu'à vous-même.")})


@transaction.atomic
def task_save(
    *,
    task: Task,
    by: User,
    previous_assignee_id: int | None = None,
    expected_version: int | None = None,
) -> Task:
    """Create or update a task; mail its assignee when someone else gave it to them.

    With `expected_version`, an update over a newer version raises `ConflictError`.
    """
    is_new = task.pk is None
    _check_assignee(task, by, previous_assignee_id)
    if not is_new and expected_version is not None:
        task.version = versioning.check_version(
            instance=task, expected_version=expected_version
        ).version
    if is_new and task.created_by_id is None:
        task.created_by = by
    _save(task, by, _("Création") if is_new else _("Modification"))
    if task.assignee_id != by.pk and task.assignee_id != previous_assignee_id:
        jobs.task_assigned_notify.delay_on_commit(task.pk, by.pk)
    return task


@transaction.atomic
def task_complete(*, task: Task, by: User, now: dt.datetime | None = None) -> Task | None:
    """Mark a task done; a recurring one gets its next occurrence (returned)."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status != Task.Status.OPEN:
        raise ValidationError(_("Seule une tâche à faire peut être marquée faite."))
    task.status, task.completed_at = Task.Status.DONE, now or timezone.now()
    _save(task, by, _("Tâche faite"))
    if not task.recurrence or Task.objects.filter(previous=task).exists():
        return None
    due_on = next_due_on(task.due_on, task.recurrence, task.recurrence_interval)
    # Past the plausible horizon the series ends: the task is still done, never stuck open.
    if due_on > bounds.LATEST_DATE or (task.recurrence_until and due_on > task.recurrence_until):
        return None
    following = Task(
        title=task.title,
        description=task.description,
        assignee_id=task.assignee_id,
        created_by=by,
        due_on=due_on,
        due_time=task.due_time,
        recurrence=task.recurrence,
        recurrence_interval=task.recurrence_interval,
        recurrence_until=task.recurrence_until,
        previous=task,
        organisation_id=task.organisation_id,
        convention_id=task.convention_id,
        action_id=task.action_id,
    )
    _save(following, by, _("Occurrence suivante d'une tâche récurrente"))
    return following


@transaction.atomic
def task_reopen(*, task: Task, by: User) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.OPEN:
        raise ValidationError(_("Cette tâche est déjà à faire."))
    task.status, task.completed_at = Task.Status.OPEN, None
    _save(task, by, _("Tâche rouverte"))
    return task
