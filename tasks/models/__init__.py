"""Follow-up tasks, reminder rules, the reminder ledger, digests and notifications."""

from tasks.models.people import Digest, Heartbeat, Notification, Preference
from tasks.models.tasks import Reminder, ReminderRule, Task, TaskQuerySet

__all__ = [
    "Digest",
    "Heartbeat",
    "Notification",
    "Preference",
    "Reminder",
    "ReminderRule",
    "Task",
    "TaskQuerySet",
]
