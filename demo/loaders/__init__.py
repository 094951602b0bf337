"""Load the demo data of `demo.data` (`manage.py demo`); loading twice changes nothing.

Each row is looked up by a natural key before it is created and existing rows are never
updated, so history does not change either. Live items (the MACS renewal, the Métropole's
annual partnership, the Handeco sponsorship, tasks) are dated from `today`; the 2017-2019
conventions keep their fixed dates.
"""

from __future__ import annotations

from datetime import date
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action, Indicator, Measurement
from conventions.models import Axis, Clause, Convention, Party, Programme
from demo.data.people import PASSWORD, USERS
from demo.loaders.conventions import load_bretagne, load_handeco, load_macs, load_metropole
from demo.loaders.journal import load_journal, load_tasks
from demo.loaders.partners import (
    load_organisations,
    load_people,
    load_relationships,
    load_users,
)
from demo.loaders.purchases import load_purchases
from demo.loaders.state import Demo
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship
from purchases.models import Purchase
from tasks.models import Task


def load_demo(*, today: date | None = None, stdout: IO[str] | None = None) -> dict:
    """Load the demo data (idempotent); return the logins and the row counts."""
    demo = Demo(today=today or timezone.localdate())
    load_users(demo)
    load_organisations(demo)
    load_people(demo)
    load_relationships(demo)
    load_purchases(demo)
    conventions = {"macs": load_macs(demo)}
    load_bretagne(demo)
    conventions["metropole"] = load_metropole(demo)
    load_handeco(demo)
    load_journal(demo)
    load_tasks(demo, conventions)
    if stdout is not None:
        total = sum(demo.created.values())
        stdout.write(f"{total} ligne(s) créée(s)." if total else "Déjà chargées : rien à créer.")
        for label, number in demo.created.items():
            stdout.write(f"  {label} : {number}")
    users = [
        {"username": username, "password": PASSWORD, "role": role, "name": f"{first} {last}"}
        for username, first, last, role in USERS
    ]
    return {
        "users": users,
        "created": dict(demo.created),
        "counts": _counts(),
        "url": settings.SITE_URL.rstrip("/") + "/",
    }


def _counts() -> dict[str, int]:
    """The rows of every model the demo fills, by plural name."""
    counted = (
        get_user_model(),
        Organisation,
        Contact,
        Affiliation,
        Relationship,
        Interaction,
        Purchase,
        Programme,
        Convention,
        Party,
        Axis,
        Clause,
        Action,
        Indicator,
        Measurement,
        Task,
    )
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in counted}
