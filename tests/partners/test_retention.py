"""GDPR retention: unconfirmed import files go after a day, report batches after a week,
contacts idle for RETENTION_INACTIVE_YEARS are flagged for review."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conventions import jobs as convention_jobs
from conventions.models import ReportBatch
from partners import jobs as partner_jobs
from partners.models import Interaction
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 3, 2, 9, tzinfo=PARIS)


def _saved_at(name: str, moment: dt.datetime) -> str:
    """A file in storage, last written at `moment` (the file system's own clock)."""
    name = default_storage.save(name, ContentFile(b"prenom;nom\n"))
    os.utime(default_storage.path(name), (moment.timestamp(), moment.timestamp()))
    return name


def test_an_unconfirmed_import_file_is_deleted_after_a_day():
    old = _saved_at("imports/IMP-20260302-090000-aaaaaa.csv", START)
    recent = _saved_at("imports/IMP-20260303-050000-bbbbbb.csv", START + dt.timedelta(hours=20))
    try:
        with time_machine.travel(START + dt.timedelta(hours=25), tick=False):
            assert partner_jobs.retention_apply()["imports"] == 1
        assert not default_storage.exists(old)
        assert default_storage.exists(recent)
    finally:
        default_storage.delete(old)
        default_storage.delete(recent)


def test_a_batch_of_reports_and_its_zip_are_deleted_after_a_week():
    with time_machine.travel(START, tick=False):
        old = ReportBatch.objects.create(label="Ancien", total=1, done=1)
        old.file.save("ancien.zip", ContentFile(b"PK"), save=True)
    with time_machine.travel(START + dt.timedelta(days=5), tick=False):
        recent = ReportBatch.objects.create(label="Récent")
    name = old.file.name
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        assert convention_jobs.report_batches_purge() == 1
    assert list(ReportBatch.objects.all()) == [recent]
    assert not default_storage.exists(name)


def test_contacts_idle_for_the_configured_years_are_flagged_and_cleared_when_active(settings):
    settings.RETENTION_INACTIVE_YEARS = 2
    with time_machine.travel(START, tick=False):
        idle, journal, fresh = ContactFactory(), ContactFactory(), ContactFactory()
    entry = Interaction.objects.create(
        kind="call", occurred_on=dt.date(2027, 12, 1), subject="Point"
    )
    entry.contacts.add(journal)
    with time_machine.travel(START + dt.timedelta(days=365), tick=False):
        fresh.save()
    with time_machine.travel(START + dt.timedelta(days=2 * 365 + 10), tick=False):
        result = partner_jobs.retention_apply()
    assert (result["flagged"], result["cleared"]) == (1, 0)
    idle.refresh_from_db()
    assert idle.inactive_since == dt.date(2028, 3, 11)
    with time_machine.travel(START + dt.timedelta(days=2 * 365 + 20), tick=False):
        idle.save()
        assert partner_jobs.retention_apply()["cleared"] == 1
