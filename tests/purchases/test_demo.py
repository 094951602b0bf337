"""The demo's purchases: the City of Paris's 1.9 M€ of 2010 and the Métropole's growth."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from actions.models import Indicator
from core.models import User
from partners.models import Organisation
from purchases.models import Purchase
from tests.purchases.test_attestation import pdftotext

pytestmark = pytest.mark.django_db

SIX_TRADES = {
    "Fournitures de bureau": Decimal(420_000),
    "Traiteur": Decimal(310_000),
    "Blanchisserie": Decimal(480_000),
    "Mise sous pli et routage": Decimal(260_000),
    "Produits d'entretien": Decimal(250_000),
    "Couture et retouches": Decimal(180_000),
}


def test_the_city_of_paris_page_shows_1_900_000_euros_in_2010_split_by_six_trades(
    module_demo, client
):
    user = User.objects.get(username="collaboration")
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    paris = Organisation.objects.get(name="Ville de Paris")
    response = client.get(reverse("purchases:buyer_purchases", args=[paris.pk]), {"annee": 2010})
    figures = response.context["figures"]
    assert (figures.selected.year, figures.selected.total) == (2010, Decimal(1_900_000))
    assert figures.selected.stpa_share == Decimal(100)
    assert {part.label: part.amount for part in figures.trades} == SIX_TRADES
    html = response.content.decode()
    assert "1\u202f900\u202f000\u202f€" in html
    for trade, amount in SIX_TRADES.items():
        assert f"{trade}" in html.replace("&#x27;", "'")
        assert f"{amount:,.0f}".replace(",", "\u202f") + "\u202f€" in html


def test_the_metropoles_purchases_from_esat_and_ea_grow_after_2021_as_its_indicator_says(
    module_demo,
):
    metropole = Organisation.objects.get(name="Métropole Aix-Marseille-Provence")
    stpa = Purchase.objects.filter(buyer=metropole).in_sector("stpa")
    yearly = dict(stpa.values_list("year").annotate(total=Sum("amount_ht")).order_by("year"))
    assert sorted(yearly) == list(range(2019, 2026))
    assert yearly[2019] < yearly[2020] < yearly[2021] < yearly[2025]
    assert set(stpa.values_list("supplier__department__code", flat=True)) == {"13"}
    indicator = Indicator.objects.get(
        convention__parties__organisation=metropole, unit="€", name__startswith="Montant"
    )
    measured = {m.measured_on.year: m.value for m in indicator.measurements.all()}
    assert measured == {year: yearly[year] for year in range(2021, 2026)}
    assert indicator.baseline == yearly[2020]


def test_la_postes_oeth_estimate_matches_the_hand_computation_cap_included(module_demo, client):
    """Belleville: 8 400 + 5 950 + 2 800,35 = 17 150,35 € of labour, 30 % = 5 145,105, so
    5 145,11 €; Paris Accueil: 36 720 € → 11 016 €; the EATT: 14 250 € → 4 275 €.
    20 436,11 € in all; with a 30 000 € contribution and a 2,4 % direct rate the cap is 50 %
    of it, 15 000 €; from 3 % it is 75 %, 22 500 €, which the 30 % stays under."""
    user = User.objects.get(username="collaboration")
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    la_poste = Organisation.objects.get(name="La Poste")
    url = reverse("purchases:buyer_oeth", args=[la_poste.pk])
    response = client.get(url, {"annee": 2024, "gross_contribution": "30 000",
                                "direct_rate": "2,4"})  # fmt: skip
    estimate = response.context["estimate"]
    assert [(p.supplier, p.deduction) for p in estimate.providers] == [
        ("EA Paris Accueil Services", Decimal("11016.00")),
        ("ESAT Les Ateliers de Belleville", Decimal("5145.11")),
        ("EATT Intérim Inclusif Île-de-France", Decimal("4275.00")),
    ]
    assert (estimate.deduction_before_cap, estimate.cap, estimate.deduction) == (
        Decimal("20436.11"),
        Decimal("15000.00"),
        Decimal("15000.00"),
    )
    assert sorted(why for _line, why in estimate.excluded) == [
        "coût de main-d'œuvre inconnu", "prestataire hors champ (ni EA, ni ESAT, ni TIH, ni portage)"
    ]  # fmt: skip
    html = response.content.decode()
    assert "Déduction estimée pour 2024 : 15\u202f000\u202f€" in html
    response = client.get(url, {"annee": 2024, "gross_contribution": "30000", "direct_rate": "3,2"})
    assert response.context["estimate"].deduction == Decimal("20436.11")
    response = client.get(url, {"annee": 2024, "gross_contribution": "30000", "direct_rate": ""})
    assert response.context["form"].errors["direct_rate"] == [
        "Indiquez aussi le taux d'emploi direct : le plafond en dépend."
    ]


def test_a_providers_attestation_for_la_poste_states_the_three_amounts(module_demo, client):
    user = User.objects.get(username="collaboration")
    client.force_login(user, backend="core.auth.CachedPermissionBackend")
    la_poste = Organisation.objects.get(name="La Poste")
    belleville = Organisation.objects.get(name="ESAT Les Ateliers de Belleville")
    url = reverse("purchases:attestation_download", args=[belleville.pk, la_poste.pk, 2024])
    assert (
        url
        in client.get(
            reverse("purchases:buyer_oeth", args=[la_poste.pk]), {"annee": 2024}
        ).content.decode()
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    for expected in ("ESAT Les Ateliers de Belleville", "La Poste", "Année 2024",
                     "24 500,50 €", "7 350,15 €", "17 150,35 €", "5 145,11 €"):  # fmt: skip
        assert expected in text, expected
    # The Métropole's purchases are public and state no labour cost: no attestation.
    metropole = Organisation.objects.get(name="Métropole Aix-Marseille-Provence")
    url = reverse("purchases:attestation_download", args=[belleville.pk, metropole.pk, 2024])
    assert client.get(url).status_code == 404
