"""What one loading of the demo knows: the day, the rows found or created so far, the counts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models

from core.text import normalize
from demo.data.journal import NEXT_MONDAY
from partners.models import Contact, Organisation

REASON = "Données de démonstration"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def email(first: str, last: str) -> str:
    return f"{slug(first)}.{slug(last)}@example.org"


@dataclass
class Demo:
    """Rows are looked up by a natural key first and never updated: loading twice is a no-op."""

    today: date
    admin: Any = None
    users: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)

    def ensure(self, model: type[models.Model], lookup: dict, **defaults: Any) -> tuple:
        """Return the row matching `lookup`, or create it, validated; never update it."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **defaults)
        obj._history_user = self.admin
        obj._change_reason = REASON
        obj.full_clean()
        obj.save()
        self.count(model)
        return obj, True

    def get(self, model: type[models.Model], lookup: dict, **defaults: Any) -> Any:
        return self.ensure(model, lookup, **defaults)[0]

    def count(self, model: type[models.Model]) -> None:
        self.created[str(model._meta.verbose_name_plural)] += 1

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def on(self, when: date | int | str) -> date:
        """A data date: a fixed day, a number of days from today, or the coming Monday."""
        if when == NEXT_MONDAY:
            return self.day(7 - self.today.weekday())
        return when if isinstance(when, date) else self.day(when)

    def owner(self, key: str) -> Any:
        """A user by username, else a contact by key (the two sets of keys are disjoint)."""
        return self.users[key] if key in self.users else self.contacts[key]
