"""Time the import of a 1,000-row organisations file and count the queries per partners page.

Runs on a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL):
`make bench`, or `SECRET_KEY=x .venv/bin/python bench/partners_import.py`.
"""

from __future__ import annotations

import os
import sys
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
    from django.test import Client

    from core import roles
    from partners import importers
    from partners.models import Organisation, Trade
    from tests.factories import UserFactory
    from tests.partners.import_files import as_csv, organisation_rows
    from tests.partners.test_lists import _populate

    print(f"Base : {connection.vendor}")
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    user = UserFactory(username="bench", role=roles.RELATIONS_MANAGER)
    content = as_csv(organisation_rows(1000))

    started = time.perf_counter()
    report = importers.import_check(kind="organisations", filename="f.csv", content=content)
    checked = time.perf_counter()
    importers.import_commit(report=report, by=user, reference="IMP-BENCH")
    committed = time.perf_counter()
    again = importers.import_check(kind="organisations", filename="f.csv", content=content)
    print(f"Import de 1 000 lignes : vérification {checked - started:.2f} s, "
          f"enregistrement {committed - checked:.2f} s, total {committed - started:.2f} s")  # fmt: skip
    print(f"  créées : {Organisation.objects.count()}, historique : "
          f"{Organisation.history.count()}, second import : {len(again.pending)} à créer, "
          f"{len(again.skipped)} déjà présentes")  # fmt: skip

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
