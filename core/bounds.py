"""The plausible range of every business value, named once.

A bound is a field validator (so `full_clean()` puts the French message next to the field,
in forms, imports, the API and jobs alike) doubled by a named database constraint with the
same message (so nothing that skips validation can store the value either).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Partnerships of the sector exist since the 1950s; nothing is planned beyond 2074.
# Fixed dates, not "today ± n years": a database constraint cannot move with the clock.
EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2074, 12, 31)

DATE_MESSAGE = _("Date invraisemblable : indiquez une date entre le 01/01/1950 et le 31/12/2074.")
YEAR_MESSAGE = _("Année invraisemblable : indiquez une année entre 1950 et 2074.")
NOT_NEGATIVE_MESSAGE = _("Indiquez un montant ou une valeur positive ou nulle.")

# A convention's notice period: ten years at most, and never more than its duration.
MAX_NOTICE_DAYS = 3650
# A tacit renewal period: ten years at most.
MAX_RENEWAL_MONTHS = 120
# A task recurs at most every 99 days, weeks, months or years.
MAX_RECURRENCE_INTERVAL = 99


@deconstructible
class PlausibleDate:
    """Refuse a date outside [EARLIEST_DATE, LATEST_DATE] (year 1, 1800, 2099, 9999…)."""

    def __call__(self, value: date | None) -> None:
        if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
            raise ValidationError(DATE_MESSAGE, code="implausible_date")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate)

    def __hash__(self) -> int:
        return hash(PlausibleDate)


@deconstructible
class NotNegative:
    """Refuse a negative amount or measured value."""

    def __call__(self, value: Decimal | int | None) -> None:
        if value is not None and value < 0:
            raise ValidationError(NOT_NEGATIVE_MESSAGE, code="negative")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotNegative)

    def __hash__(self) -> int:
        return hash(NotNegative)


@deconstructible
class PlausibleYear:
    """Refuse a year outside the years of [EARLIEST_DATE, LATEST_DATE]."""

    def __call__(self, value: int | None) -> None:
        if value is not None and not (EARLIEST_DATE.year <= value <= LATEST_DATE.year):
            raise ValidationError(YEAR_MESSAGE, code="implausible_year")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleYear)

    def __hash__(self) -> int:
        return hash(PlausibleYear)


plausible_date = PlausibleDate()
plausible_year = PlausibleYear()
not_negative = NotNegative()


def date_constraint(field: str, prefix: str) -> models.CheckConstraint:
    """The database half of `plausible_date` for one field."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE}),
        name=f"{prefix}_{field}_plausible",
        violation_error_message=DATE_MESSAGE,
    )


def not_negative_constraint(field: str, prefix: str) -> models.CheckConstraint:
    """The database half of `not_negative` for one field."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_not_negative",
        violation_error_message=NOT_NEGATIVE_MESSAGE,
    )


def year_constraint(field: str, prefix: str) -> models.CheckConstraint:
    """The database half of `plausible_year` for one field."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": EARLIEST_DATE.year, f"{field}__lte": LATEST_DATE.year}),
        name=f"{prefix}_{field}_plausible",
        violation_error_message=YEAR_MESSAGE,
    )
