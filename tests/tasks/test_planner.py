"""The planner derives reminders from the data, once, on the right Paris day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conventions.models import Convention
from tasks.models import Heartbeat, Reminder, ReminderRule, Task
from tasks.services import planner, planner_scope
from tests.factories import (
    ActionFactory,
    ContactFactory,
    ConventionFactory,
    PartyFactory,
    TaskFactory,
    UserFactory,
    moved_to,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def keys() -> list[str]:
    return sorted(Reminder.objects.values_list("key", flat=True))


def test_a_task_is_reminded_the_day_before_and_on_the_day_to_its_assignee():
    task = TaskFactory(due_on=dt.date(2026, 11, 25))
    assert planner.reminders_plan(at(2026, 11, 23)) == 0
    assert planner.reminders_plan(at(2026, 11, 24)) == 1
    assert planner.reminders_plan(at(2026, 11, 25)) == 1
    reminders = Reminder.objects.order_by("send_after")
    assert [r.recipient for r in reminders] == [task.assignee, task.assignee]
    assert [r.send_after for r in reminders] == [at(2026, 11, 24, 7), at(2026, 11, 25, 7)]
    assert planner.reminders_plan(at(2026, 11, 26)) == 0


def test_planning_twice_creates_nothing_new():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    ActionFactory(due_on=dt.date(2026, 11, 30), owner_user=UserFactory())
    assert planner.reminders_plan(at(2026, 11, 25)) == 2
    before = keys()
    assert planner.reminders_plan(at(2026, 11, 25, 18)) == 0
    assert keys() == before


def test_the_day_turns_at_midnight_in_paris_not_in_utc():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    # 23:30 UTC on the 24th is already 00:30 on the 25th in Paris: the same-day reminder.
    with time_machine.travel(dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC), tick=False):
        planner.reminders_plan()
    assert [k.split(":at=")[1][:10] for k in keys()] == ["2026-11-25"]
    Reminder.objects.all().delete()
    # 22:59 UTC on the 24th is 23:59 in Paris: still the day before.
    with time_machine.travel(dt.datetime(2026, 11, 24, 22, 59, tzinfo=dt.UTC), tick=False):
        planner.reminders_plan()
    assert [k.split(":at=")[1][:10] for k in keys()] == ["2026-11-24"]


@pytest.mark.parametrize(
    ("due", "utc_hours"),
    [
        # Clocks go forward on 29/03/2026: 07:00 in Paris is 06:00 UTC, then 05:00 UTC.
        (dt.date(2026, 3, 29), [6, 5]),
        # Clocks go back on 25/10/2026: 07:00 in Paris is 05:00 UTC, then 06:00 UTC.
        (dt.date(2026, 10, 25), [5, 6]),
    ],
)
def test_reminders_go_out_at_seven_paris_time_across_daylight_saving_changes(due, utc_hours):
    TaskFactory(due_on=due)
    planner.reminders_plan(at(due.year, due.month, due.day - 1, 12))
    planner.reminders_plan(at(due.year, due.month, due.day, 12))
    hours = [r.send_after.astimezone(dt.UTC).hour for r in Reminder.objects.order_by("send_after")]
    assert hours == utc_hours


def test_after_an_outage_only_the_latest_reminder_is_owed():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    # Nobody planned on the 24th: on the 25th, one reminder, not two.
    assert planner.reminders_plan(at(2026, 11, 25)) == 1
    assert keys()[0].split(":at=")[1].startswith("2026-11-25")


def test_a_done_task_or_an_inactive_assignee_owes_nothing():
    TaskFactory(due_on=dt.date(2026, 11, 25), status=Task.Status.DONE, completed_at=at(2026, 11, 1))
    TaskFactory(due_on=dt.date(2026, 11, 25), assignee=UserFactory(is_active=False))
    assert planner.reminders_plan(at(2026, 11, 25)) == 0


def test_moving_a_task_owes_a_reminder_for_the_new_date():
    task = TaskFactory(due_on=dt.date(2026, 11, 25))
    planner.reminders_plan(at(2026, 11, 25))
    task.due_on = dt.date(2026, 11, 26)
    task.save()
    assert planner.reminders_plan(at(2026, 11, 25, 10)) == 1


def test_an_action_is_reminded_seven_days_before_to_its_owner():
    owner = UserFactory()
    ActionFactory(due_on=dt.date(2026, 12, 10), owner_user=owner)
    assert planner.reminders_plan(at(2026, 12, 2)) == 0
    assert planner.reminders_plan(at(2026, 12, 3)) == 1
    assert Reminder.objects.get().recipient == owner
    assert planner.reminders_plan(at(2026, 12, 5)) == 0


def test_a_late_action_is_reminded_weekly_to_its_owner_and_coordinator():
    owner, coordinator = UserFactory(), UserFactory()
    convention = ConventionFactory(coordinator=coordinator)
    ActionFactory(due_on=dt.date(2026, 11, 10), owner_user=owner, convention=convention)
    late_reminders = Reminder.objects.filter(event=ReminderRule.Event.ACTION_LATE)
    planner.reminders_plan(at(2026, 11, 11))
    assert {r.recipient for r in late_reminders} == {owner, coordinator}
    planner.reminders_plan(at(2026, 11, 17))
    assert late_reminders.all().count() == 2
    planner.reminders_plan(at(2026, 11, 18))
    assert late_reminders.all().count() == 4


def current_convention(**fields) -> Convention:
    fields.setdefault("owner", UserFactory())
    fields.setdefault("coordinator", UserFactory())
    fields.setdefault("signed_on", dt.date(2025, 12, 15))
    fields.setdefault("status", Convention.Status.ACTIVE)
    return ConventionFactory(**fields)


def test_a_convention_end_is_reminded_ninety_thirty_and_seven_days_before():
    convention = current_convention(ends_on=dt.date(2026, 12, 31))
    fired = []
    for day in (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 2),
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 24),
    ):
        fired.append(planner.reminders_plan(at(day.year, day.month, day.day)))
    assert fired == [0, 2, 2, 2]
    assert {r.recipient for r in Reminder.objects.all()} == {
        convention.owner,
        convention.coordinator,
    }


def test_the_notice_deadline_is_reminded_thirty_and_seven_days_before():
    convention = current_convention(
        ends_on=dt.date(2027, 6, 30), tacit_renewal=True, notice_days=90
    )
    deadline = convention.notice_deadline
    assert deadline is not None
    day = deadline - dt.timedelta(days=30)
    planner.reminders_plan(at(day.year, day.month, day.day))
    notice = Reminder.objects.filter(event=ReminderRule.Event.CONVENTION_NOTICE)
    assert notice.count() == 2
    assert {r.about_on for r in notice} == {deadline}


def test_a_draft_convention_owes_no_reminder():
    ConventionFactory(ends_on=dt.date(2026, 12, 31), owner=UserFactory())
    assert planner.reminders_plan(at(2026, 12, 24)) == 0


def test_a_convention_can_replace_the_default_schedule_with_an_escalating_one():
    # Its parties are written before it runs: a signed text takes no new part.
    convention = current_convention(ends_on=dt.date(2026, 12, 31), status=Convention.Status.DRAFT)
    for days in (60, 14, 3):
        ReminderRule.objects.create(
            event=ReminderRule.Event.CONVENTION_END,
            days_before=days,
            convention=convention,
            notify_owner=True,
            notify_party_contacts=True,
        )
    consenting = ContactFactory(email_consent=True, email_consent_at=at(2026, 1, 1))
    PartyFactory(convention=convention, signatory=consenting)
    PartyFactory(convention=convention, signatory=ContactFactory(email_consent=False))
    moved_to(convention, Convention.Status.ACTIVE)
    assert planner.reminders_plan(at(2026, 11, 1)) == 2
    recipients = {(r.recipient, r.recipient_email) for r in Reminder.objects.all()}
    assert recipients == {(convention.owner, ""), (None, consenting.email)}
    # The default 30-day reminder no longer fires; the 14-day one does.
    assert planner.reminders_plan(at(2026, 12, 1)) == 0
    assert planner.reminders_plan(at(2026, 12, 17)) == 2


def test_an_inactive_override_leaves_the_defaults_in_place():
    convention = current_convention(ends_on=dt.date(2026, 12, 31))
    ReminderRule.objects.create(
        event=ReminderRule.Event.CONVENTION_END,
        days_before=60,
        convention=convention,
        notify_owner=True,
        is_active=False,
    )
    assert planner.reminders_plan(at(2026, 12, 1)) == 2


def plan_days(days: list[dt.date], *, full: bool) -> set[str]:
    for day in days:
        # Incremental: the day's first tick, then one with nothing new. Full: no mark at all.
        for hour in (9,) if full else (9, 15):
            if full:
                Heartbeat.objects.filter(job=planner_scope.MARK_JOB).delete()
            with time_machine.travel(at(day.year, day.month, day.day, hour), tick=False):
                planner.reminders_plan()
    return set(keys())


def test_a_tick_that_reads_only_what_changed_owes_what_a_full_pass_owes():
    start = timezone.localdate() + dt.timedelta(days=10)
    with time_machine.travel(at(start.year, start.month, start.day, 8), tick=False):
        for offset in range(0, 12, 2):
            TaskFactory(due_on=start + dt.timedelta(days=offset))
        convention = current_convention(
            starts_on=start - dt.timedelta(days=200),
            ends_on=start + dt.timedelta(days=37),
            tacit_renewal=True,
            notice_days=30,
        )
        for offset in range(-15, 12, 3):
            ActionFactory(
                convention=convention,
                owner_user=UserFactory(),
                due_on=start + dt.timedelta(days=offset),
            )
    # Every day for ten days, but for a two-day outage.
    days = [start + dt.timedelta(days=n) for n in range(10) if n not in (4, 5)]
    incremental = plan_days(days, full=False)
    Reminder.objects.all().delete()
    assert incremental
    assert plan_days(days, full=True) == incremental


def test_a_task_saved_after_the_last_tick_is_planned_on_the_same_day():
    today = timezone.localdate() + dt.timedelta(days=5)
    with time_machine.travel(at(today.year, today.month, today.day, 9), tick=False):
        assert planner.reminders_plan() == 0
    with time_machine.travel(at(today.year, today.month, today.day, 9, 30), tick=False):
        TaskFactory(due_on=today)
    with time_machine.travel(at(today.year, today.month, today.day, 10), tick=False):
        assert planner.reminders_plan() == 1
