"""Purchases through the API: the screen's form and its French messages, the provider found
by SIRET then SIREN, versions, the screens' roles and filters, the history marked "API",
and a buyer's yearly figures as its purchasing page computes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partners.models import Trade
from purchases.models import Purchase
from tests.factories import OrganisationFactory, luhn_complete, valid_siret

pytestmark = pytest.mark.django_db

URL = "/api/v1/purchases/"
BY_YEAR = f"{URL}by-year/"


@pytest.fixture
def paris():
    return OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")


@pytest.fixture
def esat():
    return OrganisationFactory(name="ESAT Belleville", kind="esat", siret=valid_siret(1))


def another_establishment(siret: str) -> str:
    """A valid SIRET of the same company (same SIREN), another establishment."""
    return luhn_complete(f"{siret[:9]}0420")


def line(buyer, siret: str, year: int, amount: str, **fields) -> Purchase:
    return Purchase(buyer=buyer, supplier_siret=siret, year=year, amount_ht=Decimal(amount),
                    **fields)  # fmt: skip


def test_a_purchase_is_checked_like_on_the_screen_in_french_field_by_field(
    api_client, relations_manager, paris
):
    client = api_client(relations_manager)
    refused = client.post(
        URL,
        {"buyer": paris.pk, "supplier_siret": "73282932000075", "amount_ht": "1 000,00",
         "labour_cost": "2000", "contract_kind": "leasing"},
    )  # fmt: skip
    assert refused.status_code == 400
    errors = refused.json()
    assert errors["supplier_siret"] == [
        "Ce SIRET n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."
    ]
    assert errors["year"] == ["Indiquez la date de l'achat ou au moins son année."]
    assert "choix valide" in errors["contract_kind"][0], errors
    nothing = client.post(URL, {"amount_ht": "100"}).json()
    assert set(nothing) >= {"buyer", "supplier_siret"}, nothing
    assert not Purchase.objects.exists()
    assert client.post(URL, ["une liste"]).json() == {
        "non_field_errors": ["Un objet JSON est attendu."]
    }


def test_a_new_purchase_finds_its_provider_by_siret_then_siren_and_comes_from_the_api(
    api_client, relations_manager, paris, esat
):
    client = api_client(relations_manager)
    typed = f"{esat.siret[:3]} {esat.siret[3:9]} {esat.siret[9:]}"
    by_siret = client.post(
        URL,
        {"buyer": paris.pk, "supplier_siret": typed,
         "date": "2024-03-15", "amount_ht": "12500.00", "labour_cost": "7800",
         "reserved_market": "L2113-12", "contract_kind": "service"},
    )  # fmt: skip
    assert by_siret.status_code == 201, by_siret.json()
    body = by_siret.json()
    assert (body["supplier"], body["supplier_siret"], body["year"], body["source"]) == (
        esat.pk, esat.siret, 2024, "api",
    )  # fmt: skip
    assert by_siret.headers["ETag"] == '"1"'
    purchase = Purchase.objects.get(pk=body["id"])
    record = purchase.history.get()
    assert (record.history_change_reason, record.history_user) == ("API", relations_manager)
    assert purchase.source == Purchase.Source.API

    elsewhere = another_establishment(esat.siret)
    by_siren = client.post(
        URL, {"buyer": paris.pk, "supplier_siret": elsewhere, "year": 2024, "amount_ht": "300"}
    )
    assert by_siren.status_code == 201, by_siren.json()
    assert (by_siren.json()["supplier"], by_siren.json()["supplier_siret"]) == (esat.pk, elsewhere)
    unknown = client.post(
        URL, {"buyer": paris.pk, "supplier_siret": valid_siret(77), "year": 2024,
              "amount_ht": "50", "supplier_name": "Traiteur inconnu"},
    )  # fmt: skip
    assert unknown.status_code == 201 and unknown.json()["supplier"] is None
    # The import's deduplication, with the screen's message.
    again = client.post(
        URL, {"buyer": paris.pk, "supplier_siret": elsewhere, "year": 2024, "amount_ht": "300"}
    )
    assert again.status_code == 400
    assert "déjà enregistré" in again.json()["non_field_errors"][0], again.json()


def test_an_edit_needs_the_version_read_and_a_stale_one_answers_412(
    api_client, relations_manager, administrator, paris, esat
):
    purchase = line(paris, esat.siret, 2024, "1000", supplier=esat)
    purchase.save()
    client = api_client(relations_manager)
    url = f"{URL}{purchase.pk}/"
    read = client.get(url)
    assert read.headers["ETag"] == '"1"' and read.json()["amount_ht"] == "1000.00"
    assert client.patch(url, {"amount_ht": "1200"}).status_code == 428
    too_much = client.patch(url, {"labour_cost": "5000"}, HTTP_IF_MATCH='"1"')
    assert too_much.json() == {
        "labour_cost": ["Le coût de la main-d'œuvre ne peut dépasser le montant HT."]
    }
    edited = client.patch(url, {"amount_ht": "1 200,50"}, HTTP_IF_MATCH=read.headers["ETag"])
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["amount_ht"], edited.headers["ETag"]) == ("1200.50", '"2"')
    # The origin stays: an edit through the API does not make a screen's line an API one.
    assert edited.json()["source"] == "screen"
    stale = api_client(administrator).patch(url, {"year": 2023}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["changed_by"] == str(relations_manager)
    purchase.refresh_from_db()
    assert (purchase.amount_ht, purchase.year) == (Decimal("1200.50"), 2024)
    assert purchase.history.latest().history_change_reason == "API"


def test_roles_are_those_of_the_screens_and_a_deletion_stays_in_the_history(
    api_client, relations_manager, coordinator, collaborator, paris, esat
):
    purchase = line(paris, esat.siret, 2024, "1000", supplier=esat)
    purchase.save()
    url = f"{URL}{purchase.pk}/"
    data = {"buyer": paris.pk, "supplier_siret": esat.siret, "year": 2025, "amount_ht": "10"}
    for reader in (coordinator, collaborator):
        client = api_client(reader)
        assert client.get(url).status_code == 200
        assert client.get(BY_YEAR, {"buyer": paris.pk}).status_code == 200
        assert client.post(URL, data).status_code == 403
        assert client.patch(url, {"amount_ht": "1"}, HTTP_IF_MATCH='"1"').status_code == 403
        assert client.delete(url).status_code == 403
    client = api_client(relations_manager)
    assert client.delete(url, HTTP_IF_MATCH='"7"').status_code == 412
    assert client.delete(url).status_code == 204
    assert not Purchase.objects.exists()
    gone = Purchase.history.filter(id=purchase.pk).latest()
    assert (gone.history_type, gone.history_change_reason) == ("-", "Achat supprimé (API)")
    assert gone.history_user == relations_manager


def test_the_list_filters_like_the_screen(api_client, coordinator, paris, esat):
    laundry = Trade.objects.create(name="Blanchisserie")
    ei = OrganisationFactory(name="EI Recyclerie", kind="ei", siret=valid_siret(3))
    other_buyer = OrganisationFactory(name="Métropole", kind="public_buyer", siret="")
    Purchase.objects.bulk_create(
        [
            line(paris, esat.siret, 2023, "100", supplier=esat, contract_reference="a"),
            line(paris, esat.siret, 2024, "200", supplier=esat, trade=laundry,
                 reserved_market="L2113-12", contract_kind="service", contract_reference="b"),
            line(paris, ei.siret, 2024, "300", supplier=ei, contract_kind="supply",
                 contract_reference="c"),
            line(other_buyer, esat.siret, 2024, "400", supplier=esat, contract_reference="d"),
        ]
    )  # fmt: skip
    client = api_client(coordinator)

    def references(**query) -> list[str]:
        response = client.get(URL, query)
        assert response.status_code == 200, response.json()
        return [row["contract_reference"] for row in response.json()["results"]]

    # Newest first, as on the screen.
    assert references() == ["d", "c", "b", "a"]
    assert sorted(references(buyer=paris.pk)) == ["a", "b", "c"]
    assert sorted(references(buyer="ville de paris")) == ["a", "b", "c"]
    assert sorted(references(supplier=esat.pk, year=2024)) == ["b", "d"]
    assert references(trade=laundry.pk) == ["b"]
    assert references(reserved_market="L2113-12") == ["b"]
    assert references(contract_kind="supply") == ["c"]
    assert references(sector="siae") == ["c"]
    assert references(siret=ei.siret) == ["c"]
    bad = client.get(URL, {"year": "1789", "contract_kind": "leasing"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"year", "contract_kind"}
    assert "1950" in bad.json()["year"][0]


@pytest.mark.parametrize("rows", [5, 200])
def test_the_list_costs_the_same_queries_at_5_and_200_rows(
    api_client, coordinator, paris, esat, rows, django_assert_max_num_queries
):
    trade = Trade.objects.create(name="Traiteur")
    Purchase.objects.bulk_create(
        [line(paris, esat.siret, 2024, str(n + 1), supplier=esat, trade=trade) for n in range(rows)]
    )
    client = api_client(coordinator)
    client.get(URL)
    # The token, then the page with its bounded count.
    with django_assert_max_num_queries(2):
        page = client.get(URL, {"taille": 200, "buyer": paris.pk, "trade": trade.pk}).json()
    assert len(page["results"]) == rows and page["count"] == rows
    # The token, the buyer, its years in one grouped query.
    with django_assert_max_num_queries(3):
        assert client.get(BY_YEAR, {"buyer": paris.pk}).json()["years"][0]["lines"] == rows


def test_a_buyers_years_are_those_of_its_purchasing_page(api_client, collaborator, paris, esat):
    ei = OrganisationFactory(name="EI Recyclerie", kind="ei", siret=valid_siret(3))
    Purchase.objects.bulk_create(
        [
            line(paris, esat.siret, 2023, "800", supplier=esat),
            line(paris, esat.siret, 2024, "600", supplier=esat, reserved_market="L2113-12"),
            line(paris, ei.siret, 2024, "300", supplier=ei, insertion_hours=Decimal(120)),
            line(paris, valid_siret(90), 2024, "100", contract_reference="non relié"),
        ]
    )  # fmt: skip
    client = api_client(collaborator)
    response = client.get(BY_YEAR, {"buyer": paris.pk})
    assert response.status_code == 200, response.json()
    found = response.json()
    assert (found["buyer"], found["buyer_name"]) == (paris.pk, "Ville de Paris")
    assert [y["year"] for y in found["years"]] == [2023, 2024]
    last = found["years"][1]
    assert last == {
        "year": 2024, "lines": 3, "total_ht": "1000.00",
        "stpa_ht": "600.00", "stpa_share": "60.0", "siae_ht": "300.00", "siae_share": "30.0",
        "other_ht": "100.00", "reserved_stpa_ht": "600.00", "reserved_siae_ht": "0.00",
        "insertion_hours": "120.00", "change": "25.0",
    }  # fmt: skip
    assert found["years"][0]["change"] is None

    assert client.get(BY_YEAR).json() == {"buyer": ["Ce champ est obligatoire."]}
    assert client.get(BY_YEAR, {"buyer": "Paris"}).status_code == 400
    assert client.get(BY_YEAR, {"buyer": 999999999}).status_code == 404
    nothing = client.get(BY_YEAR, {"buyer": esat.pk}).json()
    assert nothing == {"buyer": esat.pk, "buyer_name": "ESAT Belleville", "years": []}
