"""An import checked then written by a real Celery worker, on the configured broker."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app as celery_app
from partners.models import DataJob, Organisation, Trade
from tests.conftest import restore_reference_data
from tests.partners.import_files import as_csv, organisation_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """An earlier transactional test may have flushed the departments the file names."""
    restore_reference_data()


@pytest.fixture
def worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield


def wait_until_ended(job: DataJob, seconds: float = 30) -> DataJob:
    """The job once it has left its running statuses (polled, as the page does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_running:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job still {job.status} at {job.done}/{job.total}")


def test_a_worker_checks_then_writes_an_import_the_user_confirmed(client_relations, worker):
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    content = as_csv(organisation_rows(30))
    response = client_relations.post(
        reverse("partners:import_upload"),
        {"kind": "organisations", "file": SimpleUploadedFile("o.csv", content)},
    )
    job = wait_until_ended(DataJob.objects.get())
    assert (job.status, job.done, job.total) == (DataJob.Status.CHECKED, 30, 30)
    assert Organisation.objects.count() == 0, "the check writes nothing"
    page = client_relations.get(response["Location"]).content.decode()
    assert "Confirmer l'import de 30 lignes" in page

    client_relations.post(reverse("partners:datajob_confirm", args=[job.pk]))
    job = wait_until_ended(job)
    assert (job.status, job.summary["created"]) == (DataJob.Status.DONE, 30)
    assert Organisation.objects.count() == 30
    assert set(Organisation.history.values_list("history_change_reason", flat=True)) == {
        f"Import {job.reference}"
    }
    assert not job.source.storage.exists(job.source.name), "the uploaded file is gone"
    done = client_relations.get(response["Location"]).content.decode()
    assert "30 ligne(s) créée(s)" in done and "hx-trigger" not in done
