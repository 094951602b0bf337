"""A relationship manager downloads the MACS convention, then a ZIP of committee reports."""

from __future__ import annotations

import re
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from config.celery import app as celery_app
from conventions.models import Convention, Document
from core.models import User
from tests.conventions.pdf_helpers import ARTIFACTS, page_count, pdf_text, save_first_page
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


# The batch fails only when its progress bar has stood still this long, however long it runs.
STALL_SECONDS = 180


def wait_while_the_bar_moves(page, ready) -> None:
    """Wait for `ready` while the progress bar (refreshed every second by htmx) moves."""
    bar = page.get_by_role("progressbar")
    last, moved_at = None, time.monotonic()
    while not ready.is_visible():
        value = bar.get_attribute("aria-valuenow")
        if value != last:
            last, moved_at = value, time.monotonic()
        assert time.monotonic() - moved_at < STALL_SECONDS, f"the batch stopped at {last} %"
        page.wait_for_timeout(250)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker():
    """A real Celery worker on the configured broker (Redis in CI), in a thread."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield


def test_one_click_downloads_the_convention_then_a_batch_follows_its_progress_bar(
    page, live_server, offsite_requests, media_root, worker
):
    call_command("demo", stdout=StringIO())
    macs = Convention.objects.get(title="MACS Île-de-France — renouvellement 2026")
    log_in(page, live_server, User.objects.get(username="relations"))

    page.goto(live_server.url + reverse("conventions:convention_detail", args=[macs.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(macs.title)
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page.get_by_text("Aucun document pour l'instant.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Générer la convention (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{macs.reference}-convention-v1.pdf"
    content = Path(download.path()).read_bytes()
    text = pdf_text(content)
    assert macs.title in text and "Réseau Gesat" in text and "Hélène Marchal" in text
    assert f"Page {page_count(content)} / {page_count(content)}" in text
    save_first_page(content, "e2e-macs-convention")

    page.reload()
    row = page.get_by_role("row").filter(has_text="Convention (PDF généré)")
    expect(row).to_contain_text("Samir Haddou")
    page.screenshot(path=ARTIFACTS / "e2e-documents-page.png", full_page=True)
    assert Document.objects.get(convention=macs).produced_by.username == "relations"
    assert_accessible(page)

    page.get_by_role("link", name="Rapports de comité en lot").click()
    page.get_by_label("Échue").check()
    assert_accessible(page)
    page.get_by_role("button", name="Lancer la génération").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lot de rapports de comité de pilotage"
    )
    expect(page.get_by_role("progressbar")).to_be_visible()
    ready = page.get_by_role("link", name=re.compile("Télécharger l'archive ZIP"))
    wait_while_the_bar_moves(page, ready)
    expected = Convention.objects.filter(status__in=["active", "expired"]).count()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text(f"Rapports produits : {expected} sur {expected}")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "e2e-batch-ready.png", full_page=True)
    assert_accessible(page)

    with page.expect_download() as download_info:
        ready.click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        names = archive.namelist()
        assert len(names) == expected
        metropole = Convention.objects.get(title__startswith="Partenariat annuel Métropole")
        report = archive.read(f"{metropole.reference}-rapport-comite.pdf")
    assert "Rapport au comité de pilotage" in pdf_text(report)
    save_first_page(report, "e2e-metropole-rapport")
    assert offsite_requests == []
