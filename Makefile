# Two commands for a fresh Linux machine with Python 3.11+: `make run` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup uv chromium lint benchmark messages

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv || python3 -m pip install --quiet --user --break-system-packages uv

setup: uv
	@$(UV) sync --frozen --quiet

run: setup
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_geography
	@$(PY) manage.py load_default_frameworks
	@$(PY) manage.py seed_demo
	@$(PY) manage.py demo_logins
	@# The background worker (django-tasks' db_worker: the year's certificates) and the daily
	@# housekeeping (core/housekeeping.py; at start, then hourly here, daily by a timer in
	@# production) run beside the server.
	@export DEBUG=$${DEBUG:-false}; $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	  $(PY) manage.py housekeeping --every 3600 & housekeeping=$$!; \
	  trap 'kill $$worker $$housekeeping 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium drives the browser tests; a browser download cannot work here. The document
# tests read PDFs with poppler (pdftotext), convert the Word files with LibreOffice, and serve TH
# Sarabun by Laksaman (tests/test_documents_word.py; the alias is fonts-tlwg-laksaman's).
chromium:
	@test -x /usr/bin/chromium && command -v pdftotext >/dev/null && command -v soffice >/dev/null \
	  && test -f /usr/share/fontconfig/conf.avail/89-tlwg-laksaman-synthetic.conf || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium poppler-utils libreoffice-writer-nogui fonts-tlwg-laksaman-ttf fonts-tlwg-laksaman \
	    >/dev/null; }

test: setup chromium
	@$(PY) -m pytest $(PYTEST_ARGS)

# ruff for style and mistakes, mypy (django-stubs) for types: the services and selectors of
# every app are checked strictly (pyproject.toml [tool.mypy]).
lint: setup
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy .

# Our msgids are Thai (the source language): only the English catalogue is extracted. The Thai
# catalogue holds Django's own English msgids, written by hand, and is only compiled.
# The compiled .mo files are committed, so a fresh clone shows English without gettext tools.
messages: setup
	@$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=var

benchmark: setup
	@$(PY) scripts/benchmark_registration.py
	@$(PY) scripts/benchmark_development.py
	@$(PY) scripts/benchmark_certificates.py
