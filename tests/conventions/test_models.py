import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from conventions.models import Axis, Convention, Party
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_the_reference_is_generated_from_the_signature_year_and_numbered():
    first = ConventionFactory(signed_on=dt.date(2017, 9, 5), status="signed")
    second = ConventionFactory(signed_on=dt.date(2017, 9, 5), status="signed")
    other_year = ConventionFactory(signed_on=dt.date(2021, 3, 1), status="signed")
    assert first.reference == "CONV-2017-0001"
    assert second.reference == "CONV-2017-0002"
    assert other_year.reference == "CONV-2021-0001"


def test_the_reference_never_changes_when_the_convention_is_edited():
    convention = ConventionFactory(starts_on=dt.date(2026, 1, 1))
    reference = convention.reference
    convention.signed_on = dt.date(2027, 1, 5)
    convention.status = "signed"
    convention.save()
    convention.refresh_from_db()
    assert convention.reference == reference
    assert re.fullmatch(r"CONV-2026-\d{4}", reference)


def test_references_are_unique_in_the_database():
    first = ConventionFactory()
    clone = ConventionFactory.build()
    clone.reference = first.reference
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_a_convention_cannot_end_before_it_starts():
    convention = ConventionFactory.build(
        starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2020, 12, 31)
    )
    assert errors_of(convention)["__all__"] == [
        "La fin de la convention doit suivre sa prise d'effet."
    ]
    convention.reference = "CONV-2021-9999"
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.bulk_create([convention])


def test_a_signed_convention_carries_its_signature_date():
    convention = ConventionFactory.build(status="signed")
    assert "Une convention signée porte sa date de signature." in errors_of(convention)["__all__"]


def test_an_amendment_belongs_to_the_convention_it_changes():
    amendment = ConventionFactory.build(kind="amendment")
    assert errors_of(amendment)["__all__"] == [
        "Un avenant se rattache à la convention qu'il modifie."
    ]
    parent = ConventionFactory()
    amendment = ConventionFactory(kind="amendment", parent=parent)
    assert list(parent.amendments.all()) == [amendment]


def test_the_notice_deadline_is_the_end_date_minus_the_notice_period():
    convention = ConventionFactory(ends_on=dt.date(2026, 12, 31), notice_days=60)
    assert convention.notice_deadline == dt.date(2026, 11, 1)


def test_conventions_to_renew_are_those_ending_or_past_notice_within_the_horizon():
    today = dt.date(2026, 11, 25)
    ending_soon = ConventionFactory(
        status="active", signed_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 1, 31)
    )
    notice_soon = ConventionFactory(
        status="active",
        signed_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 6, 30),
        notice_days=180,
    )
    ConventionFactory(status="active", signed_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 12, 31))
    ConventionFactory(status="draft", ends_on=dt.date(2027, 1, 15))
    found = set(Convention.objects.ending_within(90, today))
    assert found == {ending_soon, notice_soon}


def test_an_organisation_is_a_party_only_once_per_convention():
    party = PartyFactory()
    twin = Party(convention=party.convention, organisation=party.organisation, role="partner")
    assert errors_of(twin)["__all__"] == ["Cette organisation est déjà partie à la convention."]
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_two_axes_cannot_share_a_number():
    convention = ConventionFactory()
    Axis.objects.create(convention=convention, number=1, title="Sourcing")
    twin = Axis(convention=convention, number=1, title="Professionnalisation")
    assert errors_of(twin)["__all__"] == ["Cette convention a déjà un axe portant ce numéro."]


def test_an_organisation_party_to_a_convention_cannot_be_deleted():
    party = PartyFactory(organisation=OrganisationFactory())
    with pytest.raises(ProtectedError):
        party.organisation.delete()
