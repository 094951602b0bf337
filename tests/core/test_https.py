"""Production behind a TLS proxy: `check --deploy` is clean, pages carry CSP, HSTS, secure
cookies. Each test starts Django in its own process with the README's production variables."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

# The production environment the README documents (its "In production" table).
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qv9!zR2@mW5$tY8^pL3&nB6*cX1(dF4)hJ0_gS-uE+aZ=iO~",
    "SITE_URL": "https://maillage.example.org",
    "ALLOWED_HOSTS": "maillage.example.org",
}


def _run(code: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    command = [sys.executable, *(["-c", code] if code else ["manage.py", *args])]
    return subprocess.run(
        command,
        check=False,
        cwd=ROOT,
        env={**inherited, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_in_production_gives_no_warning():
    result = _run("", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SERVE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
page = client.get("/connexion/", HTTP_HOST="maillage.example.org",
                  HTTP_X_FORWARDED_PROTO="https")
plain = Client().get("/connexion/", HTTP_HOST="maillage.example.org")
probe = Client().get("/sante/", HTTP_HOST="maillage.example.org")
print(json.dumps({
    "probe": probe.status_code,
    "status": page.status_code,
    "csp": page.headers.get("Content-Security-Policy", ""),
    "hsts": page.headers.get("Strict-Transport-Security", ""),
    "csrf_cookie_secure": bool(page.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "trusted": settings.CSRF_TRUSTED_ORIGINS,
    "plain": [plain.status_code, plain.headers.get("Location", "")],
}))
"""


def test_a_page_served_in_production_carries_csp_hsts_and_secure_cookies():
    result = _run(SERVE)
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert served["status"] == 200
    assert "script-src 'self'" in served["csp"]
    assert "'unsafe-inline'" not in served["csp"]
    assert "frame-ancestors 'none'" in served["csp"]
    assert served["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert served["csrf_cookie_secure"] and served["session_cookie_secure"]
    # The login form posts from the proxy's https origin.
    assert served["trusted"] == ["https://maillage.example.org"]
    # Plain http is sent to https.
    assert served["plain"] == [301, "https://maillage.example.org/connexion/"]
    # Except the health report, which a load balancer reads over plain http.
    assert served["probe"] in (200, 503)


def test_plain_http_keeps_the_demo_working():
    result = _run(SERVE.replace('HTTP_X_FORWARDED_PROTO="https"', ""), SITE_URL="http://127.0.0.1")
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert served["hsts"] == "" and not served["csrf_cookie_secure"]
    assert served["plain"] == [200, ""]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"<style", re.IGNORECASE), "<style> element"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
    (
        re.compile(r"https?://(?!www\.w3\.org)[a-z0-9.-]+/[^\"']*\.(js|css)", re.IGNORECASE),
        "CDN asset",
    ),
]


def test_no_page_template_holds_what_the_csp_refuses():
    found = []
    for template in TEMPLATES.rglob("*.html"):
        if template.parts[len(TEMPLATES.parts)] == "emails":
            continue  # mails are read by mail clients, which need inline styles
        text = template.read_text(encoding="utf-8")
        found += [
            f"{template.relative_to(ROOT)}: {label}" for rx, label in INLINE if rx.search(text)
        ]
    assert found == []


def test_uploaded_files_are_not_served_from_media_even_in_debug(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.urls import Resolver404, resolve\n"
        "try:\n    resolve('/media/conventions/1/signed_scan-v1-abc.pdf')\n"
        "except Resolver404:\n    print('absent')\n"
    )
    result = _run(code, DEBUG="1", MAILLAGE_VAR_DIR=str(tmp_path))
    assert result.stdout.strip().splitlines()[-1] == "absent", result.stderr
