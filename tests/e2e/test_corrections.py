"""Correcting the record: a journal entry corrected then deleted, a draft abandoned, by keyboard."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conventions.models import Convention
from core import roles
from partners import services
from partners.models import Interaction
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import ConventionFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_correct_then_delete_a_journal_entry_and_abandon_a_draft(page, live_server):
    manager = UserFactory(username="camille", role=roles.RELATIONS_MANAGER)
    log_in(page, live_server, manager)
    organisation = OrganisationFactory(name="ESAT des Calanques")
    services.interaction_log(
        by=manager, organisations=[organisation], contacts=[], kind="call",
        occurred_on=dt.date(2026, 11, 20), subject="Appel de suivi",
    )  # fmt: skip
    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    page.get_by_role("link", name="Corriger : Appel de suivi").click()
    assert_accessible(page)
    page.get_by_label("Objet").fill("Appel de suivi du comité")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L'entrée du journal est corrigée.")).to_be_visible()

    page.get_by_role("link", name="Supprimer : Appel de suivi du comité").click()
    assert_accessible(page)
    confirm = page.get_by_role("button", name="Confirmer la suppression")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("L'entrée du journal est supprimée.")).to_be_visible()
    assert not Interaction.objects.exists()

    convention = ConventionFactory(title="Projet sans suite")
    page.goto(f"{live_server.url}{convention.get_absolute_url()}")
    page.get_by_role("link", name="Abandonner").click()
    page.get_by_role("button", name="Confirmer : Abandonner").click()
    expect(page.get_by_label("Motif de l'abandon")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Motif de l'abandon").fill("Le financeur s'est retiré.")
    page.get_by_role("button", name="Confirmer : Abandonner").click()
    reason = page.get_by_role("definition").filter(has_text="Le financeur s'est retiré.")
    expect(reason).to_be_visible()
    convention.refresh_from_db()
    assert convention.status == Convention.Status.ABANDONED
