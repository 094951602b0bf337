"""A coordinator creates a weekly task, completes it and lands on the next one."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from tasks.models import Notification, Task
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_create_a_recurring_task_complete_it_and_see_the_next_one(
    page, live_server, offsite_requests
):
    user = UserFactory(
        username="claire", first_name="Claire", last_name="Moreau", role=roles.COORDINATOR
    )
    organisation = OrganisationFactory(name="ESAT Les Ateliers du Vieux-Port")
    Notification.objects.create(user=user, title="Échéance d'une tâche : Relancer", url="/taches/")
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/taches/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    assert_accessible(page)

    page.goto(f"{live_server.url}/taches/nouvelle/?organisation={organisation.pk}")
    expect(page.get_by_role("combobox", name="Organisation")).to_have_value(organisation.name)
    assert_accessible(page)
    due = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Intitulé").fill("Point hebdomadaire avec l'ESAT")
    page.get_by_label("Échéance").fill(due.isoformat())
    page.get_by_label("Récurrence").select_option("weekly")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Point hebdomadaire avec l'ESAT")
    expect(page.get_by_text("La tâche a été créée.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Marquer comme faite").focus()
    page.keyboard.press("Enter")

    following = due + dt.timedelta(days=7)
    expect(page.get_by_text(f"Prochaine occurrence le {following:%d/%m/%Y}")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Point hebdomadaire avec l'ESAT")
    expect(page.get_by_text(f"{due:%d/%m/%Y}", exact=True)).to_be_visible()  # the previous one
    assert_accessible(page)
    assert Task.objects.filter(status="open").get().due_on == following

    page.get_by_role("link", name="Tâches", exact=True).first.click()
    expect(page.get_by_role("cell", name=f"{following:%d/%m/%Y}")).to_be_visible()

    page.get_by_role("link", name="Notifications 1 non lues").click()
    expect(page.get_by_text("Non lue", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Échéance d'une tâche : Relancer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")

    page.goto(f"{live_server.url}/taches/preferences/")
    page.get_by_role("button", name="Créer mon adresse de calendrier").click()
    feed = page.get_by_label("Adresse de votre calendrier").input_value()
    assert feed.startswith(f"{live_server.url}/taches/calendrier/") and feed.endswith(".ics")
    assert_accessible(page)
    assert offsite_requests == []
