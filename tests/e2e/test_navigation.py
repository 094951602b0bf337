"""The header a user finds their way with: menus from every app, one row on a laptop, a
collapsed menu on a phone, a focus ring that shows, French error pages with a way back."""

import re

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG's relative luminance and contrast ratio of two "rgb(r, g, b)" colours.
CONTRAST = """
([a, b]) => {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
"""

# The colours of the focused element's indicator (box-shadow rings or outline), and the
# background it is drawn on (the first ancestor with an opaque background).
INDICATOR = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const colours = (style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []);
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
    colours.push(style.outlineColor);
  }
  let node = el.parentElement, background = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") { background = bg; break; }
    node = node.parentElement;
  }
  return {colours: colours.filter((c) => !/rgba\\([^)]*,\\s*0\\)/.test(c)), background};
}
"""


def focus_contrast(page) -> float:
    """The best contrast between a ring of the focused element's indicator and its background."""
    page.wait_for_function(
        "() => document.activeElement.getAnimations().every(a => a.playState === 'finished')"
    )
    found = page.evaluate(INDICATOR)
    assert found["colours"], "the focused element shows no indicator"
    return max(page.evaluate(CONTRAST, [c, found["background"]]) for c in found["colours"])


def test_the_menus_reach_every_area_in_one_row_with_a_visible_focus(page, live_server):
    admin = UserFactory(first_name="Claire", last_name="Vidal", role=roles.ADMINISTRATOR)
    log_in(page, live_server, admin)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    boxes = nav.locator(".navbar-brand, .navbar-nav > .nav-item, #menu-compte").evaluate_all(
        "items => items.map(i => [i.getBoundingClientRect().top, i.getBoundingClientRect().bottom])"
    )
    # One row: every item spans a common horizontal line.
    assert max(top for top, _ in boxes) < min(bottom for _, bottom in boxes), boxes

    # By keyboard: the Partenaires menu opens, its journal entry leads to the journal.
    partners = nav.get_by_role("button", name="Partenaires")
    partners.focus()
    assert focus_contrast(page) >= 3
    partners.press("Enter")
    expect(partners).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(nav.get_by_role("link", name="Organisations")).to_be_focused()
    assert_accessible(page)
    nav.get_by_role("link", name="Journal des échanges").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Journal")

    page.get_by_role("button", name=re.compile("Claire Vidal")).click()
    for entry in ("Préférences et agenda", "Rappels en échec", "Administration"):
        expect(nav.get_by_role("link", name=entry)).to_be_visible()
    expect(nav.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{live_server.url}/partenaires/organisations/nouvelle/")
    page.get_by_role("button", name="Enregistrer").click()
    summary = page.get_by_role("alert").filter(has_text="Le formulaire contient")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == page.evaluate(
        "decodeURIComponent(location.hash.slice(1))"
    )
    assert focus_contrast(page) >= 3
    # On to the button with the keyboard, as its user would.
    save = page.get_by_role("button", name="Enregistrer")
    for _ in range(80):
        if save.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(save).to_be_focused()
    assert focus_contrast(page) >= 3
    assert_accessible(page)


def test_a_collaborator_on_a_phone_gets_a_collapsed_menu_and_no_sideways_scroll(page, live_server):
    user = UserFactory(first_name="Paul", last_name="Durand", role=roles.COLLABORATOR)
    convention = ConventionFactory(title="Convention de partenariat avec la Métropole")
    PartyFactory(convention=convention, organisation=OrganisationFactory(name="Réseau Gesat"))
    log_in(page, live_server, user)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Tâches", exact=True)).to_be_hidden()
    menu.click()
    expect(page.get_by_role("link", name="Tâches", exact=True)).to_be_visible()
    page.get_by_role("button", name=re.compile("Paul Durand")).click()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    assert_accessible(page)

    for path in (
        "/",
        "/partenaires/organisations/",
        "/conventions/",
        f"/conventions/{convention.pk}/",
        "/actions/",
        "/taches/",
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 320 px"

    assert page.goto(f"{live_server.url}/admin/").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.get_by_role("link", name="Revenir à l'accueil")).to_be_visible()
    assert_accessible(page)


def test_missing_pages_and_server_errors_answer_in_french_with_a_way_back(page, live_server):
    log_in(page, live_server, UserFactory(role=roles.RELATIONS_MANAGER))
    assert page.goto(f"{live_server.url}/partenaires/organisations/999999/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revenir à l'accueil").click()
    expect(page).to_have_url(f"{live_server.url}/")

    # The page Django serves on a server error, as it serves it (no context, no database).
    body = render_to_string("500.html")
    page.route(
        f"{live_server.url}/erreur/",
        lambda route: route.fulfill(status=500, body=body, content_type="text/html"),
    )
    page.goto(f"{live_server.url}/erreur/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erreur du serveur")
    expect(page.get_by_role("link", name="Revenir à l'accueil")).to_be_visible()
    assert_accessible(page)
