"""The purchase screens: the list, a line's form and deletion, a buyer's purchasing page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.pagination import AFTER
from partners.models import Organisation, Trade
from purchases.models import Purchase
from tests.factories import OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")


@pytest.fixture
def providers():
    return {
        "esat": OrganisationFactory(name="ESAT Belleville", kind="esat", siret=valid_siret(1)),
        "tih": OrganisationFactory(name="Studio Dupont", kind="tih", siret=valid_siret(2)),
        "ei": OrganisationFactory(name="EI Recyclerie", kind="ei", siret=valid_siret(3)),
    }


def buy(buyer, supplier, year, amount, *, trade=None, **fields) -> Purchase:
    siret = supplier.siret if isinstance(supplier, Organisation) else supplier
    return Purchase(
        buyer=buyer, supplier=supplier if isinstance(supplier, Organisation) else None,
        supplier_siret=siret, year=year, amount_ht=Decimal(amount), trade=trade, **fields,
    )  # fmt: skip


def populate(buyer, providers, count: int) -> None:
    """`count` lines a year in 2023 and 2024, spread over three trades and sectors."""
    trades = [Trade.objects.create(name=n) for n in ("Blanchisserie", "Traiteur", "Recyclage")]
    unknown = valid_siret(900)
    suppliers = [providers["esat"], providers["tih"], providers["ei"], unknown]
    Purchase.objects.bulk_create(
        [
            buy(buyer, suppliers[n % 4], year, 100 * (1 + n % 4), trade=trades[n % 3],
                contract_reference=f"F-{year}-{n}")
            for year in (2023, 2024)
            for n in range(count)
        ]
    )  # fmt: skip


def test_the_buyer_page_sums_each_year_by_sector_trade_provider_and_reserved_market(
    client_collaborator, paris, providers
):
    laundry = Trade.objects.create(name="Blanchisserie")
    catering = Trade.objects.create(name="Traiteur")
    Purchase.objects.bulk_create([
        buy(paris, providers["esat"], 2023, "800000", trade=laundry),
        buy(paris, providers["esat"], 2024, "900000", trade=laundry, reserved_market="L2113-12"),
        buy(paris, providers["tih"], 2024, "100000", trade=catering),
        buy(paris, providers["ei"], 2024, "200000", reserved_market="L2113-13",
            insertion_hours=Decimal(1250)),
    ])  # fmt: skip
    response = client_collaborator.get(reverse("purchases:buyer_purchases", args=[paris.pk]))
    figures = response.context["figures"]
    year = figures.selected
    assert (year.year, year.total, year.stpa, year.siae, year.hours) == (
        2024,
        Decimal(1200000),
        Decimal(1000000),
        Decimal(200000),
        Decimal(1250),
    )
    assert (year.stpa_share, year.siae_share, year.change) == (Decimal("83.3"), Decimal("16.7"),
                                                               Decimal("50.0"))  # fmt: skip
    assert [(p.label, p.amount) for p in figures.trades] == [
        ("Blanchisserie", Decimal(900000)),
        ("Métier non renseigné", Decimal(200000)),
        ("Traiteur", Decimal(100000)),
    ]
    assert [p.label for p in figures.providers] == ["ESAT Belleville", "EI Recyclerie",
                                                    "Studio Dupont"]  # fmt: skip
    html = response.content.decode()
    assert "1\u202f200\u202f000\u00a0€" not in html  # amounts use narrow no-break spaces only
    assert "1\u202f200\u202f000\u202f€" in html and "+50,0\u202f%" in html
    assert "83,3\u202f%" in html and 'role="img"' in html
    # 2023 in detail, from its link.
    response = client_collaborator.get(
        reverse("purchases:buyer_purchases", args=[paris.pk]), {"annee": "2023"}
    )
    assert response.context["figures"].selected.total == Decimal(800000)
    assert response.context["figures"].selected.change is None


def test_the_export_holds_every_years_figures_as_french_numbers(
    client_collaborator, paris, providers
):
    laundry = Trade.objects.create(name="Blanchisserie")
    Purchase.objects.bulk_create([
        buy(paris, providers["esat"], 2023, "1234.50", trade=laundry),
        buy(paris, providers["ei"], 2024, "100", insertion_hours=Decimal("35.5")),
    ])  # fmt: skip
    response = client_collaborator.get(reverse("purchases:buyer_purchases_export", args=[paris.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="achats-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Année", "Rubrique", "Libellé", "Valeur"]
    assert ["2023", "Volume", "Total", "1234,50", "€ HT", "100,0"] in rows
    assert ["2023", "Métier", "Blanchisserie", "1234,50", "€ HT", "100,0"] in rows
    assert ["2024", "Clause sociale", "Heures d'insertion", "35,50", "heures", ""] in rows


@pytest.mark.parametrize("count", [5, 200])
def test_the_buyer_page_and_the_list_run_a_bounded_number_of_queries(
    count, client_coordinator, paris, providers, django_assert_max_num_queries
):
    populate(paris, providers, count)
    page = reverse("purchases:buyer_purchases", args=[paris.pk])
    client_coordinator.get(page)
    with django_assert_max_num_queries(9):
        response = client_coordinator.get(page)
    assert len(response.context["figures"].years) == 2
    listing = reverse("purchases:purchase_list")
    client_coordinator.get(listing)
    for query in ("", f"buyer={paris.pk}&year=2024&sector=stpa", "reserved_market=none"):
        with django_assert_max_num_queries(5):
            response = client_coordinator.get(f"{listing}?{query}")
        page_obj = response.context["page_obj"]
        assert len(page_obj) == min(30, page_obj.count) > 0
        if page_obj.has_next:
            with django_assert_max_num_queries(5):
                response = client_coordinator.get(
                    f"{listing}?{query}&{AFTER}={page_obj.next_cursor}"
                )
            assert len(response.context["page_obj"]) > 0


def test_a_line_typed_on_screen_links_its_provider_and_keeps_its_author(
    client_relations, relations_manager, paris, providers
):
    response = client_relations.post(
        reverse("purchases:purchase_create"),
        {"buyer": paris.pk, "buyer_q": "Ville de Paris", "supplier_q": "",
         "supplier_siret": " ".join([valid_siret(1)[:9], valid_siret(1)[9:]]),
         "date": "2010-06-30", "amount_ht": "1 234,56", "labour_cost": "800",
         "reserved_market": "none", "insertion_hours": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    purchase = Purchase.objects.get()
    assert (purchase.supplier, purchase.year, purchase.amount_ht, purchase.source) == (
        providers["esat"],
        2010,
        Decimal("1234.56"),
        "screen",
    )
    assert purchase.history.get().history_user == relations_manager
    assert response["Location"] == reverse("purchases:buyer_purchases", args=[paris.pk])


def test_an_edit_over_a_newer_version_is_refused_then_a_delete_is_confirmed_first(
    client_relations, paris, providers
):
    purchase = buy(paris, providers["esat"], 2024, "100")
    purchase.save()
    url = reverse("purchases:purchase_update", args=[purchase.pk])
    data = {"buyer": paris.pk, "buyer_q": "Ville de Paris", "supplier": providers["esat"].pk,
            "supplier_q": "ESAT Belleville", "supplier_siret": purchase.supplier_siret,
            "year": "2024", "amount_ht": "150,00", "reserved_market": "none",
            "insertion_hours": "0", "version": "1"}  # fmt: skip
    assert client_relations.post(url, data).status_code == 302
    response = client_relations.post(url, {**data, "amount_ht": "175,00"})
    assert "après l'ouverture de votre formulaire" in response.context["form"].non_field_errors()[0]
    purchase.refresh_from_db()
    assert (purchase.amount_ht, purchase.version) == (Decimal("150.00"), 2)
    history = reverse("core:history_list", args=["purchases.purchase", purchase.pk])
    assert history in response.content.decode()
    assert "150,00" in client_relations.get(history).content.decode()

    delete = reverse("purchases:purchase_delete", args=[purchase.pk])
    assert "Confirmer la suppression" in client_relations.get(delete).content.decode()
    assert Purchase.objects.exists()
    client_relations.post(delete)
    assert not Purchase.objects.exists()
    assert purchase.history.first().history_type == "-"


def test_readers_see_the_figures_but_cannot_change_them(client_collaborator, paris, providers):
    purchase = buy(paris, providers["esat"], 2024, "100")
    purchase.save()
    assert client_collaborator.get(reverse("purchases:purchase_list")).status_code == 200
    for name, args in [
        ("purchase_create", []),
        ("purchase_import", []),
        ("purchase_update", [purchase.pk]),
        ("purchase_delete", [purchase.pk]),
    ]:
        assert client_collaborator.get(reverse(f"purchases:{name}", args=args)).status_code == 403
    html = client_collaborator.get(reverse("purchases:purchase_list")).content.decode()
    assert "Saisir un achat" not in html and "Modifier" not in html


def test_a_buyers_organisation_page_links_to_its_purchasing_page(
    client_relations, paris, providers
):
    buy(paris, providers["esat"], 2024, "1900000").save()
    html = client_relations.get(paris.get_absolute_url()).content.decode()
    assert reverse("purchases:buyer_purchases", args=[paris.pk]) in html
    assert "1\u202f900\u202f000\u202f€" in html
    html = client_relations.get(providers["esat"].get_absolute_url()).content.decode()
    assert "Ventes aux acheteurs" in html
    assert reverse("purchases:provider_sales", args=[providers["esat"].pk]) in html


def test_the_list_filters_by_kind_of_contract(client_coordinator, paris, providers):
    Purchase.objects.bulk_create(
        [
            buy(paris, providers["esat"], 2024, "100", contract_kind="supply"),
            buy(paris, providers["esat"], 2024, "200", contract_kind="staff"),
        ]
    )
    listing = reverse("purchases:purchase_list")
    html = client_coordinator.get(listing).content.decode()
    assert (
        'for="id_contract_kind">Nature du contrat' in html
        and "Mise à disposition de personnel" in html
    )
    response = client_coordinator.get(listing, {"contract_kind": "staff"})
    assert [p.amount_ht for p in response.context["page_obj"]] == [Decimal(200)]
