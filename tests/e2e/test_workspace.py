"""The MACS convention's workspace, walked by keyboard: tabs as links, each at its own URL."""

import re

import pytest
from playwright.sync_api import expect

from conventions.models import Convention
from core.models import User
from demo.loaders import load_demo
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MACS = "MACS Île-de-France — renouvellement 2026"


def test_the_macs_workspace_is_walked_by_keyboard_and_reflows_at_320_px(
    page, live_server, offsite_requests
):
    load_demo()
    macs = Convention.objects.get(title=MACS)
    log_in(page, live_server, User.objects.get(username="coordination"))
    page.goto(f"{live_server.url}{macs.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(MACS)
    # The header's next step is what blocks the signature (a coordinator does not edit parties).
    expect(page.get_by_text("Compléter la signature de Réseau Gesat")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Sections de la convention")
    expect(tabs.get_by_role("link", name="Synthèse")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    # Tab moves along the tabs, Enter opens one; the keyboard stays on the tab opened.
    tabs.get_by_role("link", name="Synthèse").focus()
    page.keyboard.press("Tab")
    expect(tabs.get_by_role("link", name="Parties et signataires")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/conventions/\d+/parties/$"))
    parties = tabs.get_by_role("link", name="Parties et signataires")
    expect(parties).to_have_attribute("aria-current", "page")
    expect(parties).to_be_focused()
    expect(page.get_by_role("cell", name="Pas encore signée")).to_be_visible()
    assert_accessible(page)

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(tabs.get_by_role("link", name="Plan d'actions")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/conventions/\d+/plan/$"))
    expect(tabs.get_by_role("link", name="Plan d'actions")).to_be_focused()
    expect(page.get_by_role("heading", name="Plan d'actions", level=2)).to_be_visible()
    assert_accessible(page)

    # On a phone the tables stack: no page of the workspace scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    for slug in ("", "taches/", "plan/", "parties/"):
        page.goto(f"{live_server.url}{macs.get_absolute_url()}{slug}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{slug or 'synthese'} scrolls sideways by {overflow} px at 320 px"
    # Each row of the parties' table is a block whose cells name their column.
    row = page.locator("table.table-stack tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    expect(row.locator('[data-label="Signée le"]')).to_be_visible()
    assert offsite_requests == []
