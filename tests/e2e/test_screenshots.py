"""The dashboard, every section of a convention's workspace and an indicator's chart, at a
laptop's and a phone's width: saved under var/screenshots/ to be looked at, each page
clean for axe and without sideways scroll."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from actions.models import Indicator
from conventions.models import Convention
from core.models import User
from demo.loaders import load_demo
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = (1366, 390)
METROPOLE = "Partenariat annuel Métropole Aix-Marseille-Provence × Réseau Gesat"


def _shoot(page, name: str, width: int) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)


def test_the_dashboard_workspace_and_chart_are_captured_at_1366_and_390_px(
    page, live_server, offsite_requests
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    load_demo()
    metropole = Convention.objects.get(title=METROPOLE)
    indicator = Indicator.objects.filter(convention=metropole, measurements__isnull=False).first()
    log_in(page, live_server, User.objects.get(username="coordination"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="Plans d'action")).to_be_visible()
        _shoot(page, "dashboard", width)

        page.goto(f"{live_server.url}{metropole.get_absolute_url()}")
        nav = page.get_by_role("navigation", name="Sections de la convention")
        tabs = nav.get_by_role("link")
        sections = [(tabs.nth(k).inner_text().strip(), tabs.nth(k).get_attribute("href"))
                    for k in range(tabs.count())]  # fmt: skip
        assert len(sections) >= 8, sections
        for number, (label, href) in enumerate(sections, start=1):
            page.goto(f"{live_server.url}{href}")
            expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute(
                "aria-current", "page"
            )
            _shoot(page, f"workspace-{number:02d}", width)

        page.goto(f"{live_server.url}{indicator.get_absolute_url()}")
        chart = page.get_by_role("img", name="Dernière mesure").first
        expect(chart).to_be_visible()
        _shoot(page, "indicator-chart", width)
    assert not offsite_requests
