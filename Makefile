# Maillage: `make run` brings up the demo, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with DEBUG on and a throw-away key; production sets both itself.
DEMO_ENV := DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
# Tests need a key but no secret.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-tests-only-not-a-secret} DEBUG=0

.PHONY: install system-deps run test lint check pytest bench bench-national vendor messages clean backup restore prod-local

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Browser tests need Debian's Chromium (never `playwright install`), PDFs need DejaVu and poppler.
system-deps:
	@missing=""; \
	for pkg in chromium fonts-dejavu-core poppler-utils socat; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian :$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

run: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) demo
	@echo "Maillage : http://$(HOST):$(PORT)/  (courriels de démonstration dans var/mail/)"
	@trap 'kill 0' EXIT; \
	$(DEMO_ENV) $(VENV)/bin/celery -A config worker --beat --concurrency 1 --loglevel INFO \
	  --schedule var/celerybeat-schedule & \
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: install
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

# Two pytest-xdist workers, a test module each at a time; each has its own test database,
# var/ folder and Redis key prefix (tests/xdist_worker.py). PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2
pytest: install system-deps
	$(TEST_ENV) $(PY) -m pytest -p tests.xdist_worker -n $(PYTEST_WORKERS) --dist loadfile \
	  --durations=20 $(PYTEST_ARGS)

test: lint check pytest

# The database (pg_dump, or SQLite's backup) and the media files, with a SHA-256 manifest
# (core/backup.py). The environment (DATABASE_URL, MEDIA_ROOT…) is the application's own.
BACKUP_DIR ?= var/backups
backup: install
	$(MANAGE) backup --to $(BACKUP_DIR)

# Into an empty database and media folder only: `make restore BACKUP=var/backups/maillage-…`.
restore: install
	@[ -n "$(BACKUP)" ] || { echo "Usage : make restore BACKUP=<dossier maillage-…>"; exit 2; }
	$(MANAGE) restore $(BACKUP)

# Production's layout on this machine: two gunicorn servers, two workers, one beat, on the
# PostgreSQL and Redis of DATABASE_URL and REDIS_URL (deploy/prod-local.sh).
prod-local: install
	VENV=$(VENV) deploy/prod-local.sh

# WeasyPrint is a bench-only comparison: its Python package and Debian libraries come only here.
bench: install
	@missing=""; \
	for pkg in fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@if ls bench/*.py >/dev/null 2>&1; then for b in bench/*.py; do \
	  case $$b in bench/national*) continue;; esac; $(TEST_ENV) $(PY) $$b; done; \
	else echo "Aucun benchmark pour l'instant."; fi

# Every page over 1M organisations, 3M contacts and 10M tasks on the PostgreSQL of
# DATABASE_URL (its own database, dropped at the end): 10 to 20 minutes on 2 cores.
# `make bench-national NATIONAL_ARGS="--scale 0.01"` runs in about a minute.
NATIONAL_ARGS ?=
bench-national: install
	@[ -n "$$DATABASE_URL" ] || { echo "bench-national mesure PostgreSQL : définissez DATABASE_URL."; exit 2; }
	$(TEST_ENV) $(PY) bench/national.py $(NATIONAL_ARGS)

# Refresh the vendored front-end files from package.json's pinned versions.
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	sed -i 's#//\# sourceMappingURL=bootstrap.bundle.min.js.map##' static/vendor/bootstrap/bootstrap.bundle.min.js
	# Bootstrap compiled with Maillage's variables (a visible focus ring), see the .scss file.
	npx sass --style=compressed --no-source-map --load-path=node_modules --quiet-deps \
	  --silence-deprecation=import,global-builtin,color-functions \
	  static/scss/maillage-bootstrap.scss static/vendor/bootstrap/bootstrap.min.css
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css static/vendor/accessible-autocomplete/
	sed -i 's#//\# sourceMappingURL=accessible-autocomplete.min.js.map##' static/vendor/accessible-autocomplete/accessible-autocomplete.min.js
	sed -i 's#/\*\# sourceMappingURL=accessible-autocomplete.min.css.map\*/##' static/vendor/accessible-autocomplete/accessible-autocomplete.min.css

messages: install
	DEBUG=1 $(MANAGE) makemessages -l en -i ".venv/*" -i "node_modules/*" -i "var/*" -i "tests/*"
	DEBUG=1 $(MANAGE) compilemessages -l en

clean:
	rm -rf var/ .venv/ node_modules/
