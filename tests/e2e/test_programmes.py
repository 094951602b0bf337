"""The MACS programme, reached from the conventions list, then its edit form."""

import pytest
from playwright.sync_api import expect

from core.models import User
from demo.loaders import load_demo
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_macs_programme_page_lists_its_conventions(page, live_server, offsite_requests):
    load_demo()
    log_in(page, live_server, User.objects.get(username="relations"))
    page.goto(f"{live_server.url}/conventions/")
    page.get_by_role("link", name="Programmes", exact=True).last.click()
    assert_accessible(page)
    page.get_by_role("link", name="Mission d'appui au développement des clauses sociales").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mission d'appui au développement des clauses sociales"
    )
    expect(page.get_by_role("heading", name="5 conventions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier le programme").click()
    assert_accessible(page)
    assert offsite_requests == []
