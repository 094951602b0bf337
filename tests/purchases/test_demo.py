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
