"""The sender: claim due reminders, mail each recipient once, mark them sent.

The tunables are settings, each named once in config/settings.py
and read at every call (REMINDERS_CLAIM_SECONDS, REMINDERS_CLAIM_BATCH,
REMINDERS_MAX_ATTEMPTS, REMINDERS_RETRY_SECONDS): operators set them, the worker
tests shorten them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conventions.models import Convention
from core import roles
from partners import privacy
from partners.models import Contact
from tasks.models import Notification, Reminder, ReminderRule, Task
from tasks.services.mail import SMTP_ERRORS, absolute_url, message_build

logger = logging.getLogger(__name__)
User = get_user_model()
Event = ReminderRule.Event


def _claim(now: dt.datetime, batch: int) -> list[Reminder]:
    """Take up to `batch` due reminders for this sender alone.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so parallel senders take disjoint
    rows. SQLite ignores the lock clause but its IMMEDIATE transactions run one at a
    time, which makes the select-then-update below a guarded status change."""
    lease = dt.timedelta(seconds=settings.REMINDERS_CLAIM_SECONDS)
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
        return action.is_open and action.due_on == reminder.about_on
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
    """Back off, or give up after REMINDERS_MAX_ATTEMPTS and tell the administrators."""
    max_attempts = settings.REMINDERS_MAX_ATTEMPTS
    base = settings.REMINDERS_RETRY_SECONDS
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
            _administrators_notify(given_up=given_up, error=group[-1].last_error)
    logger.warning("Reminders %s not sent: %s", [r.pk for r in group], error)
    return given_up


def _administrators_notify(*, given_up: int, error: str) -> None:
    """Tell every active administrator that reminders were given up, and where to retry them."""
    admins = User.objects.filter(groups__name=roles.ADMINISTRATOR, is_active=True)
    url = reverse("tasks:reminder_failed_list")
    Notification.objects.bulk_create(
        Notification(
            user=admin,
            title=_("%(count)d rappel(s) n'ont pas pu être envoyés") % {"count": given_up},
            body=error[:500],
            url=url,
        )
        for admin in admins
    )


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
            "unsubscribe_url": _unsubscribe_url(first),
        }
        # Stable across retries: the group's first reminder names the mail.
        message = message_build(
            "reminder", context, to=to, message_id=first.message_id, connection=connection
        )
        # Which reminders this mail carries, for support and for the delivery tests.
        message.extra_headers["X-Maillage-Reminders"] = ",".join(str(r.pk) for r in group)
        if context["unsubscribe_url"]:
            # A partner contact leaves in one click, from their mail client too (RFC 8058).
            message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.send()
    _mark_sent(group, now)


def _unsubscribe_url(reminder: Reminder) -> str:
    """A partner contact's signed one-click unsubscribe address; users have none."""
    contact_id = None if reminder.recipient_id else _contact_id(reminder)
    return privacy.unsubscribe_url(Contact(pk=contact_id)) if contact_id else ""


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
        claimed = _claim(moment, settings.REMINDERS_CLAIM_BATCH)
        if not claimed:
            break
        count, finished = _send_batch(_per_recipient(claimed), connection, moment)
        sent += count
        if not finished:
            break
    return sent


def _contact_id(reminder: Reminder) -> int | None:
    """The partner contact a reminder is addressed to (planner key "…:contact=<id>")."""
    _sep, found, tail = reminder.key.rpartition(":contact=")
    return int(tail) if found and tail.isascii() and tail.isdigit() else None


def _consenting(claimed: list[Reminder]) -> set[int]:
    """Of the contacts these reminders go to, those who still accept e-mail, now (one query)."""
    ids = {cid for r in claimed if not r.recipient_id and (cid := _contact_id(r)) is not None}
    if not ids:
        return set()
    return set(Contact.objects.filter(pk__in=ids, email_consent=True).values_list("pk", flat=True))


def _per_recipient(claimed: list[Reminder]) -> list[list[Reminder]]:
    """The claimed reminders still owed, one group per recipient; the others deleted."""
    # Consent is read at send time: a contact who withdrew it since planning gets nothing.
    consenting = _consenting(claimed)
    obsolete = [
        r.pk
        for r in claimed
        if not _still_owed(r) or (not r.recipient_id and _contact_id(r) not in consenting)
    ]
    if obsolete:
        Reminder.objects.filter(pk__in=obsolete, status=Reminder.Status.PENDING).delete()
    groups: dict[object, list[Reminder]] = defaultdict(list)
    for reminder in claimed:
        if reminder.pk not in obsolete:
            groups[reminder.recipient_id or reminder.recipient_email.lower()].append(reminder)
    return list(groups.values())


def _send_batch(
    batch: list[list[Reminder]], connection: object, moment: dt.datetime
) -> tuple[int, bool]:
    """Mail each group on one connection: (reminders sent, whether the batch was finished)."""
    sent = 0
    started, lease = time.monotonic(), settings.REMINDERS_CLAIM_SECONDS
    try:
        connection.open()
        for index, group in enumerate(batch):
            if time.monotonic() - started > lease / 2:
                # A slow server: hand the rest back before another sender may take it over.
                _release([r for g in batch[index:] for r in g], moment)
                return sent, False
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
        rest = list(
            Reminder.objects.filter(
                pk__in=[r.pk for g in batch for r in g],
                status=Reminder.Status.PENDING,
                claimed_at=moment,
            )
        )
        if rest:
            _mark_failed_attempt(rest, moment, error)
    finally:
        try:
            connection.close()
        except SMTP_ERRORS:
            logger.info("SMTP connection already closed")
    return sent, True


def reminder_retry(*, reminder: Reminder, now: dt.datetime | None = None) -> Reminder:
    """An administrator sends a failed reminder again."""
    if reminder.status != Reminder.Status.FAILED:
        raise ValidationError(_("Seul un rappel en échec peut être renvoyé."))
    reminder.status, reminder.attempts = Reminder.Status.PENDING, 0
    reminder.send_after, reminder.claimed_at = now or timezone.now(), None
    reminder.save(update_fields=["status", "attempts", "send_after", "claimed_at"])
    return reminder
