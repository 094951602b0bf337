"""GDPR retention: unconfirmed import files go after a day, export files and report batches
after a week, contacts idle for RETENTION_INACTIVE_YEARS are flagged for review."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conventions import jobs as convention_jobs
from conventions.models import ReportBatch
from partners import jobs as partner_jobs
from partners.models import DataJob, Interaction
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 3, 2, 9, tzinfo=PARIS)


def _job(operation: str, status: str, moment: dt.datetime, **files: str) -> DataJob:
    """A job created (and last changed) at `moment`, with its file(s) in storage."""
    with time_machine.travel(moment, tick=False):
        job = DataJob(
            operation=operation, subject="contacts", status=status,
            reference=f"{operation}-{status}-{moment:%d%H}",
        )  # fmt: skip
        for name, filename in files.items():
            getattr(job, name).save(filename, ContentFile(b"prenom;nom\n"), save=False)
        job.save()
    return job


def test_an_unconfirmed_import_file_is_deleted_after_a_day():
    Status = DataJob.Status
    old = _job("import", Status.CHECKED, START, source="old.csv")
    recent = _job("import", Status.CHECKED, START + dt.timedelta(hours=20), source="new.csv")
    writing = _job("import", Status.WRITING, START, source="writing.csv")
    names = [old.source.name, recent.source.name, writing.source.name]
    try:
        with time_machine.travel(START + dt.timedelta(hours=25), tick=False):
            assert partner_jobs.retention_apply()["imports"] == 1
        assert not default_storage.exists(names[0])
        assert default_storage.exists(names[1]) and default_storage.exists(names[2])
        old.refresh_from_db()
        assert (old.source.name, old.status) == ("", Status.FAILED)
        assert "déposez-le de nouveau" in old.error
    finally:
        for name in names:
            default_storage.delete(name)


def test_a_finished_export_file_is_deleted_after_a_week_and_the_job_stays():
    Status = DataJob.Status
    old = _job("export", Status.DONE, START, result="old.csv")
    recent = _job("export", Status.DONE, START + dt.timedelta(days=5), result="new.csv")
    names = [old.result.name, recent.result.name]
    try:
        with time_machine.travel(START + dt.timedelta(days=8), tick=False):
            assert partner_jobs.retention_apply()["exports"] == 1
        assert not default_storage.exists(names[0]) and default_storage.exists(names[1])
        old.refresh_from_db()
        assert old.result.name == "" and old.status == Status.DONE
    finally:
        for name in names:
            default_storage.delete(name)


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
