"""A user creates an API token, uses it, revokes it; the API's docs render under the CSP,
from the vendored files."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_create_use_and_revoke_a_token_then_read_the_docs(page, live_server, offsite_requests):
    user = UserFactory(username="nadia", first_name="Nadia", last_name="Benali",
                       role=roles.RELATIONS_MANAGER)  # fmt: skip
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text else None)  # fmt: skip
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Mon compte").click()
    page.get_by_role("link", name="Jetons d'API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jetons d'API")
    assert_accessible(page)
    page.get_by_label("Nom du jeton").fill("Tableur du réseau")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.get_by_label("Jeton", exact=True).input_value()
    assert_accessible(page)
    api = f"{live_server.url}/api/v1/organisations/"
    headers = {"Authorization": f"Token {secret}"}
    assert page.request.get(api, headers=headers).status == 200

    page.get_by_role("link", name="Révoquer le jeton Tableur du réseau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Révoquer le jeton « Tableur du réseau » ?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Révoquer le jeton").click()
    expect(page.get_by_text("Le jeton « Tableur du réseau » est révoqué.")).to_be_visible()
    assert page.request.get(api, headers=headers).status == 401

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("/api/v1/conventions/{id}/sign/")).to_be_visible()
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.get_by_role("heading", name="API Maillage").first).to_be_visible()
    assert blocked == []
    # Redoc's search runs in a worker from a blob: URL of this page; its footer's Redocly logo
    # points at their CDN, and the CSP (img-src 'self') stops it in the browser.
    offsite = [url for url in offsite_requests if not url.startswith("blob:")]
    assert set(offsite) <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}
    assert all(url in failed for url in offsite)
