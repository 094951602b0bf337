"""A collaborator searches the journal, narrows it to an organisation picked by keyboard and a
period, and downloads what it shows; axe finds nothing on the way."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from core import roles
from partners import services
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_autocomplete import pick
from tests.exports import table
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_search_filter_and_export_the_journal(page, live_server, offsite_requests):
    author = UserFactory(first_name="Camille", last_name="Roux", role=roles.RELATIONS_MANAGER)
    esat = OrganisationFactory(name="ESAT des Calanques")
    gesat = OrganisationFactory(name="Réseau Gesat", kind="network")
    for organisation, day, subject in [
        (esat, dt.date(2026, 3, 2), "Marché réservé : appel de suivi"),
        (esat, dt.date(2025, 6, 1), "Marché réservé : premier contact"),
        (gesat, dt.date(2026, 4, 9), "Marché réservé : réunion du réseau"),
        (gesat, dt.date(2026, 5, 12), "Comité de pilotage"),
    ]:
        services.interaction_log(
            by=author, organisations=[organisation], contacts=[], kind="call",
            occurred_on=day, subject=subject,
        )  # fmt: skip
    log_in(page, live_server, UserFactory(role=roles.COLLABORATOR))
    page.goto(f"{live_server.url}/partenaires/journal/")
    expect(page.get_by_text("4 entrées.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Rechercher", exact=True).fill("marche reserve")
    expect(page.get_by_text("3 entrées.")).to_be_visible()
    assert query(page)["q"] == ["marche reserve"], "the search is in the URL"
    pick(page, "Organisation", "calanq", "ESAT des Calanques")
    page.get_by_label("Du", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 entrée.")).to_be_visible()
    expect(page.get_by_text("Marché réservé : appel de suivi")).to_be_visible()
    found = query(page)
    assert (found["organisation"], found["du"]) == ([str(esat.pk)], ["2026-01-01"])
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    header, *rows = table(download.value.path().read_bytes(), "csv")
    assert [row[header.index("Objet")] for row in rows] == ["Marché réservé : appel de suivi"]
    assert offsite_requests == []
