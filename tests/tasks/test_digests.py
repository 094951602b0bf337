"""One mail per person per moment: the digest after the reminders, at the chosen time only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tasks.models import Digest, Preference
from tasks.services import digests, planner, sender
from tests.factories import TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 25)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def test_the_digest_leaves_out_what_a_reminder_mailed_that_morning(smtp_settings):
    claire = UserFactory()
    TaskFactory(assignee=claire, title="Relancer l'ESAT", due_on=DAY)
    TaskFactory(assignee=claire, title="Préparer le comité", due_on=DAY + dt.timedelta(days=3))
    planner.reminders_plan(at(DAY, 7))
    assert sender.reminders_send_due(at(DAY, 7)) == 1
    assert digests.digests_send_due(at(DAY, 7, 30)) == 1
    reminder, digest = smtp_settings.messages
    assert "Relancer l'ESAT" in reminder.get_body(("plain",)).get_content()
    body = digest.get_body(("plain",)).get_content()
    assert "Préparer le comité" in body
    assert "Relancer l'ESAT" not in body
    # The next day the reminder is yesterday's news: the task is listed again, as overdue.
    assert digests.digests_send_due(at(DAY + dt.timedelta(days=1), 7, 30)) == 1
    assert "Relancer l'ESAT" in smtp_settings.messages[-1].get_body(("plain",)).get_content()


def test_a_digest_saying_only_what_the_reminders_said_is_not_sent(smtp_settings):
    claire = UserFactory()
    TaskFactory(assignee=claire, title="Relancer l'ESAT", due_on=DAY)
    planner.reminders_plan(at(DAY, 7))
    sender.reminders_send_due(at(DAY, 7))
    assert digests.digests_send_due(at(DAY, 7, 30)) == 0
    assert smtp_settings.count() == 1
    assert Digest.objects.get(user=claire).status == Digest.Status.EMPTY


def test_started_after_the_chosen_time_the_first_digest_waits_for_it(smtp_settings):
    morning, evening = UserFactory(), UserFactory()
    Preference.objects.create(user=evening, digest_time=dt.time(18, 0))
    for user in (morning, evening):
        TaskFactory(assignee=user, due_on=DAY - dt.timedelta(days=2))
    # Maillage starts at 14:00: 07:30 has long passed, nobody is mailed at once.
    assert digests.digests_send_due(at(DAY, 14)) == 0
    assert digests.digests_send_due(at(DAY, 14, 5)) == 0
    assert digests.digests_send_due(at(DAY, 18)) == 1
    assert digests.digests_send_due(at(DAY + dt.timedelta(days=1), 7, 30)) == 1
    assert smtp_settings.recipients() == [evening.email, morning.email]
