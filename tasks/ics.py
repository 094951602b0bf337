"""A user's deadlines as an RFC 5545 calendar (Outlook, Thunderbird)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from actions.models import Action
from conventions.models import Convention
from tasks.models import Task

FEED_LIMIT = 1000


def feed_path(token: str) -> str:
    return reverse("tasks:calendar_feed", args=[token])


def _event(uid: str, summary: str, day: dt.date, url: str, stamp: dt.datetime, **kw) -> Event:
    event = Event()
    event.add("uid", f"{uid}@maillage")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    start = kw.get("start")
    if start is not None:
        # Timed: in UTC, so no VTIMEZONE block is needed.
        event.add("dtstart", start.astimezone(dt.UTC))
        event.add("dtend", (start + dt.timedelta(minutes=30)).astimezone(dt.UTC))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("url", url)
    event.add("description", url)
    return event


def feed_for(user: object) -> bytes:
    """Open tasks, open actions they own, and their conventions' end and notice dates."""
    site = settings.SITE_URL.rstrip("/")
    stamp = timezone.now().replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Maillage//Échéances//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Maillage — {user}")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for task in Task.objects.open().filter(assignee=user).order_by("due_on")[:FEED_LIMIT]:
        start = None
        if task.due_time:
            start = timezone.make_aware(dt.datetime.combine(task.due_on, task.due_time))
        cal.add_component(
            _event(
                f"task-{task.pk}",
                f"Tâche : {task.title}",
                task.due_on,
                site + task.get_absolute_url(),
                stamp,
                start=start,
            )
        )
    actions = (
        Action.objects.open()
        .filter(owner_user=user, due_on__isnull=False)
        .select_related("convention")
        .order_by("due_on")[:FEED_LIMIT]
    )
    for action in actions:
        cal.add_component(
            _event(
                f"action-{action.pk}",
                f"Action {action.number} : {action.title} ({action.convention.reference})",
                action.due_on,
                site + action.get_absolute_url(),
                stamp,
            )
        )
    conventions = Convention.objects.current().filter(Q(owner=user) | Q(coordinator=user))
    for convention in conventions.order_by("ends_on")[:FEED_LIMIT]:
        url = site + convention.get_absolute_url()
        if convention.ends_on:
            cal.add_component(
                _event(
                    f"convention-{convention.pk}-end",
                    f"Fin de la convention {convention.reference} : {convention.title}",
                    convention.ends_on,
                    url,
                    stamp,
                )
            )
        if convention.notice_deadline and convention.notice_days:
            cal.add_component(
                _event(
                    f"convention-{convention.pk}-notice",
                    f"Préavis de la convention {convention.reference} : {convention.title}",
                    convention.notice_deadline,
                    url,
                    stamp,
                )
            )
    return cal.to_ical()
