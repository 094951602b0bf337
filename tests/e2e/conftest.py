"""Browser tests: Debian's Chromium through Playwright, each page checked by axe-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import restore_reference_data

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def _reference_data(django_db_blocker):
    """Browser tests flush the database when they end: each starts with the reference rows."""
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture
def offsite_requests(page, live_server):
    """Every request a page makes outside the live server: there must be none."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else seen.append(request.url)
        ),
    )
    return seen


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation, and every field has a visible label."""
    assert AXE_PATH.exists(), f"axe-core missing at {AXE_PATH}: run `npm ci`"
    # Evaluated through the DevTools protocol, not as a <script> tag: the page's CSP refuses
    # inline scripts, and the test should not weaken it to bring its own.
    page.evaluate(AXE_PATH.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
            .filter(el => !(el.labels && [...el.labels].some(l => l.offsetParent !== null
                || l.classList.contains('visually-hidden'))))
            .map(el => el.name || el.id)"""
    )
    assert unlabelled == [], f"fields without a visible label: {unlabelled}"


def log_in(page, live_server, user) -> None:
    """Open a session for `user` in the browser without typing (login has its own test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
