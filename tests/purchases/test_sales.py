"""What providers sold: a provider's buyers, a network's members in the years they were."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Relationship
from purchases.models import Purchase
from tests.factories import OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gesat = OrganisationFactory(name="Réseau Gesat", kind="network", siret="")
    paris = OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")
    amp = OrganisationFactory(
        name="Métropole Aix-Marseille-Provence", kind="public_buyer", siret=""
    )
    always = OrganisationFactory(name="ESAT Vieux-Port", siret=valid_siret(1))
    joined = OrganisationFactory(name="EA Calanque", kind="ea", siret=valid_siret(2))
    left = OrganisationFactory(name="ESAT Salon", siret=valid_siret(3))
    Relationship.objects.bulk_create([
        Relationship(source=always, kind="member_of", target=gesat),
        Relationship(source=joined, kind="member_of", target=gesat, starts_on=dt.date(2023, 3, 1)),
        Relationship(source=left, kind="member_of", target=gesat, starts_on=dt.date(2019, 1, 1),
                     ends_on=dt.date(2022, 6, 30)),
    ])  # fmt: skip
    lines = [
        (amp, always, 2022, 100), (amp, joined, 2022, 1_000), (amp, left, 2022, 10),
        (amp, always, 2023, 200), (paris, always, 2023, 50), (amp, joined, 2023, 2_000),
        (amp, left, 2023, 20),
    ]  # fmt: skip
    Purchase.objects.bulk_create([
        Purchase(buyer=buyer, supplier=supplier, supplier_siret=supplier.siret, year=year,
                 amount_ht=Decimal(amount), contract_reference=f"R{n}")
        for n, (buyer, supplier, year, amount) in enumerate(lines)
    ])  # fmt: skip
    return {"gesat": gesat, "amp": amp, "paris": paris, "always": always}


def test_a_network_counts_its_members_sales_in_the_years_they_were_members(
    client_coordinator, world
):
    url = reverse("purchases:network_sales", args=[world["gesat"].pk])
    figures = client_coordinator.get(url).context["figures"]
    assert [(y.year, y.total) for y in figures.years] == [(2022, 110), (2023, 2_250)]
    assert [(p.label, p.amount) for p in figures.providers] == [
        ("EA Calanque", 2_000), ("ESAT Vieux-Port", 250)
    ]  # fmt: skip
    assert [(p.label, p.amount) for p in figures.buyers] == [
        ("Métropole Aix-Marseille-Provence", 2_200), ("Ville de Paris", 50)
    ]  # fmt: skip
    html = client_coordinator.get(url, {"annee": 2022}).content.decode()
    assert "ESAT Salon" in html and "EA Calanque" not in html


def test_a_provider_sees_its_buyers_by_year(client_collaborator, world):
    url = reverse("purchases:provider_sales", args=[world["always"].pk])
    response = client_collaborator.get(url)
    figures = response.context["figures"]
    assert [(y.year, y.total, y.change) for y in figures.years] == [
        (2022, 100, None), (2023, 250, Decimal("150.0"))
    ]  # fmt: skip
    assert [(p.label, p.share) for p in figures.buyers] == [
        ("Métropole Aix-Marseille-Provence", Decimal("80.0")), ("Ville de Paris", Decimal("20.0"))
    ]  # fmt: skip
    assert (
        reverse("purchases:buyer_purchases", args=[world["paris"].pk]) in response.content.decode()
    )


@pytest.mark.parametrize("count", [5, 200])
def test_the_sales_pages_run_a_bounded_number_of_queries(
    count, client_coordinator, world, django_assert_max_num_queries
):
    buyers = OrganisationFactory.create_batch(count, kind="public_buyer", siret="")
    Purchase.objects.bulk_create([
        Purchase(buyer=buyer, supplier=world["always"], supplier_siret=world["always"].siret,
                 year=2023, amount_ht=Decimal(10 + n))
        for n, buyer in enumerate(buyers)
    ])  # fmt: skip
    for name, subject in (("network_sales", "gesat"), ("provider_sales", "always")):
        url = reverse(f"purchases:{name}", args=[world[subject].pk])
        client_coordinator.get(url)
        with django_assert_max_num_queries(9):
            figures = client_coordinator.get(url).context["figures"]
        assert len(figures.buyers) == min(count + 2, 21)


def _csv(response) -> list[list[str]]:
    assert response["Content-Disposition"].startswith('attachment; filename="ventes-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_network_and_provider_pages_export_their_figures_as_french_numbers(
    client_collaborator, world
):
    url = reverse("purchases:network_sales_export", args=[world["gesat"].pk])
    rows = _csv(client_collaborator.get(url, {"annee": 2023}))
    assert rows[0][:4] == ["Année", "Rubrique", "Libellé", "Valeur"]
    assert ["2022", "Ventes", "Total", "110,00", "€ HT", "100,0"] in rows
    assert ["2023", "Prestataire membre", "EA Calanque", "2000,00", "€ HT", "88,9"] in rows
    assert ["2023", "Acheteur", "Ville de Paris", "50,00", "€ HT", "2,2"] in rows
    assert not [row for row in rows if "ESAT Salon" in row]  # not a member in 2023

    url = reverse("purchases:provider_sales_export", args=[world["always"].pk])
    rows = _csv(client_collaborator.get(url))
    assert ["2023", "Ventes", "Achats enregistrés", "2", "lignes", ""] in rows
    assert ["2023", "Acheteur", "Métropole Aix-Marseille-Provence", "200,00", "€ HT",
            "80,0"] in rows  # fmt: skip
    page = client_collaborator.get(reverse("purchases:provider_sales", args=[world["always"].pk]))
    assert (
        f"{reverse('purchases:provider_sales_export', args=[world['always'].pk])}?annee=2023"
        in (page.content.decode())
    )
