"""Which rows a planning tick reads: every row in the rules' windows, or only those whose
reminder can be new since the last tick.

A reminder's key names its subject, its date and the day its rule fired. Between two ticks
a key can only be new for a row whose rule fired on a day the last tick had not reached
yet (the day turned), or for a row saved since (moved, reopened, reassigned). An
incremental tick reads those alone, by indexed due dates and by `updated_at`; a full pass
reads every row in the windows. The full pass runs when the planner has no mark yet, when
its mark is older than MAX_INCREMENTAL_DAYS or from a later day (clocks moved back), and
when a reminder rule was saved since: a rule changes which key every row owes.

Not seen until the row's next firing day: a user made active again (their pending
reminders had been dropped by the sender), a deleted rule. Both are rare; the
administrator's change is in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone

from actions.models import Action
from conventions.models import Convention, Party
from tasks.models import Heartbeat, ReminderRule

# The row that remembers when the last tick that ran to its end started.
MARK_JOB = "tasks.reminders_plan.pass"
# A row saved this long before the last tick started is read again: a transaction that
# saved it then but committed after that tick read the data is not missed.
CHANGED_MARGIN = dt.timedelta(minutes=10)
# Rules are saved by one short form: a tick that started this long after still replans.
RULES_MARGIN = dt.timedelta(minutes=1)
# After a longer outage, one full pass catches up (and sends the latest reminder only).
MAX_INCREMENTAL_DAYS = 31
# A late-action schedule that fired on more due dates than this is read whole.
MAX_LATE_DATES = 2000


@dataclass(frozen=True)
class Scope:
    """The rows one tick reads. `last_day` None: a full pass."""

    today: dt.date
    last_day: dt.date | None = None
    since: dt.datetime | None = None

    @property
    def full(self) -> bool:
        return self.last_day is None

    def due(self, field: str, days: Iterable[int], changed: Q) -> Q:
        """Rows whose `field` date entered a rule's window since the last tick, or changed.

        A rule `days` before fires on `field - days`: new when that day is after the last
        tick's and not after today."""
        if self.full:
            return Q()
        entering = Q(pk__in=[])
        if self.last_day < self.today:
            for days_before in sorted(set(days)):
                entering |= Q(
                    **{
                        f"{field}__gt": self.last_day + dt.timedelta(days=days_before),
                        f"{field}__lte": self.today + dt.timedelta(days=days_before),
                    }
                )
        return entering | changed

    def late(self, schedules: Iterable[tuple[int, int | None]], changed: Q) -> Q:
        """Late actions whose rule (days after, repeat every) fired since the last tick.

        A rule fires on due + 1 + days, then every `repeat` days: the due dates that fired
        on each day since the last tick, back to the oldest late action."""
        if self.full:
            return Q()
        if self.last_day == self.today:
            return changed
        oldest = Action.objects.late(self.today).aggregate(oldest=Min("due_on"))["oldest"]
        if oldest is None:
            return changed
        dates: set[dt.date] = set()
        for days, repeat in set(schedules):
            for elapsed in range(1, (self.today - self.last_day).days + 1):
                fired = self.last_day + dt.timedelta(days=elapsed)
                due = fired - dt.timedelta(days=1 + days)
                while due >= oldest:
                    dates.add(due)
                    if not repeat or len(dates) > MAX_LATE_DATES:
                        break
                    due -= dt.timedelta(days=repeat)
            if len(dates) > MAX_LATE_DATES:
                return Q()
        return Q(due_on__in=sorted(dates)) | changed

    def changed(self) -> Q:
        return Q() if self.full else Q(updated_at__gte=self.since)

    def actions_changed(self) -> Q:
        """An action saved, or its convention (its coordinator is a recipient)."""
        if self.full:
            return Q()
        conventions = Convention.objects.filter(updated_at__gte=self.since).values("pk")
        return Q(updated_at__gte=self.since) | Q(convention_id__in=conventions)

    def conventions_changed(self) -> Q:
        """A convention saved, or one of its parties or their signatory (consent)."""
        if self.full:
            return Q()
        parties = Party.objects.filter(
            Q(updated_at__gte=self.since) | Q(signatory__updated_at__gte=self.since)
        ).values("convention_id")
        return Q(updated_at__gte=self.since) | Q(pk__in=parties)


def scope_load(now: dt.datetime) -> Scope:
    """Incremental from the last tick's mark when it is usable, a full pass otherwise."""
    today = timezone.localdate(now)
    mark = Heartbeat.objects.filter(job=MARK_JOB).values_list("ran_at", flat=True).first()
    if mark is None:
        return Scope(today)
    last_day, since = timezone.localdate(mark), mark - CHANGED_MARGIN
    if not 0 <= (today - last_day).days <= MAX_INCREMENTAL_DAYS:
        return Scope(today)
    if ReminderRule.objects.filter(updated_at__gte=mark - RULES_MARGIN).exists():
        return Scope(today)
    return Scope(today, last_day, since)


def scope_save(started: dt.datetime) -> None:
    """After a tick ran to its end: the next one reads what changed from its start on."""
    Heartbeat.objects.bulk_create(
        [Heartbeat(job=MARK_JOB, ran_at=started)],
        update_conflicts=True,
        unique_fields=["job"],
        update_fields=["ran_at"],
    )
