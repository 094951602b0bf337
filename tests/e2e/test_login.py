"""A demo user reaches the dashboard by keyboard, in French, with no accessibility fault."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "mot-de-passe-de-test"


def test_log_in_with_the_keyboard_then_out(page, live_server, offsite_requests):
    UserFactory(username="claire", first_name="Claire", last_name="Moreau", role=roles.COORDINATOR)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_title("Connexion · Maillage")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_label("Mot de passe").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Saisissez un nom d’utilisateur")
    assert_accessible(page)

    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Claire Moreau")
    expect(page.get_by_text("Votre rôle : Coordinateur·rice")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mon compte : Claire Moreau").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Maillage")
    assert offsite_requests == []


def test_switch_the_interface_to_english(page, live_server):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Maillage")
    expect(page.get_by_label("Language")).to_be_visible()
    assert_accessible(page)
