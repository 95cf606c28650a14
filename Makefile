# Two commands matter: `make run` (set up and start the demo on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run setup venv env system-deps migrate seed test test-smoke lint check-deploy clean

# The background worker (reports, docs/operations.md) runs beside the server and stops with it.
run: setup seed
	@echo "Starting the background worker and the server on http://$(HOST)/admin/ (Ctrl-C stops both)"
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST)

setup: venv env system-deps migrate

# Find a working Python >= 3.12 by running each candidate (pyenv's bare shims fail unless PYENV_VERSION is set).
venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@set -e; \
	if [ ! -x $(PY) ]; then \
	  interp=$$(bash scripts/find-python.sh) || { echo "No Python >= 3.12 found. Install one (e.g. 'pyenv install 3.12' or Debian's python3.12) and retry." >&2; exit 1; }; \
	  echo "Creating $(VENV) with $$interp"; \
	  "$$interp" -m venv $(VENV); \
	fi; \
	$(PY) -m pip install --quiet --upgrade pip; \
	$(PY) -m pip install --quiet -e '.[dev]'; \
	$(PY) -m pip check; \
	touch $@

# A development .env with a freshly generated key; never committed.
env: .env
.env:
	@echo "Writing a development .env (DEBUG on, a new random SECRET_KEY)"
	@printf 'DEBUG=True\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

# PDF reports need a CJK font and HarfBuzz's subsetter; install them when missing (needs root or sudo).
system-deps:
	@bash scripts/system-deps.sh

migrate: venv env
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

test: venv env lint
	@bash scripts/system-deps.sh --browser
	$(PY) -m pytest -n auto

test-smoke: venv env
	$(PY) -m pytest -m smoke

lint: venv
	$(PY) -m ruff check .

check-deploy: venv
	DEBUG=False SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=coop.example.gov.cn $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
