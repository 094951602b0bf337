import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core import roles
from tests.factories import ActionFactory, ConventionFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_answers_in_french(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Connexion à Maillage" in response.content.decode()


def test_the_dashboard_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_logs_in_with_the_form_and_reaches_the_dashboard(client):
    UserFactory(username="claire", first_name="Claire", last_name="Moreau", role=roles.COORDINATOR)
    response = client.post(
        reverse("login"), {"username": "claire", "password": "mot-de-passe-de-test"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Bonjour Claire Moreau" in response.content.decode()


def test_a_wrong_password_is_explained_next_to_the_form(client):
    UserFactory(username="claire")
    response = client.post(reverse("login"), {"username": "claire", "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_logout_is_a_post_and_returns_to_login(client_coordinator):
    response = client_coordinator.post(reverse("logout"))
    assert response.status_code == 302
    assert client_coordinator.get(reverse("core:home")).status_code == 302


def test_the_navigation_shows_only_what_the_role_may_see(client_collaborator):
    page = client_collaborator.get(reverse("core:home")).content.decode()
    assert "Organisations" in page
    assert "Tâches" in page
    assert 'href="#contenu"' in page


@time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_lists_my_tasks_late_actions_and_conventions_to_renew(
    client_coordinator, coordinator
):
    TaskFactory(
        assignee=coordinator, title="Préparer le comité de pilotage", due_on=dt.date(2026, 11, 24)
    )
    TaskFactory(title="Tâche de quelqu'un d'autre")
    ActionFactory(
        owner_user=coordinator, title="Diagnostic des achats", due_on=dt.date(2026, 11, 1)
    )
    ConventionFactory(
        title="Métropole × Réseau Gesat",
        status="active",
        signed_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    page = client_coordinator.get(reverse("core:home")).content.decode()
    assert "Préparer le comité de pilotage" in page
    assert "En retard :" in page
    assert "Tâche de quelqu&#x27;un d&#x27;autre" not in page
    assert "Diagnostic des achats" in page
    assert "Métropole × Réseau Gesat" in page


@pytest.mark.parametrize("size", [1, 30])
def test_the_dashboard_runs_the_same_queries_small_or_large(
    size, client_coordinator, coordinator, django_assert_max_num_queries
):
    for _ in range(size):
        TaskFactory(assignee=coordinator, due_on=dt.date(2020, 1, 1))
        ActionFactory(owner_user=coordinator, due_on=dt.date(2020, 1, 1))
        ConventionFactory(coordinator=coordinator)
    # The three figures (partners, conventions, actions) are counted at most every 5 minutes.
    with django_assert_max_num_queries(15):
        response = client_coordinator.get(reverse("core:home"))
    assert response.status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_dashboard_shows_recent_changes_on_what_i_own(client_coordinator, coordinator):
    mine = ConventionFactory(title="Ma convention", coordinator=coordinator)
    ConventionFactory(title="Convention d'un autre")
    mine.title = "Ma convention renommée"
    mine.save()
    page = client_coordinator.get(reverse("core:home")).content.decode()
    assert "Ma convention renommée" in page
    assert f'href="{mine.get_absolute_url()}"' in page
    assert "Convention d&#x27;un autre" not in page


def test_every_dashboard_block_links_to_the_list_it_summarises(client_coordinator):
    ConventionFactory(status="active", signed_on=dt.date(2026, 1, 1))
    page = client_coordinator.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("actions:action_list")}?owner=me&amp;late=on"' in page
    assert f'href="{reverse("conventions:convention_list")}?view=renew"' in page
    assert f'href="{reverse("conventions:convention_list")}?status=active"' in page
    assert f'href="{reverse("conventions:convention_list")}?mine=on"' in page


def test_the_accessibility_statement_is_linked_from_the_login_page_and_open_to_all(
    client, settings, django_assert_max_num_queries
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "accessibilite@reseau.example.org"
    login_page = client.get(reverse("login")).content.decode()
    url = reverse("core:accessibility")
    assert f'<a href="{url}">Accessibilité : partiellement conforme</a>' in login_page

    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h2">Déclaration d\'accessibilité</h1>' in page
    assert "<strong>partiellement conforme</strong>" in page and "RGAA), version 4.1" in page
    # What is not yet conformant, how it was tested, whom to write to, and the appeal.
    assert "Les documents PDF produits par Maillage" in page and "ne sont pas balisés" in page
    assert "axe-core" in page and "Chromium" in page and "au clavier seul" in page
    assert 'href="mailto:accessibilite@reseau.example.org"' in page
    assert "Défenseur des droits" in page and "Libre réponse 71120" in page
