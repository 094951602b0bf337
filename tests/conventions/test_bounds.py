"""Bad values on conventions and parties: a French message next to the field, never a 500.

Each value is one the issue found crashing Maillage or stored without a word.
"""

import datetime as dt
import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from conventions import jobs
from conventions.models import Convention
from conventions.services import _add_months
from core import bounds
from partners.models import Affiliation
from tests.factories import ContactFactory, ConventionFactory, OrganisationFactory, PartyFactory

pytestmark = pytest.mark.django_db

DATE = "Date invraisemblable : indiquez une date entre le 01/01/1950 et le 31/12/2074."
NOTICE = "Le préavis est de 3650 jours (dix ans) au plus."
RENEWAL = "La durée de reconduction est comprise entre 1 et 120 mois."
NEGATIVE = "Indiquez un montant ou une valeur positive ou nulle."


def error_next_to(response, field: str, message: str) -> bool:
    """The page (a 200, the form again) shows `message` in the error tied to `field`."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    return f'id="id_{field}_error" class="invalid-feedback d-block">{escape(message)}<' in page


BASE = {"title": "Partenariat annuel", "kind": "partnership", "renewal_months": 12}

CONVENTION_CASES = [
    ({"notice_days": 1_000_000}, "notice_days", NOTICE),
    ({"notice_days": 0, "renewal_months": 99_999_999, "tacit_renewal": "on"}, "renewal_months",
     RENEWAL),
    ({"notice_days": 0, "renewal_months": 0}, "renewal_months", RENEWAL),
    ({"notice_days": 0, "amount": "-1"}, "amount", NEGATIVE),
    ({"notice_days": 0, "starts_on": "0001-01-01"}, "starts_on", DATE),
    ({"notice_days": 0, "starts_on": "1800-05-05"}, "starts_on", DATE),
    ({"notice_days": 0, "ends_on": "2099-12-31"}, "ends_on", DATE),
    ({"notice_days": 0, "ends_on": "9999-12-31"}, "ends_on", DATE),
    (
        {"notice_days": 90, "starts_on": "2026-01-01", "ends_on": "2026-03-01"},
        "notice_days",
        (
            "Le préavis (90 jours) dépasse la durée de la convention (59 jours) : "
            "sa date limite tomberait avant la prise d'effet."
        ),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("values", "field", "message"), CONVENTION_CASES)
def test_a_bad_value_on_convention_create_is_explained_next_to_its_field(
    client_relations, values, field, message
):
    response = client_relations.post(reverse("conventions:convention_create"), {**BASE, **values})
    assert error_next_to(response, field, message)
    assert not Convention.objects.exists()


@pytest.mark.parametrize(("values", "field", "message"), CONVENTION_CASES)
def test_a_bad_value_on_convention_edit_is_explained_next_to_its_field(
    client_relations, values, field, message
):
    convention = ConventionFactory(title="Avant")
    url = reverse("conventions:convention_update", args=[convention.pk])
    response = client_relations.post(url, {**BASE, "version": 1, **values})
    assert error_next_to(response, field, message)
    convention.refresh_from_db()
    assert (convention.title, convention.version) == ("Avant", 1)


def test_a_signatory_from_another_organisation_is_refused_next_to_the_field(client_relations):
    party = PartyFactory()
    stranger = ContactFactory()
    Affiliation.objects.create(
        contact=stranger, organisation=OrganisationFactory(), role_title="Directrice"
    )
    url = reverse("conventions:party_update", args=[party.convention.pk, party.pk])
    data = {"organisation": party.organisation.pk, "role": "signatory", "order": 0, "version": 1}
    response = client_relations.post(url, {**data, "signatory": stranger.pk})
    assert error_next_to(
        response,
        "signatory",
        "Ce contact n'occupe aucune fonction dans l'organisation de cette partie : "
        "ajoutez-lui d'abord une fonction dans cette organisation.",
    )
    Affiliation.objects.create(
        contact=stranger, organisation=party.organisation, role_title="Président"
    )
    assert client_relations.post(url, {**data, "signatory": stranger.pk}).status_code == 302
    party.refresh_from_db()
    assert party.signatory == stranger


def test_a_signature_in_1800_is_refused_next_to_the_field(client_relations):
    party = PartyFactory()
    url = reverse("conventions:party_update", args=[party.convention.pk, party.pk])
    data = {"organisation": party.organisation.pk, "role": "signatory", "order": 0}
    response = client_relations.post(url, {**data, "signed_on": "1800-01-01"})
    assert error_next_to(response, "signed_on", DATE)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"renewal_months": 30_000}, "renewal_months", RENEWAL),
        ({"notice_days": 30_000}, "notice_days", NOTICE),
        ({"amount": -5}, "amount", NEGATIVE),
        ({"ends_on": dt.date(9999, 12, 31)}, "ends_on", DATE),
    ],
)
def test_the_model_itself_refuses_what_a_job_or_import_would_write(values, field, message):
    convention = ConventionFactory.build(**values)
    with pytest.raises(ValidationError) as caught:
        convention.full_clean(exclude=["reference"])
    assert message in caught.value.message_dict[field]


def _corrupt(convention: Convention, **columns: object) -> None:
    """Write values the bounds refuse, as a row stored before the bounds existed."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite cannot drop a constraint; it can stop checking them for a while.
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            # Check the pending foreign keys now: PostgreSQL alters no table with checks
            # pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in (
                "convention_renewal_months_bounded",
                "convention_renewal_months_positive",
                "convention_ends_on_plausible",
            ):
                cursor.execute(f'ALTER TABLE conventions_convention DROP CONSTRAINT "{name}"')
        sets = ", ".join(f"{column} = %s" for column in columns)
        cursor.execute(
            f"UPDATE conventions_convention SET {sets} WHERE id = %s",
            [*columns.values(), convention.pk],
        )
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


@time_machine.travel(dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    "corruption",
    [
        {"tacit_renewal": True, "renewal_months": 30_000},
        {"tacit_renewal": True, "renewal_months": 0},
        {"tacit_renewal": False, "starts_on": None, "ends_on": dt.date(1, 1, 5)},
    ],
    ids=["huge-renewal", "zero-renewal", "year-1"],
)
def test_the_hourly_job_advances_99_conventions_past_one_corrupt_row(corruption, caplog):
    common = {
        "status": "active",
        "signed_on": dt.date(2025, 1, 1),
        "starts_on": dt.date(2025, 1, 1),
    }
    conventions = [
        ConventionFactory(**common, ends_on=dt.date(2026, 11, 1), tacit_renewal=bool(n % 2))
        for n in range(100)
    ]
    corrupt = conventions[37]
    _corrupt(corrupt, **corruption)
    with caplog.at_level(logging.WARNING, logger="conventions.services"):
        assert jobs.conventions_advance() == 99
    statuses = dict(Convention.objects.values_list("pk", "status"))
    assert statuses.pop(corrupt.pk) == "active"
    others = Convention.objects.exclude(pk=corrupt.pk)
    tacit_others = sum(1 for c in conventions if c.tacit_renewal and c.pk != corrupt.pk)
    assert others.filter(status="expired").count() == 99 - tacit_others
    assert others.filter(status="active", ends_on=dt.date(2027, 11, 1)).count() == tacit_others
    assert f"convention {corrupt.pk}" in caplog.text


# Every value the convention form lets through: the date arithmetic must answer, never raise.
form_dates = st.dates(min_value=bounds.EARLIEST_DATE, max_value=bounds.LATEST_DATE)
notice_days = st.integers(min_value=0, max_value=bounds.MAX_NOTICE_DAYS)
renewal_months = st.integers(min_value=1, max_value=bounds.MAX_RENEWAL_MONTHS)


@given(ends_on=form_dates, notice=notice_days)
def test_the_notice_deadline_never_crashes_and_precedes_the_end(ends_on, notice):
    deadline = Convention(ends_on=ends_on, notice_days=notice).compute_notice_deadline()
    assert deadline == ends_on - dt.timedelta(days=notice)


@given(day=form_dates, months=renewal_months)
def test_a_tacit_renewal_period_never_crashes_and_lands_on_a_real_day(day, months):
    renewed = _add_months(day, months)
    months_apart = (renewed.year - day.year) * 12 + renewed.month - day.month
    assert months_apart == months
    assert renewed.day == day.day or renewed.day >= 28


class TestTacitRenewalOverTheWholeFormRange(TestCase):
    """The service itself (row lock, full_clean, history) over the form's range."""

    @settings(max_examples=25, deadline=None)
    @given(
        starts_on=st.dates(min_value=bounds.EARLIEST_DATE, max_value=dt.date(2026, 1, 1)),
        days=st.integers(min_value=1, max_value=4000),
        months=renewal_months,
        notice=st.integers(min_value=0, max_value=400),
    )
    def test_extending_a_convention_answers_or_refuses_in_french(
        self, starts_on, days, months, notice
    ):
        from conventions.services import convention_extend
        from core.models import User

        ends_on = min(starts_on + dt.timedelta(days=days), dt.date(2026, 11, 1))
        convention = ConventionFactory(
            status="active", signed_on=starts_on, starts_on=starts_on, ends_on=ends_on,
            tacit_renewal=True, renewal_months=months, notice_days=min(notice, (ends_on - starts_on).days),
        )  # fmt: skip
        today = dt.date(2026, 11, 25)
        try:
            extended = convention_extend(convention=convention, by=User.system(), today=today)
        except ValidationError as error:
            assert error.messages  # a French refusal, e.g. a new end past 2074
            return
        assert extended.ends_on >= today
        assert extended.notice_deadline <= extended.ends_on
