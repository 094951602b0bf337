"""Loaders for the relationship journal and the follow-up tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conventions.models import Convention
from demo.data.journal import INTERACTIONS, JOURNAL_AUTHOR, TASK_AUTHOR, TASKS
from demo.loaders.state import Demo
from partners.models import Interaction
from tasks.models import Task


def load_journal(demo: Demo) -> None:
    for kind, when, subject, location, orgs, contacts, notes in INTERACTIONS:
        entry, created = demo.ensure(
            Interaction,
            {"subject": subject},
            kind=kind,
            occurred_on=demo.on(when),
            location=location,
            notes=notes,
            author=demo.users[JOURNAL_AUTHOR],
        )
        if created:
            entry.organisations.set([demo.orgs[key] for key in orgs])
            entry.contacts.set([demo.contacts[key] for key in contacts])


def load_tasks(demo: Demo, conventions: dict[str, Convention]) -> None:
    """The tasks, linked to `conventions` ("macs", "metropole") by the keys of TASKS."""
    for title, assignee, due, options in TASKS:
        due_on = demo.on(due)
        lookup = {"title": title, "assignee": demo.users[assignee]}
        links = _links(demo, conventions, due_on, options)
        demo.get(Task, lookup, due_on=due_on, created_by=demo.users[TASK_AUTHOR], **links)


def _links(
    demo: Demo, conventions: dict[str, Convention], due_on: dt.date, options: dict
) -> dict[str, Any]:
    """A task's options, its keys replaced by the rows they name."""
    fields = dict(options)
    if "convention" in fields:
        fields["convention"] = conventions[fields["convention"]]
    if "action" in fields:
        fields["action"] = fields["convention"].actions.get(number=fields["action"])
    if "organisation" in fields:
        fields["organisation"] = demo.orgs[fields["organisation"]]
    if "completed_at" in fields:
        completed = dt.datetime.combine(due_on, fields["completed_at"])
        fields["completed_at"] = timezone.make_aware(completed)
    return fields
