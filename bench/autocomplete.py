"""Time the relation fields' autocomplete endpoint on 50,000 organisations and contacts.

Runs on a throw-away test database (PostgreSQL with DATABASE_URL, for the trigram indexes):
`SECRET_KEY=x .venv/bin/python bench/autocomplete.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment

ROWS = 50_000
QUERIES = ["esat", "régie", "ateliers vieux", "12345", "zzz", "ea 4999"]


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
    from django.urls import reverse

    from core import roles
    from partners.models import Affiliation, Contact, Organisation
    from tests.factories import UserFactory, valid_siret

    words = ["ESAT", "EA", "Régie", "Ateliers", "Vieux-Port", "Provence", "Entreprise"]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{words[n % 7]} {words[(n // 7) % 7]} {n}",
                name_normalized=f"{words[n % 7]} {words[(n // 7) % 7]} {n}".lower(),
                search_text=f"{words[n % 7]} {words[(n // 7) % 7]} {n}".lower().replace("é", "e"),
                kind="ea", siret=valid_siret(100_000 + n),
            )
            for n in range(ROWS)
        ],
        batch_size=5000,
    )  # fmt: skip
    contacts = Contact.objects.bulk_create(
        [
            Contact(first_name="Anne", last_name=f"Durand {n}", name_normalized=f"durand {n} anne")
            for n in range(ROWS)
        ],
        batch_size=5000,
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(contact=c, organisation=o, role_title="Directrice")
            for c, o in zip(contacts, organisations, strict=True)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = UserFactory(username="bench", role=roles.RELATIONS_MANAGER)
    client = Client()
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    print(f"Base : {connection.vendor}, {ROWS} organisations et contacts")
    cases = [("organisations", {"q": q}) for q in QUERIES]
    cases += [
        ("contacts", {"q": "durand 12"}),
        ("contacts", {"q": "anne", "organisation": organisations[7].pk}),
    ]
    for source, params in cases:
        url = reverse("core:autocomplete", args=[source])
        client.get(url, params)
        timings, searches = [], []
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                found = len(client.get(url, params).json()["results"])
                timings.append((time.perf_counter() - started) * 1000)
            searches.append(float(queries.captured_queries[-1]["time"]) * 1000)
        print(f"  {source} {params} : {found} résultats, réponse médiane "
              f"{statistics.median(timings):.1f} ms (max {max(timings):.1f}), recherche SQL "
              f"médiane {statistics.median(searches):.1f} ms, {len(queries)} requêtes SQL")  # fmt: skip


if __name__ == "__main__":
    main()
