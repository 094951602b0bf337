"""The MACS renewal, from negotiation to signed, then its action plan and the dashboard."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import User
from demo.loaders import load_demo
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

MACS = "MACS Île-de-France — renouvellement 2026"


def test_sign_the_macs_renewal_then_follow_its_action_plan(page, live_server, offsite_requests):
    load_demo()
    today = timezone.localdate().isoformat()

    # A relationship manager finds the convention and completes the missing signature.
    log_in(page, live_server, User.objects.get(username="relations"))
    page.goto(f"{live_server.url}/conventions/")
    page.get_by_role("textbox", name="Rechercher").fill("renouvellement")
    page.get_by_role("button", name="Filtrer").click()
    row = page.get_by_role("row").filter(has_text=MACS)
    assert_accessible(page)
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MACS)
    expect(page.get_by_text("date de signature manquante pour Réseau Gesat")).to_be_visible()
    assert_accessible(page)

    # The header's next step opens the form that unblocks the signature.
    page.get_by_role("link", name="Compléter la signature de Réseau Gesat").click()
    page.get_by_label("Signée le").fill(today)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()

    # Back on the parties tab, the header's next step is now the signature.
    page.get_by_role("link", name="Signer", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer : Enregistrer la signature").click()
    expect(page.get_by_role("status")).to_contain_text("La signature de la convention CONV-")
    expect(page.get_by_role("status")).to_contain_text(
        "est enregistrée : la convention est signée."
    )
    expect(page.locator("h1 + p .badge")).to_have_text("Signée")
    convention_url = page.url

    # The coordinator adds an action, then marks it done.
    log_in(page, live_server, User.objects.get(username="coordination"))
    page.goto(convention_url)
    page.get_by_role("link", name="Plan d'actions", exact=True).click()
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Numéro").fill("6")
    page.get_by_label("Intitulé").fill("Publier le bilan des clauses sociales")
    page.get_by_label("Échéance").fill(today)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Publier le bilan des clauses sociales").click()
    page.get_by_role("link", name="Marquer comme réalisée").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer : action réalisée").click()
    expect(page.get_by_role("status")).to_contain_text("L'action 6 est réalisée.")
    expect(page.locator("h1 + p .badge").first).to_have_text("Réalisée")
    assert_accessible(page)

    # ... records an indicator measurement ...
    page.goto(convention_url)
    page.get_by_role("link", name="Indicateurs", exact=True).click()
    page.get_by_role("link", name="Nombre de marchés publics avec clause sociale").click()
    page.get_by_label("Valeur").fill("15")
    page.get_by_label("Commentaire").fill("Point du jour")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(page.get_by_role("status")).to_contain_text("La mesure a été enregistrée.")
    expect(page.get_by_role("cell", name="Point du jour")).to_be_visible()
    expect(page.get_by_role("img")).to_have_attribute(
        "aria-label",
        "Dernière mesure 15 marchés le "
        + timezone.localdate().strftime("%d/%m/%Y")
        + ", cible 40 marchés (37 %)",
    )
    assert_accessible(page)

    # ... and the dashboard shows one of their late actions, linked to the full list.
    page.goto(f"{live_server.url}/")
    late = page.get_by_role("region", name="Mes actions en retard")
    expect(late.get_by_role("listitem").first).to_contain_text("échéance le")
    assert_accessible(page)
    late.get_by_role("link", name="Toutes mes actions en retard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes actions")
    expect(page.locator("tbody .badge", has_text="En retard").first).to_be_visible()
    assert_accessible(page)
    assert offsite_requests == []
