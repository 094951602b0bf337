"""Time an organisations import through its jobs, and count the queries per partners page.

The file (50,000 rows, or BENCH_IMPORT_ROWS) goes the way a user's does: uploaded, checked
by the check job, confirmed, then checked again and written by the write job, all rows
in one transaction with their history. The jobs run in this process (the code a worker
runs, without the broker). The target is 5,000 rows a second for the write on PostgreSQL.

Runs on a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL):
`make bench`, or `SECRET_KEY=x .venv/bin/python bench/partners_import.py`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from config.celery import app as celery_app
    from core import roles
    from partners import datajobs, importers, jobs
    from partners.models import DataJob, Organisation, Trade
    from tests.factories import UserFactory
    from tests.partners.import_files import as_csv, organisation_rows
    from tests.partners.test_lists import _populate

    print(f"Base : {connection.vendor}")
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    user = UserFactory(username="bench", role=roles.RELATIONS_MANAGER)
    size = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
    content = as_csv(organisation_rows(size))
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-media-")
    # The jobs run here: what they queue goes to an in-memory broker no worker reads.
    celery_app.conf.broker_url = "memory://"

    started = time.perf_counter()
    job = datajobs.import_start(
        by=user, kind="organisations", upload=SimpleUploadedFile("bench.csv", content)
    )
    jobs.import_check(job.pk)
    checked = time.perf_counter()
    job.refresh_from_db()
    assert job.status == DataJob.Status.CHECKED, job.summary
    datajobs.import_confirm(job=job, by=user)
    jobs.import_write(job.pk)
    written = time.perf_counter()
    job.refresh_from_db()
    assert job.status == DataJob.Status.DONE, (job.status, job.error)
    write = job.summary["write_seconds"]
    recheck = written - checked - write
    print(
        f"Import de {size:,} lignes par les jobs ({len(content) / 1e6:.1f} Mo) :".replace(",", " ")
    )
    print(
        f"  vérification (job 1)         {checked - started:6.2f} s  {size / (checked - started):8.0f} lignes/s"
    )
    print(f"  revérification (job 2)       {recheck:6.2f} s  {size / recheck:8.0f} lignes/s")
    print(
        f"  écriture avec historique     {write:6.2f} s  {size / write:8.0f} lignes/s  (cible ≥ 5 000)"
    )
    print(
        f"  job d'écriture en tout       {written - checked:6.2f} s  {size / (written - checked):8.0f} lignes/s"
    )
    print(f"  créées : {Organisation.objects.count()}, historique : "
          f"{Organisation.history.count()}, liens métiers : "
          f"{Organisation.trades.through.objects.count()}")  # fmt: skip
    again = importers.import_check(kind="organisations", filename="f.csv", content=content)
    print(f"  second import : {len(again.pending)} à créer, {len(again.skipped)} déjà présentes")

    hub = _populate(200)
    contact = hub.affiliations.first().contact
    client = Client()
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    pages = {
        "liste des organisations": "/partenaires/organisations/",
        "liste filtrée et triée": "/partenaires/organisations/?q=org&department=1&sort=-nom",
        "page d'une organisation (200 liens)": hub.get_absolute_url(),
        "page d'un contact": contact.get_absolute_url(),
        "liste des contacts": "/partenaires/contacts/",
        "sourcing": "/partenaires/prestataires/",
        "journal": "/partenaires/journal/",
    }
    print(f"Requêtes SQL par page ({Organisation.objects.count()} organisations) :")
    for label, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = client.get(url).status_code
            elapsed = time.perf_counter() - started
        print(f"  {label:38} {len(queries):3d} requêtes  {elapsed * 1000:6.0f} ms  (HTTP {status})")


if __name__ == "__main__":
    main()
