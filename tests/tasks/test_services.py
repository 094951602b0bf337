"""Tasks: recurrence, assignment mail; digests; the calendar feed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from actions.models import Action
from core import roles
from tasks import ics
from tasks.models import Digest, Notification, Preference, Task
from tasks.services import digests
from tasks.services import tasks as task_services
from tests.factories import ActionFactory, TaskFactory, UserFactory
from tests.tasks.test_planner import current_convention

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


@pytest.mark.parametrize(
    ("recurrence", "interval", "due", "expected"),
    [
        ("daily", 1, dt.date(2026, 11, 30), dt.date(2026, 12, 1)),
        ("weekly", 2, dt.date(2026, 11, 25), dt.date(2026, 12, 9)),
        ("monthly", 1, dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ("monthly", 3, dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
        ("yearly", 1, dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
    ],
)
def test_the_next_occurrence_falls_on_the_expected_day(recurrence, interval, due, expected):
    assert task_services.next_due_on(due, recurrence, interval) == expected


def test_completing_a_recurring_task_creates_the_next_one_once():
    task = TaskFactory(recurrence="weekly", due_on=dt.date(2026, 11, 25), title="Point hebdo")
    following = task_services.task_complete(task=task, by=task.assignee)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_at
    assert (following.title, following.due_on, following.previous) == (
        "Point hebdo",
        dt.date(2026, 12, 2),
        task,
    )
    with pytest.raises(ValidationError, match="Seule une tâche à faire"):
        task_services.task_complete(task=task, by=task.assignee)
    task_services.task_reopen(task=task, by=task.assignee)
    assert task_services.task_complete(task=task, by=task.assignee) is None
    assert Task.objects.count() == 2
    assert task.history.first().history_change_reason == "Tâche faite"


def test_a_recurrence_stops_at_its_end_date():
    task = TaskFactory(
        recurrence="monthly",
        due_on=dt.date(2026, 11, 25),
        recurrence_until=dt.date(2026, 12, 20),
    )
    assert task_services.task_complete(task=task, by=task.assignee) is None


def test_someone_else_assigning_a_task_mails_the_assignee(
    eager_jobs, django_capture_on_commit_callbacks
):
    boss = UserFactory(first_name="Anne", last_name="Roux", role=roles.COORDINATOR)
    claire = UserFactory()
    task = Task(title="Relire la convention", assignee=claire, due_on=dt.date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        task_services.task_save(task=task, by=boss)
    (message,) = mail.outbox
    assert message.to == [claire.email]
    assert (
        message.subject == "[Maillage] Anne Roux vous a attribué une tâche : Relire la convention"
    )
    assert f"http://127.0.0.1:8000/taches/{task.pk}/" in message.body
    assert Notification.objects.get(user=claire).url == f"/taches/{task.pk}/"
    # Editing it again without changing the assignee sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        task_services.task_save(task=task, by=boss, previous_assignee_id=claire.pk)
    assert len(mail.outbox) == 1


def test_assigning_a_task_to_oneself_sends_nothing(eager_jobs, django_capture_on_commit_callbacks):
    claire = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        task_services.task_save(task=TaskFactory.build(assignee=claire), by=claire)
    assert callbacks == [] and mail.outbox == []


# Digests


def test_the_digest_goes_out_at_half_past_seven_once_a_day():
    user = UserFactory()
    TaskFactory(assignee=user, title="En retard", due_on=dt.date(2026, 11, 20))
    TaskFactory(assignee=user, title="Cette semaine", due_on=dt.date(2026, 11, 28))
    TaskFactory(assignee=user, title="Plus tard", due_on=dt.date(2026, 12, 20))
    day = dt.date(2026, 11, 25)
    assert digests.digests_send_due(at(day, 7, 29)) == 0
    assert digests.digests_send_due(at(day, 7, 30)) == 1
    assert digests.digests_send_due(at(day, 9, 0)) == 0
    (message,) = mail.outbox
    assert message.subject == "[Maillage] Votre récapitulatif du 25/11/2026"
    assert "En retard" in message.body and "Cette semaine" in message.body
    assert "Plus tard" not in message.body
    assert "Tâches en retard" in message.alternatives[0][0]
    assert "http://127.0.0.1:8000/taches/" in message.body
    assert Digest.objects.get().status == Digest.Status.SENT
    assert digests.digests_send_due(at(day + dt.timedelta(days=1), 7, 30)) == 1


def test_nobody_with_nothing_to_see_gets_a_digest():
    UserFactory()
    assert digests.digests_send_due(at(dt.date(2026, 11, 25), 8)) == 0
    assert mail.outbox == []
    assert Digest.objects.get().status == Digest.Status.EMPTY


def test_each_user_chooses_the_time_of_their_digest_or_none():
    early, off = UserFactory(), UserFactory()
    Preference.objects.create(user=early, digest_time=dt.time(6, 0))
    Preference.objects.create(user=off, digest_enabled=False)
    for user in (early, off):
        TaskFactory(assignee=user, due_on=dt.date(2026, 11, 20))
    assert digests.digests_send_due(at(dt.date(2026, 11, 25), 6, 5)) == 1
    assert digests.digests_send_due(at(dt.date(2026, 11, 25), 20)) == 0
    assert [m.to for m in mail.outbox] == [[early.email]]


def test_the_digest_lists_late_actions_and_conventions_to_renew():
    user = UserFactory()
    convention = current_convention(owner=user, ends_on=dt.date(2027, 1, 31), title="MACS 2026")
    ActionFactory(
        convention=convention,
        owner_user=user,
        title="Former les acheteurs",
        due_on=dt.date(2026, 11, 1),
        status=Action.Status.IN_PROGRESS,
    )
    digests.digests_send_due(at(dt.date(2026, 11, 25), 8))
    body = mail.outbox[0].body
    assert "Former les acheteurs" in body and "MACS 2026" in body and "31/01/2027" in body


# Calendar


def test_the_calendar_lists_tasks_actions_and_convention_dates():
    user = UserFactory()
    TaskFactory(assignee=user, title="Appeler l'ESAT", due_on=dt.date(2026, 12, 3))
    TaskFactory(assignee=user, title="Comité", due_on=dt.date(2026, 12, 4), due_time=dt.time(14, 0))
    convention = current_convention(
        owner=user, ends_on=dt.date(2027, 6, 30), tacit_renewal=True, notice_days=90
    )
    ActionFactory(convention=convention, owner_user=user, due_on=dt.date(2027, 1, 15))
    calendar = Calendar.from_ical(ics.feed_for(user))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert events["Tâche : Appeler l'ESAT"].decoded("dtstart") == dt.date(2026, 12, 3)
    timed = events["Tâche : Comité"].decoded("dtstart")
    assert timed == dt.datetime(2026, 12, 4, 13, 0, tzinfo=dt.UTC)
    kinds = sorted(summary.split(" ")[0] for summary in events)
    assert kinds == ["Action", "Fin", "Préavis", "Tâche", "Tâche"]
    assert all(e["uid"].endswith("@maillage") and "dtstamp" in e for e in events.values())
