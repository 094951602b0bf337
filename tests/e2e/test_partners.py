"""Relationship managers' journeys through the partners screens, checked by axe-core."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app as celery_app
from core import roles
from partners.models import Department, Organisation, Trade
from tasks.models import Task
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import OrganisationFactory, UserFactory
from tests.partners.import_files import as_csv, organisation_rows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def manager(page, live_server):
    user = UserFactory(
        username="camille", first_name="Camille", last_name="Roux", role=roles.RELATIONS_MANAGER
    )
    log_in(page, live_server, user)
    return user


def test_search_then_open_an_organisation(page, live_server, manager, offsite_requests):
    OrganisationFactory(
        name="Métropole Aix-Marseille-Provence", kind="public_buyer", city="Marseille",
        siret="73282932000074", department=Department.objects.get(code="13"),
    )  # fmt: skip
    OrganisationFactory(name="Réseau Gesat", kind="network")
    page.goto(f"{live_server.url}/partenaires/organisations/")
    expect(page.get_by_text("2 organisations trouvées")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Rechercher", exact=True).fill("metropole")
    expect(page.get_by_text("1 organisation trouvée")).to_be_visible()
    assert "q=metropole" in page.url
    page.get_by_role("link", name="Métropole Aix-Marseille-Provence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Métropole Aix-Marseille-Provence")
    expect(page.get_by_text("732 829 320 00074")).to_be_visible()
    assert_accessible(page)
    assert offsite_requests == []


def test_create_an_organisation_with_an_invalid_then_a_valid_siret(page, live_server, manager):
    page.goto(f"{live_server.url}/partenaires/organisations/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Raison sociale").fill("ESAT des Calanques")
    page.get_by_role("combobox", name=re.compile(r"^Type\b")).select_option(label="ESAT")
    page.get_by_label("SIRET").fill("732 829 320 00075")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#id_siret_error")).to_contain_text("sa clé de contrôle est fausse")
    expect(page.get_by_label("SIRET")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("SIRET").fill("732 829 320 00074")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ESAT des Calanques")
    expect(page.get_by_text("L'organisation a été créée.")).to_be_visible()
    assert_accessible(page)
    assert Organisation.objects.get().siret == "73282932000074"


def test_log_a_journal_entry_with_a_follow_up_task(page, live_server, manager):
    organisation = OrganisationFactory(name="Réseau Gesat", kind="network")
    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    page.get_by_role("link", name="Noter au journal").click()
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile(r"^Type\b")).select_option(label="Événement")
    page.get_by_label("Objet").fill("Handiformelles 2026")
    page.get_by_label("Lieu").fill("Paris")
    page.get_by_label("Compte rendu").fill("Remise des trophées ; trois acheteurs à recontacter.")
    page.get_by_label("Créer une tâche de suivi").check()
    page.get_by_label("Intitulé de la tâche").fill("Recontacter les acheteurs")
    page.get_by_label("Échéance de la tâche").fill("2026-12-15")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Réseau Gesat")
    expect(
        page.get_by_text("L'entrée du journal et sa tâche de suivi sont enregistrées.")
    ).to_be_visible()
    expect(page.locator("#journal")).to_contain_text("Handiformelles 2026")
    expect(page.locator("#taches")).to_contain_text("Recontacter les acheteurs")
    assert_accessible(page)
    task = Task.objects.get()
    assert task.assignee == manager and task.organisation == organisation


@pytest.fixture
def worker():
    """A real Celery worker on the configured broker (Redis in CI), in a thread."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield


def test_run_an_import_with_errors_then_without(
    page, live_server, manager, settings, tmp_path, worker
):
    settings.MEDIA_ROOT = tmp_path
    for name in ("Blanchisserie", "Espaces verts"):
        Trade.objects.create(name=name)
    page.goto(f"{live_server.url}/partenaires/import/")
    assert_accessible(page)
    bad = as_csv(organisation_rows(20, {4: ("SIRET", "123")}))
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        {"name": "organisations.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    # The job's page: its progress bar, refreshed by htmx until the worker is done.
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de organisations.csv")
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("1 erreur : rien n'a été importé")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_role("table")).to_contain_text("Un SIRET compte 14 chiffres ; 3 saisis.")
    assert_accessible(page)
    assert Organisation.objects.count() == 0

    page.get_by_role("link", name="Importer un autre fichier").click()
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        {
            "name": "organisations.csv",
            "mimeType": "text/csv",
            "buffer": as_csv(organisation_rows(20)),
        }
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("status")).to_contain_text("20 lignes seront créées")
    expect(page.get_by_text("Lignes vérifiées : 20 sur 20")).to_be_visible()
    # What the confirmation will create, read before confirming.
    rows = page.get_by_role("table", name="Les lignes à créer").locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(rows.first).to_contain_text("ESAT importé 0")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l'import de 20 lignes").click()
    expect(page.get_by_text("20 ligne(s) créée(s)")).to_be_visible()
    expect(page.get_by_text("Lignes enregistrées : 20 sur 20")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Voir les organisations").click()
    expect(page.get_by_text("20 organisations trouvées")).to_be_visible()
    assert Organisation.objects.count() == 20


def test_find_a_duplicate_merge_it_and_read_both_histories(page, live_server, manager):
    kept = OrganisationFactory(name="ESAT des Calanques", kind="esat")
    OrganisationFactory(name="ESAT Les Calanques", kind="esat", city="Marseille")
    page.goto(f"{live_server.url}{kept.get_absolute_url()}")
    page.get_by_role("link", name="Fusionner un doublon").click()
    page.get_by_label("Nom de la fiche en double").fill("calanques")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page)
    page.get_by_role("link", name="ESAT Les Calanques").click()
    expect(page.get_by_text("Aucun rattachement")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Fusionner « ESAT Les Calanques »")).click()
    expect(
        page.get_by_text("« ESAT Les Calanques » a été fusionnée dans cette fiche.")
    ).to_be_visible()
    expect(page.locator("#history-title + ol")).to_contain_text("Fusion de « ESAT Les Calanques »")
    page.goto(f"{live_server.url}/historique/partners.organisation/{kept.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique de ESAT des Calanques")
    assert_accessible(page)
    assert Organisation.objects.count() == 1
