"""Receivers of the lower apps' signals, connected in `TasksConfig.ready()`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import User
from partners.models import Interaction, Organisation
from tasks.models import Task


def follow_up_task(
    *,
    interaction: Interaction,
    by: User,
    organisation: Organisation | None,
    follow_up: dict,
    **_kwargs: object,
) -> Task:
    """The task that follows up a journal entry, written in the entry's transaction."""
    if not by.has_perm("tasks.add_task"):
        raise ValidationError(_("Vous ne pouvez pas créer de tâche."))
    task = Task(
        title=follow_up["title"],
        due_on=follow_up["due_on"],
        assignee=follow_up["assignee"],
        created_by=by,
        organisation=organisation,
        description=_("Suite de « %(subject)s » du %(date)s.")
        % {"subject": interaction.subject, "date": interaction.occurred_on.strftime("%d/%m/%Y")},
    )
    task.full_clean()
    task._history_user = by
    task.save()
    return task
