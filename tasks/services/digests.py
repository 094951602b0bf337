"""Each user's daily digest: overdue tasks, this week's, late actions, conventions to renew."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from conventions.models import Convention
from tasks.models import Digest, Notification, Preference, Reminder, Task
from tasks.services.mail import SMTP_ERRORS, absolute_url, message_build

logger = logging.getLogger(__name__)
User = get_user_model()


def _not_reminded(user: User, today: dt.date, subject: str) -> Exists:
    """No reminder about this row was mailed to `user` earlier on `today` (local day)."""
    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    mailed = Reminder.objects.filter(
        recipient=user,
        status=Reminder.Status.SENT,
        sent_at__gte=day_start,
        sent_at__lt=day_start + dt.timedelta(days=1),
        **{subject: OuterRef("pk")},
    )
    return ~Exists(mailed)


def digest_content(*, user: User, today: dt.date) -> dict[str, list]:
    """What a user's daily digest lists; all empty means no mail.

    One mail per person per moment: what a reminder already mailed to this user today is
    left out (the reminder said it; the digest would only say it again)."""
    week_end = today + dt.timedelta(days=6)
    tasks = (
        Task.objects.open()
        .filter(assignee=user)
        .filter(_not_reminded(user, today, "task"))
        .select_related("organisation", "convention")
    )
    mine = Q(owner_user=user) | Q(convention__coordinator=user)
    conventions = (
        Convention.objects.ending_within(90, today)
        .filter(Q(owner=user) | Q(coordinator=user))
        .filter(_not_reminded(user, today, "convention"))
    )
    actions = Action.objects.late(today).filter(mine).filter(_not_reminded(user, today, "action"))
    return {
        "overdue": list(tasks.filter(due_on__lt=today)[:50]),
        "this_week": list(tasks.filter(due_on__gte=today, due_on__lte=week_end)[:50]),
        "late_actions": list(actions.select_related("convention")[:50]),
        "to_renew": list(conventions.order_by("ends_on")[:50]),
    }


def _due_window(local: dt.datetime) -> tuple[dt.time, dt.time]:
    """The chosen times whose digest is due at `local`: from DIGESTS_SEND_WITHIN_MINUTES ago
    (not before midnight) up to now."""
    earliest = local - dt.timedelta(minutes=settings.DIGESTS_SEND_WITHIN_MINUTES)
    return (earliest.time() if earliest.date() == local.date() else dt.time.min), local.time()


def _digest_candidates(now: dt.datetime) -> list[int]:
    local = timezone.localtime(now)
    today = local.date()
    done = Digest.objects.filter(day=today).exclude(
        status=Digest.Status.PENDING, attempts__lt=settings.REMINDERS_MAX_ATTEMPTS
    )
    # A digest is due from its chosen time, for a while: started (or created) later in the
    # day, Maillage waits for tomorrow's chosen time instead of mailing at once, minutes after
    # the reminders of the day went out.
    earliest, latest = _due_window(local)
    not_now = Preference.objects.filter(
        Q(digest_enabled=False) | Q(digest_time__gt=latest) | Q(digest_time__lt=earliest)
    ).values("user_id")
    default_time = Preference._meta.get_field("digest_time").default
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(username=User.SYSTEM_USERNAME)
        .exclude(pk__in=done.values("user_id"))
        .exclude(pk__in=not_now)
    )
    if not earliest <= default_time <= latest:
        # Outside the default time's window only those who chose their own time are due.
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
            digest = _digest_claim(user_id=user_id, today=today)
            return 0 if digest is None else _digest_mail(digest, now=now)
    except SMTP_ERRORS as error:
        _digest_failed(user_id=user_id, today=today, error=error)
        return 0


def _digest_claim(*, user_id: int, today: dt.date) -> Digest | None:
    """Today's digest row of this user, locked, if it is still to be sent by us."""
    digest = (
        Digest.objects.select_for_update(skip_locked=True)
        .filter(user_id=user_id, day=today)
        .first()
    )
    if digest is None:
        if Digest.objects.filter(user_id=user_id, day=today).exists():
            return None  # another sender holds it right now
        digest = Digest.objects.create(user_id=user_id, day=today)
    return digest if digest.status == Digest.Status.PENDING else None


def _digest_mail(digest: Digest, *, now: dt.datetime) -> int:
    """Mail the digest, or mark it empty when there is nothing to list; 1 when mailed."""
    user, today = User.objects.get(pk=digest.user_id), digest.day
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
    message_build(
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


def _digest_failed(*, user_id: int, today: dt.date, error: Exception) -> None:
    """Count the attempt; give up for the day after REMINDERS_MAX_ATTEMPTS."""
    with transaction.atomic():
        digest, _created = Digest.objects.get_or_create(user_id=user_id, day=today)
        digest.attempts += 1
        if digest.attempts >= settings.REMINDERS_MAX_ATTEMPTS:
            digest.status = Digest.Status.FAILED
        digest.save(update_fields=["attempts", "status"])
    logger.warning("Digest for user %s not sent: %s", user_id, error)
