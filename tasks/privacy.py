"""What tasks hold about a partner contact: the reminders mailed to them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.registry import personal_data
from tasks.models import Reminder


def _reminders(contact: object) -> Q:
    # The planner keys a contact's reminder "…:contact=<id>" and copies their address.
    found = Q(key__endswith=f":contact={contact.pk}")
    return found | Q(recipient_email__iexact=contact.email) if contact.email else found


def _reminders_erase(rows: QuerySet, contact: object) -> None:
    """What is still to send goes; what was sent keeps its row, not the address."""
    rows.filter(status=Reminder.Status.PENDING).delete()
    rows.update(recipient_email=f"contact-{contact.pk}@efface.invalid", last_error="")


def register_sources() -> None:
    """Called from `TasksConfig.ready`."""
    personal_data.register("tasks.Reminder", _reminders, erase=_reminders_erase)
