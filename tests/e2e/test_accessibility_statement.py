"""The accessibility statement, reached from the footer before any login, and tables that
name themselves above their rows."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import TaskFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reaches_the_accessibility_statement_from_the_login_page_footer(
    page, live_server, offsite_requests
):
    page.goto(f"{live_server.url}/connexion/")
    link = page.get_by_role("contentinfo").get_by_role(
        "link", name="Accessibilité : partiellement conforme"
    )
    # By keyboard, as a visitor who cannot use a mouse would.
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    expect(page).to_have_url(f"{live_server.url}/accessibilite/")
    for heading in ("État de conformité", "Contenus non accessibles", "Voies de recours"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("partiellement conforme", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="formulaire.defenseurdesdroits.fr")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the statement scrolls sideways by {overflow} px at 320 px"
    assert offsite_requests == []


def test_a_table_s_caption_sits_above_its_rows(page, live_server):
    user = UserFactory(role=roles.COORDINATOR)
    TaskFactory(assignee=user, title="Relancer l'ESAT du Vieux-Port")
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/taches/")
    caption = page.locator("table caption").first
    expect(caption).to_have_text("1 tâche")
    expect(caption).to_have_css("caption-side", "top")
    caption_bottom = caption.evaluate("c => c.getBoundingClientRect().bottom")
    rows_top = caption.evaluate("c => c.closest('table').tHead.getBoundingClientRect().top")
    assert caption_bottom <= rows_top
