"""Bad values on tasks, and the recurrence arithmetic over the whole form range."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core import bounds
from tasks.models import Task
from tasks.services.tasks import next_due_on, task_complete
from tests.conventions.test_bounds import DATE, error_next_to
from tests.factories import TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

INTERVAL = "L'intervalle de récurrence est compris entre 1 et 99."


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"recurrence": "weekly", "recurrence_interval": 99_999_999}, "recurrence_interval",
         INTERVAL),
        ({"recurrence": "yearly", "recurrence_interval": 100}, "recurrence_interval", INTERVAL),
        ({"due_on": "1900-01-01"}, "due_on", DATE),
        ({"due_on": "9999-12-31"}, "due_on", DATE),
        ({"recurrence": "monthly", "recurrence_until": "2099-01-01"}, "recurrence_until", DATE),
    ],
)  # fmt: skip
def test_a_bad_value_on_a_task_is_explained_next_to_its_field(
    client_coordinator, coordinator, values, field, message
):
    data = {"title": "Relancer", "assignee": coordinator.pk, "due_on": "2026-12-01",
            "recurrence_interval": 1, **values}  # fmt: skip
    response = client_coordinator.post(reverse("tasks:task_create"), data)
    assert error_next_to(response, field, message)
    assert not Task.objects.exists()


def test_the_model_refuses_a_huge_interval_whatever_writes_it():
    task = TaskFactory.build(
        assignee=UserFactory(), recurrence="weekly", recurrence_interval=30_000
    )
    with pytest.raises(ValidationError) as caught:
        task.full_clean()
    assert caught.value.message_dict["recurrence_interval"] == [INTERVAL]


def test_a_task_recurring_past_the_horizon_is_completed_and_the_series_ends():
    task = TaskFactory(due_on=dt.date(2026, 12, 1), recurrence="yearly", recurrence_interval=99)
    assert task_complete(task=task, by=task.assignee) is None
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


# Every value the task form lets through.
form_dates = st.dates(min_value=bounds.EARLIEST_DATE, max_value=bounds.LATEST_DATE)
recurrences = st.sampled_from(
    [Task.Recurrence.DAILY, Task.Recurrence.WEEKLY, Task.Recurrence.MONTHLY, Task.Recurrence.YEARLY]
)
intervals = st.integers(min_value=1, max_value=bounds.MAX_RECURRENCE_INTERVAL)


@given(due_on=form_dates, recurrence=recurrences, interval=intervals)
def test_the_next_occurrence_never_crashes_and_always_moves_forward(due_on, recurrence, interval):
    following = next_due_on(due_on, recurrence, interval)
    assert following > due_on
    if recurrence in (Task.Recurrence.MONTHLY, Task.Recurrence.YEARLY):
        months = interval * (12 if recurrence == Task.Recurrence.YEARLY else 1)
        assert (following.year - due_on.year) * 12 + following.month - due_on.month == months
        assert following.day == due_on.day or following.day >= 28
