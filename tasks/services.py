"""Tasks, reminders and digests: every write with a side effect, and every mail sent.

Reminders are derived from the data and keyed uniquely (the planner), then
claimed, grouped per recipient and sent once (the sender). A lost job message,
a crashed worker, two beat processes or a Redis outage only delay them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import secrets
import smtplib
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from conventions.models import Convention, Party
from core import roles
from tasks.models import Digest, Notification, Preference, Reminder, ReminderRule, Task

logger = logging.getLogger(__name__)
User = get_user_model()
Event = ReminderRule.Event

# Reminders are mailed from this local hour of their day (not at midnight).
SEND_FROM = dt.time(7, 0)
# A claim older than this is taken over: its sender died before marking its mails sent.
CLAIM_SECONDS = 600
CLAIM_BATCH = 50
# Retries of a refused or unreachable SMTP server: 1, 2, 4, 8 minutes, then failed.
MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60
# Errors worth another attempt later; anything else is a bug and raises.
SMTP_ERRORS = (smtplib.SMTPException, OSError)
PLAN_CHUNK = 2000


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------
# Tasks


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
    task._history_user, task._change_reason = by, reason
    task.full_clean()
    task.save()


@transaction.atomic
def task_save(*, task: Task, by: User, previous_assignee_id: int | None = None) -> Task:
    """Create or update a task; mail its assignee when someone else gave it to them."""
    from tasks import jobs  # jobs import this module

    is_new = task.pk is None
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
    if task.recurrence_until and due_on > task.recurrence_until:
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


def task_assigned_send(*, task_id: int, by_id: int) -> bool:
    """Mail the assignee of a task someone else gave them, and notify them in the app."""
    task = Task.objects.select_related("assignee").filter(pk=task_id).first()
    by = User.objects.filter(pk=by_id).first()
    if task is None or by is None or task.assignee_id == by_id or not task.assignee.is_active:
        return False
    url = task.get_absolute_url()
    context = {"task": task, "by": by, "url": absolute_url(url), "recipient": task.assignee}
    title = _("%(by)s vous a attribué la tâche « %(task)s »") % {"by": by, "task": task}
    if task.assignee.email:
        message = _message(
            "task_assigned",
            context,
            to=task.assignee.email,
            message_id=f"<task-{task.pk}.assigned-{task.assignee_id}@maillage>",
        )
        message.send()
    Notification.objects.create(user=task.assignee, title=title[:200], url=url)
    return True


# ---------------------------------------------------------------------------
# Mail plumbing


def _message(
    template: str, context: dict, *, to: str, message_id: str, connection: object = None
) -> EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# ---------------------------------------------------------------------------
# Planner


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
    return timezone.make_aware(dt.datetime.combine(day, _setting("REMINDERS_SEND_FROM", SEND_FROM)))


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


def _task_reminders(rules: _Rules, today: dt.date) -> Iterator[Reminder]:
    horizon = rules.widest(Event.TASK_DUE)
    if horizon < 0:
        return
    rows = (
        Task.objects.open()
        .filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=horizon))
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


def _action_reminders(rules: _Rules, today: dt.date) -> Iterator[Reminder]:
    fields = ("pk", "due_on", "owner_user_id", "convention_id", "convention__coordinator_id")
    horizon = rules.widest(Event.ACTION_DUE)
    if horizon >= 0:
        rows = (
            Action.objects.open()
            .filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=horizon))
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
        rows = Action.objects.late(today).values_list(*fields)
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


def _convention_reminders(rules: _Rules, today: dt.date) -> Iterator[Reminder]:
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

    Idempotent: keys are unique and conflicts ignored, so two planners at once or a
    replayed job insert nothing twice. Returns how many rows were new."""
    today = timezone.localdate(now or timezone.now())
    rules = _Rules.load()
    active_users = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    owed = (
        reminder
        for source in (_task_reminders, _action_reminders, _convention_reminders)
        for reminder in source(rules, today)
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
    return created


# ---------------------------------------------------------------------------
# Sender


def _claim(now: dt.datetime, batch: int) -> list[Reminder]:
    """Take up to `batch` due reminders for this sender alone.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so parallel senders take disjoint
    rows. SQLite ignores the lock clause but its IMMEDIATE transactions run one at a
    time, which makes the select-then-update below a guarded status change."""
    lease = dt.timedelta(seconds=_setting("REMINDERS_CLAIM_SECONDS", CLAIM_SECONDS))
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=Reminder.Status.PENDING, send_after__lte=now)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease))
            .order_by("send_after", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return []
        Reminder.objects.filter(pk__in=ids).update(claimed_at=now)
    return list(
        Reminder.objects.filter(pk__in=ids, claimed_at=now)
        .select_related("recipient", "task", "action__convention", "convention")
        .order_by("pk")
    )


def _still_owed(reminder: Reminder) -> bool:
    """A task done or moved, or an action closed, since planning owes nothing."""
    if reminder.recipient_id and not reminder.recipient.is_active:
        return False
    if reminder.task_id:
        task = reminder.task
        return task.status == Task.Status.OPEN and task.due_on == reminder.about_on
    if reminder.action_id:
        action = reminder.action
        return action.status not in Action.CLOSED_STATUSES and action.due_on == reminder.about_on
    convention = reminder.convention
    current = convention.status in (Convention.Status.SIGNED, Convention.Status.ACTIVE)
    date_field = "ends_on" if reminder.event == Event.CONVENTION_END else "notice_deadline"
    return current and getattr(convention, date_field) == reminder.about_on


def _reminder_line(reminder: Reminder) -> dict[str, object]:
    subject = reminder.task or reminder.action or reminder.convention
    return {
        "reminder": reminder,
        "event": reminder.get_event_display(),
        "subject": subject,
        "about_on": reminder.about_on,
        "url": absolute_url(subject.get_absolute_url()),
        "path": subject.get_absolute_url(),
    }


def _mark_sent(group: list[Reminder], now: dt.datetime) -> None:
    with transaction.atomic():
        ids = [r.pk for r in group]
        Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
            status=Reminder.Status.SENT, sent_at=now, claimed_at=None, last_error=""
        )
        notifications = [
            Notification(
                user_id=r.recipient_id,
                reminder=r,
                title=f"{line['event']} : {line['subject']}"[:200],
                body=_("Échéance le %(date)s") % {"date": r.about_on.strftime("%d/%m/%Y")},
                url=line["path"],
            )
            for r in group
            if r.recipient_id
            for line in [_reminder_line(r)]
        ]
        Notification.objects.bulk_create(notifications)


def _mark_failed_attempt(group: list[Reminder], now: dt.datetime, error: Exception) -> int:
    """Back off, or give up after MAX_ATTEMPTS and tell the administrators."""
    max_attempts = _setting("REMINDERS_MAX_ATTEMPTS", MAX_ATTEMPTS)
    base = _setting("REMINDERS_RETRY_SECONDS", RETRY_BASE_SECONDS)
    given_up = 0
    with transaction.atomic():
        for reminder in group:
            reminder.attempts += 1
            reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
            reminder.claimed_at = None
            if reminder.attempts >= max_attempts:
                reminder.status = Reminder.Status.FAILED
                given_up += 1
            else:
                delay = base * 2 ** (reminder.attempts - 1)
                reminder.send_after = now + dt.timedelta(seconds=delay)
            reminder.save(
                update_fields=["attempts", "last_error", "claimed_at", "status", "send_after"]
            )
        if given_up:
            admins = User.objects.filter(groups__name=roles.ADMINISTRATOR, is_active=True)
            url = reverse("tasks:reminder_failed_list")
            Notification.objects.bulk_create(
                Notification(
                    user=admin,
                    title=_("%(count)d rappel(s) n'ont pas pu être envoyés") % {"count": given_up},
                    body=reminder.last_error[:500],
                    url=url,
                )
                for admin in admins
            )
    logger.warning("Reminders %s not sent: %s", [r.pk for r in group], error)
    return given_up


def _send_group(group: list[Reminder], connection: object, now: dt.datetime) -> None:
    first = group[0]
    recipient = first.recipient
    to = recipient.email if recipient else first.recipient_email
    lines = [_reminder_line(r) for r in group]
    if to:
        context = {
            "recipient": recipient,
            "name": (recipient.get_full_name() or recipient.username) if recipient else "",
            "lines": lines,
            "site_url": settings.SITE_URL,
            "notifications_url": absolute_url(reverse("tasks:notification_list")),
        }
        # Stable across retries: the group's first reminder names the mail.
        message = _message(
            "reminder", context, to=to, message_id=first.message_id, connection=connection
        )
        # Which reminders this mail carries, for support and for the delivery tests.
        message.extra_headers["X-Maillage-Reminders"] = ",".join(str(r.pk) for r in group)
        message.send()
    _mark_sent(group, now)


def _release(reminders: list[Reminder], moment: dt.datetime) -> None:
    Reminder.objects.filter(
        pk__in=[r.pk for r in reminders], status=Reminder.Status.PENDING, claimed_at=moment
    ).update(claimed_at=None)


def reminders_send_due(now: dt.datetime | None = None, *, max_batches: int = 1000) -> int:
    """Claim due reminders in batches, mail each recipient once, mark them sent.

    A crash between a mail and its marking resends that one mail (after the claim
    lease); nothing is lost. Returns the number of reminders sent."""
    sent = 0
    connection = get_connection()
    for _batch in range(max_batches):
        moment = now or timezone.now()
        claimed = _claim(moment, _setting("REMINDERS_CLAIM_BATCH", CLAIM_BATCH))
        if not claimed:
            break
        obsolete = [r.pk for r in claimed if not _still_owed(r)]
        if obsolete:
            Reminder.objects.filter(pk__in=obsolete, status=Reminder.Status.PENDING).delete()
        groups: dict[object, list[Reminder]] = defaultdict(list)
        for reminder in claimed:
            if reminder.pk not in obsolete:
                groups[reminder.recipient_id or reminder.recipient_email.lower()].append(reminder)
        started, lease = time.monotonic(), _setting("REMINDERS_CLAIM_SECONDS", CLAIM_SECONDS)
        batch = list(groups.values())
        try:
            connection.open()
            for index, group in enumerate(batch):
                if time.monotonic() - started > lease / 2:
                    # A slow server: hand the rest back before another sender may take it over.
                    _release([r for g in batch[index:] for r in g], moment)
                    return sent
                try:
                    _send_group(group, connection, moment)
                except SMTP_ERRORS as error:
                    _mark_failed_attempt(group, moment, error)
                    # The connection may be dead: reopen it for the next recipient.
                    connection.close()
                    connection.open()
                else:
                    sent += len(group)
        except SMTP_ERRORS as error:
            # The server cannot even be reached: every claimed reminder waits its turn.
            rest = [r for g in groups.values() for r in g]
            rest = list(
                Reminder.objects.filter(
                    pk__in=[r.pk for r in rest], status=Reminder.Status.PENDING, claimed_at=moment
                )
            )
            if rest:
                _mark_failed_attempt(rest, moment, error)
        finally:
            try:
                connection.close()
            except SMTP_ERRORS:
                logger.info("SMTP connection already closed")
    return sent


def reminder_retry(*, reminder: Reminder, now: dt.datetime | None = None) -> Reminder:
    """An administrator sends a failed reminder again."""
    if reminder.status != Reminder.Status.FAILED:
        raise ValidationError(_("Seul un rappel en échec peut être renvoyé."))
    reminder.status, reminder.attempts = Reminder.Status.PENDING, 0
    reminder.send_after, reminder.claimed_at = now or timezone.now(), None
    reminder.save(update_fields=["status", "attempts", "send_after", "claimed_at"])
    return reminder


# ---------------------------------------------------------------------------
# Digests


def digest_content(*, user: User, today: dt.date) -> dict[str, list]:
    """What a user's daily digest lists; all empty means no mail."""
    week_end = today + dt.timedelta(days=6)
    tasks = Task.objects.open().filter(assignee=user).select_related("organisation", "convention")
    mine = Q(owner_user=user) | Q(convention__coordinator=user)
    conventions = Convention.objects.ending_within(90, today).filter(
        Q(owner=user) | Q(coordinator=user)
    )
    return {
        "overdue": list(tasks.filter(due_on__lt=today)[:50]),
        "this_week": list(tasks.filter(due_on__gte=today, due_on__lte=week_end)[:50]),
        "late_actions": list(
            Action.objects.late(today).filter(mine).select_related("convention")[:50]
        ),
        "to_renew": list(conventions.order_by("ends_on")[:50]),
    }


def _digest_candidates(now: dt.datetime) -> list[int]:
    local = timezone.localtime(now)
    today = local.date()
    done = Digest.objects.filter(day=today).exclude(
        status=Digest.Status.PENDING, attempts__lt=_setting("REMINDERS_MAX_ATTEMPTS", MAX_ATTEMPTS)
    )
    opted_out = Preference.objects.filter(
        Q(digest_enabled=False) | Q(digest_time__gt=local.time())
    ).values("user_id")
    default_time = Preference._meta.get_field("digest_time").default
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(username=User.SYSTEM_USERNAME)
        .exclude(pk__in=done.values("user_id"))
        .exclude(pk__in=opted_out)
    )
    if local.time() < default_time:
        # Before 07:30 only those who chose an earlier time are due.
        users = users.filter(preference__isnull=False)
    return list(users.values_list("pk", flat=True))


def digests_send_due(now: dt.datetime | None = None) -> int:
    """Send today's digest to each user whose chosen time has come; once per day.

    The Digest row (unique user and day) is written in the same transaction as the
    send: a second sender waits on it, then finds it done."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for user_id in _digest_candidates(now):
        try:
            sent += _digest_send_one(user_id=user_id, today=today, now=now)
        except IntegrityError:
            continue
    return sent


def _digest_send_one(*, user_id: int, today: dt.date, now: dt.datetime) -> int:
    try:
        with transaction.atomic():
            digest = (
                Digest.objects.select_for_update(skip_locked=True)
                .filter(user_id=user_id, day=today)
                .first()
            )
            if digest is None:
                if Digest.objects.filter(user_id=user_id, day=today).exists():
                    return 0  # another sender holds it right now
                digest = Digest.objects.create(user_id=user_id, day=today)
            if digest.status != Digest.Status.PENDING:
                return 0
            user = User.objects.get(pk=user_id)
            content = digest_content(user=user, today=today)
            if not any(content.values()):
                digest.status = Digest.Status.EMPTY
                digest.save(update_fields=["status"])
                return 0
            context = {
                "recipient": user,
                "today": today,
                "site_url": settings.SITE_URL.rstrip("/"),
                "tasks_url": absolute_url(reverse("tasks:task_list")),
                **content,
            }
            _message(
                "digest", context, to=user.email, message_id=f"<digest-{digest.pk}@maillage>"
            ).send()
            digest.status, digest.sent_at = Digest.Status.SENT, now
            digest.attempts += 1
            digest.save(update_fields=["status", "sent_at", "attempts"])
            Notification.objects.create(
                user=user,
                title=_("Votre récapitulatif du %(date)s") % {"date": today.strftime("%d/%m/%Y")},
                url=reverse("tasks:task_list"),
            )
            return 1
    except SMTP_ERRORS as error:
        with transaction.atomic():
            digest, _created = Digest.objects.get_or_create(user_id=user_id, day=today)
            digest.attempts += 1
            if digest.attempts >= _setting("REMINDERS_MAX_ATTEMPTS", MAX_ATTEMPTS):
                digest.status = Digest.Status.FAILED
            digest.save(update_fields=["attempts", "status"])
        logger.warning("Digest for user %s not sent: %s", user_id, error)
        return 0


# ---------------------------------------------------------------------------
# Preferences and the calendar feed


def preference_for(user: User) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    return preference


def ics_token_renew(*, user: User) -> Preference:
    """A new secret calendar address; the old one stops working at once."""
    preference = preference_for(user)
    preference.ics_token = secrets.token_urlsafe(32)
    preference._history_user, preference._change_reason = user, _("Nouveau lien de calendrier")
    preference.save()
    return preference


def ics_token_revoke(*, user: User) -> Preference:
    preference = preference_for(user)
    preference.ics_token = ""
    preference._history_user, preference._change_reason = user, _("Lien de calendrier révoqué")
    preference.save()
    return preference
