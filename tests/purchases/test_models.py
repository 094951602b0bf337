"""A purchase line's bounds, in French, in full_clean and in the database alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Organisation
from purchases.models import Purchase
from purchases.suppliers import supplier_for
from tests.factories import OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")


def line(buyer: Organisation, **fields: object) -> Purchase:
    values = {"buyer": buyer, "supplier_siret": valid_siret(1), "year": 2024,
              "amount_ht": Decimal("1000.00")}  # fmt: skip
    return Purchase(**{**values, **fields})


def messages_of(purchase: Purchase) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        purchase.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount_ht": Decimal(-1)}, "amount_ht",
         "Indiquez un montant ou une valeur positive ou nulle."),
        ({"labour_cost": Decimal("1000.01")}, "labour_cost",
         "Le coût de la main-d'œuvre ne peut dépasser le montant HT."),
        ({"insertion_hours": Decimal(-5)}, "insertion_hours",
         "Indiquez un montant ou une valeur positive ou nulle."),
        ({"year": 1949}, "year", "Année invraisemblable : indiquez une année entre 1950 et 2074."),
        ({"date": dt.date(2023, 12, 31)}, "date", "La date doit tomber dans l'année indiquée (2024)."),
        ({"year": None}, "year", "Indiquez la date de l'achat ou au moins son année."),
        ({"supplier_siret": "73282932000075"}, "supplier_siret",
         "Ce SIRET n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."),
    ],
)  # fmt: skip
def test_each_bound_is_refused_with_its_french_message(buyer, fields, field, message):
    assert message in messages_of(line(buyer, **fields))[field]


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"amount_ht": Decimal(-1)}, "purchase_amount_ht_not_negative"),
        ({"labour_cost": Decimal(2000)}, "purchase_labour_cost_within_amount"),
        ({"year": 2075}, "purchase_year_plausible"),
        ({"date": dt.date(2023, 5, 1)}, "purchase_date_in_year"),
        ({"supplier_siret": "123"}, "purchase_supplier_siret_format"),
    ],
)
def test_the_database_refuses_what_skips_validation(buyer, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Purchase.objects.bulk_create([line(buyer, **fields)])


def test_a_dated_line_takes_its_year_from_its_date(buyer):
    purchase = line(buyer, year=None, date=dt.date(2010, 6, 30))
    purchase.full_clean()
    purchase.save()
    assert purchase.year == 2010


def test_the_same_yearly_line_twice_is_refused_by_name(buyer):
    line(buyer).save()
    with pytest.raises(ValidationError) as caught:
        line(buyer).full_clean()
    assert "Cet achat est déjà enregistré" in str(caught.value)
    with pytest.raises(IntegrityError, match="purchase_unique_line"), transaction.atomic():
        line(buyer).save()
    # Another reference, or a date, makes another line.
    line(buyer, contract_reference="FAC-2").save()
    line(buyer, date=dt.date(2024, 3, 1)).save()
    assert Purchase.objects.count() == 3


def test_a_supplier_is_found_by_its_siret_then_by_its_company(buyer):
    establishment = OrganisationFactory(name="ESAT Belleville", siret=valid_siret(3))
    company = OrganisationFactory(name="EA Bureau Vert", kind="ea", siret="", siren="552100554")
    assert supplier_for(valid_siret(3)) == establishment
    assert supplier_for("55210055400013") == company
    assert supplier_for(valid_siret(400)) is None
    # The provider picked must be the one the SIRET names.
    purchase = line(buyer, supplier_siret=valid_siret(400), supplier=establishment)
    assert messages_of(purchase)["supplier_siret"] == [
        f"Ce SIRET n'est pas celui de ESAT Belleville (SIREN {establishment.siren})."
    ]
