"""Time a buyer's purchase extract through the import jobs, then its purchasing page.

The file (50,000 lines, or BENCH_IMPORT_ROWS) goes the way a user's does: uploaded for a
buyer, checked by the check job, confirmed, then checked again and written by the write
job, all lines in one transaction with their history (COPY on PostgreSQL). The jobs run in
this process (the code a worker runs, without the broker). Then the buyer's purchasing page,
its export and the list, with their queries and times, at that size.

Runs on a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL):
`make bench`, or `SECRET_KEY=x .venv/bin/python bench/purchases_import.py`.
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


def rate(rows: int, seconds: float) -> str:
    return f"{seconds:6.2f} s  {rows / seconds:8.0f} lignes/s"


def run() -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from config.celery import app as celery_app
    from core import roles
    from partners import datajobs, importers, jobs
    from partners.models import DataJob, Trade
    from purchases.models import Purchase
    from tests.factories import OrganisationFactory, UserFactory
    from tests.purchases.import_files import SUPPLIERS, as_csv, purchase_rows, supplier_siret

    print(f"Base : {connection.vendor}")
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    for n in range(0, SUPPLIERS, 2):
        OrganisationFactory(name=f"ESAT n°{n}", kind="esat", siret=supplier_siret(n))
    buyer = OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")
    user = UserFactory(username="bench", role=roles.RELATIONS_MANAGER)
    size = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
    content = as_csv(purchase_rows(size))
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-media-")
    # The jobs run here: what they queue goes to an in-memory broker no worker reads.
    celery_app.conf.broker_url = "memory://"

    started = time.perf_counter()
    job = datajobs.import_start(
        by=user, kind="purchases", upload=SimpleUploadedFile("achats.csv", content),
        options={"buyer": buyer.pk},
    )  # fmt: skip
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
        f"Import de {size:,} achats par les jobs ({len(content) / 1e6:.1f} Mo) :".replace(",", " ")
    )
    print(f"  vérification (job 1)         {rate(size, checked - started)}")
    print(f"  revérification (job 2)       {rate(size, recheck)}")
    print(f"  écriture avec historique     {rate(size, write)}")
    print(f"  job d'écriture en tout       {rate(size, written - checked)}")
    print(f"  de l'envoi à la fin          {rate(size, written - started)}")
    print(f"  créés : {Purchase.objects.count()}, historique : {Purchase.history.count()}")
    again = importers.import_check(
        kind="purchases", filename="f.csv", content=content, options={"buyer": buyer.pk}
    )
    print(f"  second import : {len(again.pending)} à créer, {len(again.skipped)} déjà présents")

    client = Client()
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    pages = {
        "page achats de l'acheteur": f"/achats/acheteurs/{buyer.pk}/",
        "son export CSV": f"/achats/acheteurs/{buyer.pk}/export.csv",
        "liste des achats": "/achats/",
        "liste filtrée (acheteur, année, secteur)": f"/achats/?buyer={buyer.pk}&year=2024&sector=stpa",
    }
    print(f"Requêtes SQL par page ({Purchase.objects.count()} achats) :")
    for label, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = client.get(url).status_code
            elapsed = time.perf_counter() - started
        print(f"  {label:42} {len(queries):3d} requêtes  {elapsed * 1000:6.0f} ms  (HTTP {status})")


if __name__ == "__main__":
    main()
