"""The relation fields by keyboard: type, arrow down, Enter picks, the choice is announced;
axe finds nothing on the journal, party and task forms, and each form saves what was picked."""

import re

import pytest
from playwright.sync_api import expect

from conventions.models import Party
from core import roles
from partners.models import Affiliation
from tasks.models import Task
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import ContactFactory, ConventionFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def pick(page, label: str, typed: str, option: str) -> None:
    """Type in the combobox, arrow down to the first suggestion, Enter."""
    box = page.get_by_role("combobox", name=re.compile(rf"^{label}"))
    box.press_sequentially(typed)
    expect(page.get_by_role("option", name=re.compile(option)).first).to_be_visible()
    box.press("ArrowDown")
    expect(page.get_by_role("option", name=re.compile(option)).first).to_have_attribute(
        "aria-selected", "true"
    )
    assert_accessible(page)
    page.keyboard.press("Enter")


def test_pick_by_keyboard_on_the_journal_party_and_task_forms(page, live_server, offsite_requests):
    user = UserFactory(first_name="Camille", last_name="Roux", role=roles.RELATIONS_MANAGER)
    gesat = OrganisationFactory(name="Réseau Gesat", kind="network")
    OrganisationFactory(name="UNEA", kind="network")
    elodie = ContactFactory(first_name="Élodie", last_name="Martin")
    Affiliation.objects.create(contact=elodie, organisation=gesat, role_title="Directrice")
    # Same name, elsewhere: the signatory's suggestions follow the chosen organisation.
    ContactFactory(first_name="Élise", last_name="Martin")
    convention = ConventionFactory(title="Achats responsables")
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/partenaires/journal/nouveau/?organisation={gesat.pk}")
    expect(page.get_by_role("checkbox", name="Réseau Gesat")).to_be_checked()
    page.get_by_role("combobox", name=re.compile(r"^Type\b")).select_option(label="Événement")
    page.get_by_label("Objet").fill("Point annuel")
    pick(page, "Contacts", "marti", "Élodie Martin")
    expect(page.locator("#id_contacts_announce")).to_have_text("Élodie Martin : ajouté à la liste.")
    expect(page.get_by_role("checkbox", name="Élodie Martin")).to_be_checked()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L'entrée du journal est enregistrée.")).to_be_visible()

    page.goto(f"{live_server.url}/conventions/{convention.pk}/parties/ajouter/")
    assert_accessible(page)
    pick(page, "Organisation", "gesa", "Réseau Gesat")
    expect(page.locator("#id_organisation_announce")).to_have_text("Réseau Gesat : choisi.")
    box = page.get_by_role("combobox", name=re.compile("^Signataire"))
    box.press_sequentially("martin")
    expect(page.locator("#id_signatory__listbox").get_by_role("option")).to_have_count(1)
    pick(page, "Signataire", "", "Élodie Martin")
    expect(page.locator("#id_signatory_announce")).to_have_text("Élodie Martin : choisi.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Achats responsables")
    party = Party.objects.get()
    assert (party.organisation, party.signatory) == (gesat, elodie)

    page.goto(f"{live_server.url}/taches/nouvelle/")
    page.get_by_label("Intitulé").fill("Relancer le réseau")
    pick(page, "Organisation", "reseau ges", "Réseau Gesat")
    expect(page.locator("#id_organisation_announce")).to_have_text("Réseau Gesat : choisi.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La tâche a été créée.")).to_be_visible()
    assert Task.objects.get().organisation == gesat
    assert offsite_requests == []
