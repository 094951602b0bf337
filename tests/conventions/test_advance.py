"""The hourly job moves conventions along their dates, as the system user."""

import datetime as dt

import pytest
import time_machine

from conventions import jobs
from conventions.models import Convention
from core.models import User
from tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=False)
def test_a_signed_convention_becomes_active_on_its_start_date_as_the_system_user():
    starting = ConventionFactory(
        status="signed", signed_on=dt.date(2026, 11, 1), starts_on=dt.date(2026, 11, 25)
    )
    later = ConventionFactory(
        status="signed", signed_on=dt.date(2026, 11, 1), starts_on=dt.date(2026, 11, 26)
    )
    assert jobs.conventions_advance() == 1
    starting.refresh_from_db()
    later.refresh_from_db()
    assert (starting.status, later.status) == ("active", "signed")
    latest = starting.history.first()
    assert latest.history_user == User.system()
    assert latest.history_change_reason == "Statut : En cours"


@time_machine.travel(TODAY, tick=False)
def test_past_its_end_date_a_convention_expires_or_is_tacitly_renewed():
    ending = ConventionFactory(
        status="active",
        signed_on=dt.date(2025, 1, 1),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 11, 24),
    )
    tacit = ConventionFactory(
        status="active",
        signed_on=dt.date(2021, 1, 1),
        starts_on=dt.date(2021, 2, 4),
        ends_on=dt.date(2025, 2, 3),
        tacit_renewal=True,
        renewal_months=12,
        notice_days=60,
    )
    last_day = ConventionFactory(
        status="active",
        signed_on=dt.date(2025, 1, 1),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 11, 25),
    )
    assert jobs.conventions_advance() == 2
    ending.refresh_from_db()
    tacit.refresh_from_db()
    last_day.refresh_from_db()
    assert ending.status == "expired"
    assert last_day.status == "active"
    assert (tacit.status, tacit.ends_on) == ("active", dt.date(2027, 2, 3))
    assert tacit.notice_deadline == dt.date(2026, 12, 5)
    assert tacit.history.first().history_change_reason == "Reconduction tacite jusqu'au 03/02/2027"
    assert tacit.history.first().history_user == User.system()


@time_machine.travel(TODAY, tick=False)
def test_running_twice_changes_nothing_more():
    ConventionFactory(
        status="signed",
        signed_on=dt.date(2026, 1, 1),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    assert jobs.conventions_advance() == 1
    assert Convention.objects.get().status == "active"
    assert jobs.conventions_advance() == 1
    assert Convention.objects.get().status == "expired"
    history_rows = Convention.history.count()
    assert jobs.conventions_advance() == 0
    assert Convention.history.count() == history_rows
