"""The purchase screens in a browser: each page passes axe, fits a phone, and a buyer's
purchasing page reads its figures and charts; a network's page leads to its members'."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core import roles
from partners.models import Relationship, Trade
from purchases.models import Purchase
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import OrganisationFactory, UserFactory, valid_siret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_purchase_page_passes_axe_and_the_buyer_page_fits_a_phone(page, live_server):
    paris = OrganisationFactory(name="Ville de Paris", kind="public_buyer", siret="")
    esat = OrganisationFactory(name="ESAT Les Ateliers de Belleville", siret=valid_siret(1))
    ei = OrganisationFactory(name="EI La Recyclerie", kind="ei", siret=valid_siret(2))
    laundry = Trade.objects.create(name="Gestion électronique de documents et archives")
    lines = [
        Purchase(buyer=paris, supplier=esat, supplier_siret=esat.siret, year=year,
                 amount_ht=Decimal(amount), trade=laundry, reserved_market="L2113-12")
        for year, amount in ((2009, "1500000"), (2010, "1900000"))
    ] + [Purchase(buyer=paris, supplier=ei, supplier_siret=ei.siret, year=2010,
                  amount_ht=Decimal(80000), insertion_hours=Decimal(700))]  # fmt: skip
    Purchase.objects.bulk_create(lines)
    gesat = OrganisationFactory(name="Réseau Gesat", kind="network", siret="")
    Relationship.objects.create(source=esat, kind="member_of", target=gesat)
    log_in(page, live_server, UserFactory(role=roles.RELATIONS_MANAGER))

    page.goto(f"{live_server.url}/achats/acheteurs/{paris.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Achats de Ville de Paris")
    expect(page.get_by_role("img", name="Volume d'achats HT par année")).to_be_visible()
    expect(page.get_by_role("heading", name="En 2010")).to_be_visible()
    expect(page.get_by_text("1 980 000 € HT en 2 achats")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the buyer page scrolls sideways by {overflow} px at 320 px"
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Estimation OETH").click()
    page.get_by_label("Taux d'emploi direct (%)").fill("250")
    page.get_by_role("button", name="Calculer").click()
    expect(
        page.get_by_text("Le taux d'emploi direct doit être compris entre 0 et 100 %.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/achats/acheteurs/{paris.pk}/")

    page.get_by_role("link", name="Voir les lignes").click()
    expect(page.get_by_role("status").filter(has_text="achats")).to_have_text("3 achats")
    assert_accessible(page)

    page.goto(f"{live_server.url}/achats/nouveau/")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert").filter(has_text="Le formulaire contient")).to_be_focused()
    assert_accessible(page)

    page.goto(f"{live_server.url}/achats/import/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/achats/reseaux/{gesat.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ventes des membres de Réseau Gesat")
    assert_accessible(page)
    page.get_by_role("link", name="ESAT Les Ateliers de Belleville").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ventes de ESAT")
    assert_accessible(page)
    page.goto(f"{live_server.url}/achats/{lines[0].pk}/supprimer/")
    expect(page.get_by_role("button", name="Confirmer la suppression")).to_be_visible()
    assert_accessible(page)
