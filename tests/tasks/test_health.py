"""What tasks reports on /sante/: the last beat tick and the oldest reminder waiting."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tasks import health, jobs
from tasks.models import Heartbeat, Reminder
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def checks(client) -> tuple[int, dict]:
    response = client.get(reverse("core:health"))
    return response.status_code, response.json()


def test_before_the_first_tick_beat_is_late_and_the_site_still_answers_200(client):
    status, report = checks(client)
    assert status == 200
    assert report["status"] == "degraded"
    assert report["checks"]["beat"] == {"ok": False, "last_tick_seconds": None, "critical": False}


def test_each_planner_run_is_the_tick_that_health_reports(client):
    jobs.reminders_plan()
    status, report = checks(client)
    assert (status, report["status"]) == (200, "ok")
    assert report["checks"]["beat"]["ok"] is True
    assert report["checks"]["beat"]["last_tick_seconds"] < 60
    assert Heartbeat.objects.filter(job=health.BEAT_JOB).exists()


def test_a_planner_silent_for_longer_than_the_limit_is_a_late_beat(client, settings):
    settings.HEALTH_BEAT_LATE_SECONDS = 600
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=601), tick=False):
        jobs.reminders_plan()
    _status, report = checks(client)
    assert report["checks"]["beat"]["ok"] is False
    assert report["checks"]["beat"]["last_tick_seconds"] >= 601


def test_a_reminder_due_for_too_long_degrades_the_report_with_its_age_only(client, settings):
    settings.HEALTH_REMINDER_LATE_SECONDS = 900
    jobs.reminders_plan()
    task = TaskFactory(due_on=timezone.localdate())
    Reminder.objects.create(
        key="test:late",
        recipient=task.assignee,
        task=task,
        about_on=task.due_on,
        send_after=timezone.now() - dt.timedelta(seconds=1000),
        event="task_due",
    )
    status, report = checks(client)
    assert (status, report["status"]) == (200, "degraded")
    assert report["checks"]["reminders"]["ok"] is False
    assert report["checks"]["reminders"]["oldest_pending_seconds"] >= 1000
    assert task.assignee.email.encode() not in client.get(reverse("core:health")).content


def test_a_reminder_waiting_for_its_retry_is_not_late(client):
    jobs.reminders_plan()
    task = TaskFactory(due_on=timezone.localdate())
    Reminder.objects.create(
        key="test:retry",
        recipient=task.assignee,
        task=task,
        about_on=task.due_on,
        send_after=timezone.now() + dt.timedelta(minutes=8),
        event="task_due",
        attempts=4,
    )
    _status, report = checks(client)
    assert report["checks"]["reminders"] == {
        "ok": True,
        "oldest_pending_seconds": 0,
        "critical": False,
    }
