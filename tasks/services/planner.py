"""The planner: derive from the data every reminder owed today and add it to the ledger.

Idempotent by construction: each reminder has a unique key, so running it twice, or
two planners at once, inserts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action
from conventions.models import Convention, Party
from tasks.models import Reminder, ReminderRule, Task
from tasks.services.planner_scope import Scope, scope_load, scope_save

User = get_user_model()
Event = ReminderRule.Event

# Rows read per database round trip, and reminders checked against the ledger at once.
PLAN_CHUNK = 2000


@dataclass
class _Rules:
    """Active rules per event: the defaults, and per-convention replacements."""

    defaults: dict[str, list[ReminderRule]] = field(default_factory=lambda: defaultdict(list))
    overrides: dict[tuple[int, str], list[ReminderRule]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def load(cls) -> _Rules:
        rules = cls()
        for rule in ReminderRule.objects.filter(is_active=True):
            if rule.convention_id is None:
                rules.defaults[rule.event].append(rule)
            else:
                rules.overrides[rule.convention_id, rule.event].append(rule)
        return rules

    def for_(self, event: str, convention_id: int | None) -> list[ReminderRule]:
        if convention_id is not None and (convention_id, event) in self.overrides:
            return self.overrides[convention_id, event]
        return self.defaults.get(event, [])

    def widest(self, event: str) -> int:
        """The most days before any rule of `event` fires: the planner's horizon."""
        days = [r.days_before for r in self.defaults.get(event, [])]
        days += [r.days_before for (_c, e), rs in self.overrides.items() if e == event for r in rs]
        return max(days, default=-1)

    def has(self, event: str) -> bool:
        return self.widest(event) >= 0

    def _all(self, event: str) -> list[ReminderRule]:
        overrides = [r for (_c, e), rs in self.overrides.items() if e == event for r in rs]
        return self.defaults.get(event, []) + overrides

    def days(self, event: str) -> set[int]:
        """Every `days_before` of `event`'s rules, defaults and overrides."""
        return {r.days_before for r in self._all(event)}

    def schedules(self, event: str) -> set[tuple[int, int | None]]:
        """Every (days after, repeat every) of a late event's rules."""
        return {(r.days_before, r.repeat_every_days) for r in self._all(event)}


def _latest_trigger(
    rules: list[ReminderRule], about_on: dt.date, today: dt.date, *, late: bool = False
) -> tuple[ReminderRule, dt.date] | None:
    """The rule whose most recent firing date is today or before (catching up after an
    outage sends the latest reminder only, not every missed one)."""
    best = None
    for rule in rules:
        if late:
            # Late since the day after the due date; then every `repeat_every_days`.
            first = about_on + dt.timedelta(days=1 + rule.days_before)
            if first > today:
                continue
            fired = first
            if rule.repeat_every_days:
                periods = (today - first).days // rule.repeat_every_days
                fired = first + dt.timedelta(days=periods * rule.repeat_every_days)
        else:
            fired = about_on - dt.timedelta(days=rule.days_before)
            if not fired <= today <= about_on:
                continue
        if best is None or fired > best[1]:
            best = (rule, fired)
    return best


def _send_after(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, settings.REMINDERS_SEND_FROM))


def _reminders_for(
    *,
    event: str,
    subject: dict[str, int],
    about_on: dt.date,
    found: tuple[ReminderRule, dt.date] | None,
    users: dict[str, int | None],
    contacts: Iterable[tuple[int, str]] = (),
) -> Iterator[Reminder]:
    if found is None:
        return
    rule, fired = found
    recipients: set[int] = set()
    if rule.notify_assignee and users.get("assignee"):
        recipients.add(users["assignee"])
    if rule.notify_owner and users.get("owner"):
        recipients.add(users["owner"])
    if rule.notify_coordinator and users.get("coordinator"):
        recipients.add(users["coordinator"])
    ((kind, pk),) = subject.items()
    kind = kind.removesuffix("_id")
    base = f"{event}:{kind}={pk}:on={about_on.isoformat()}:at={fired.isoformat()}"
    common = {"event": event, "rule": rule, "about_on": about_on, "send_after": _send_after(fired)}
    for user_id in sorted(recipients):
        yield Reminder(key=f"{base}:user={user_id}", recipient_id=user_id, **subject, **common)
    if rule.notify_party_contacts:
        for contact_id, email in contacts:
            yield Reminder(
                key=f"{base}:contact={contact_id}", recipient_email=email, **subject, **common
            )


def _task_reminders(rules: _Rules, scope: Scope) -> Iterator[Reminder]:
    today = scope.today
    horizon = rules.widest(Event.TASK_DUE)
    if horizon < 0:
        return
    rows = (
        Task.objects.open()
        .filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=horizon))
        .filter(scope.due("due_on", rules.days(Event.TASK_DUE), scope.changed()))
        .filter(assignee__is_active=True)
        .values_list("pk", "due_on", "assignee_id", "convention_id")
    )
    for pk, due_on, assignee_id, convention_id in rows.iterator(chunk_size=PLAN_CHUNK):
        found = _latest_trigger(rules.for_(Event.TASK_DUE, convention_id), due_on, today)
        yield from _reminders_for(
            event=Event.TASK_DUE,
            subject={"task_id": pk},
            about_on=due_on,
            found=found,
            users={"assignee": assignee_id},
        )


def _action_reminders(rules: _Rules, scope: Scope) -> Iterator[Reminder]:
    today, changed = scope.today, scope.actions_changed()
    fields = ("pk", "due_on", "owner_user_id", "convention_id", "convention__coordinator_id")
    horizon = rules.widest(Event.ACTION_DUE)
    if horizon >= 0:
        rows = (
            Action.objects.open()
            .filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=horizon))
            .filter(scope.due("due_on", rules.days(Event.ACTION_DUE), changed))
            .values_list(*fields)
        )
        for pk, due_on, owner_id, convention_id, coordinator_id in rows.iterator(PLAN_CHUNK):
            yield from _reminders_for(
                event=Event.ACTION_DUE,
                subject={"action_id": pk},
                about_on=due_on,
                found=_latest_trigger(rules.for_(Event.ACTION_DUE, convention_id), due_on, today),
                users={"owner": owner_id, "coordinator": coordinator_id},
            )
    if rules.has(Event.ACTION_LATE):
        late = scope.late(rules.schedules(Event.ACTION_LATE), changed)
        rows = Action.objects.late(today).filter(late).values_list(*fields)
        for pk, due_on, owner_id, convention_id, coordinator_id in rows.iterator(PLAN_CHUNK):
            rule_set = rules.for_(Event.ACTION_LATE, convention_id)
            yield from _reminders_for(
                event=Event.ACTION_LATE,
                subject={"action_id": pk},
                about_on=due_on,
                found=_latest_trigger(rule_set, due_on, today, late=True),
                users={"owner": owner_id, "coordinator": coordinator_id},
            )


def _party_contacts(convention_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each party's signatory who consented to e-mail, per convention."""
    contacts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Party.objects.filter(
            convention_id__in=convention_ids,
            signatory__email_consent=True,
            signatory__isnull=False,
        )
        .exclude(signatory__email="")
        .values_list("convention_id", "signatory_id", "signatory__email")
        .order_by("convention_id", "signatory_id")
        .distinct()
    )
    for convention_id, contact_id, email in rows:
        contacts[convention_id].append((contact_id, email))
    return contacts


def _convention_reminders(rules: _Rules, scope: Scope) -> Iterator[Reminder]:
    today, changed = scope.today, scope.conventions_changed()
    for event, date_field in (
        (Event.CONVENTION_END, "ends_on"),
        (Event.CONVENTION_NOTICE, "notice_deadline"),
    ):
        horizon = rules.widest(event)
        if horizon < 0:
            continue
        conventions = Convention.objects.current()
        if event == Event.CONVENTION_NOTICE:
            # Without a notice period the deadline is the end date: one reminder is enough.
            conventions = conventions.filter(notice_days__gt=0)
        rows = list(
            conventions.filter(**{f"{date_field}__gte": today})
            .filter(**{f"{date_field}__lte": today + dt.timedelta(days=horizon)})
            .filter(scope.due(date_field, rules.days(event), changed))
            .values_list("pk", date_field, "owner_id", "coordinator_id")
        )
        contacts = _party_contacts([row[0] for row in rows])
        for pk, about_on, owner_id, coordinator_id in rows:
            yield from _reminders_for(
                event=event,
                subject={"convention_id": pk},
                about_on=about_on,
                found=_latest_trigger(rules.for_(event, pk), about_on, today),
                users={"owner": owner_id, "coordinator": coordinator_id},
                contacts=contacts.get(pk, ()),
            )


def _chunks(items: Iterable[Reminder], size: int) -> Iterator[list[Reminder]]:
    chunk: list[Reminder] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reminders_plan(now: dt.datetime | None = None) -> int:
    """Insert every reminder owed today (Europe/Paris) that is not in the ledger yet.

    Reads only the rows whose reminder can be new since the last tick (planner_scope.py).
    Idempotent: keys are unique and conflicts ignored, so two planners at once or a
    replayed job insert nothing twice. Returns how many rows were new."""
    started = now or timezone.now()
    scope = scope_load(started)
    rules = _Rules.load()
    active_users = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    owed = (
        reminder
        for source in (_task_reminders, _action_reminders, _convention_reminders)
        for reminder in source(rules, scope)
        if reminder.recipient_id is None or reminder.recipient_id in active_users
    )
    created = 0
    for chunk in _chunks(owed, PLAN_CHUNK):
        known = set(
            Reminder.objects.filter(key__in=[r.key for r in chunk]).values_list("key", flat=True)
        )
        new = [r for r in chunk if r.key not in known]
        if new:
            Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
            created += len(new)
    scope_save(started)
    return created
