# Sinau: the two commands of the README, and a few more for developers.
#   make run   -> install, migrate, demo data, serve on http://127.0.0.1:5000
#   make test  -> install test tools, run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: run test install lint format translations bench clean demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

# A development instance: its own secret key, generated once, never committed.
instance/config.py:
	@mkdir -p instance
	@printf 'LMS_ENV = "development"\nLMS_SECRET_KEY = "%s"\n' "$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')" > $@
	@echo "instance/config.py created (development settings)"

demo: install instance/config.py
	$(BIN)/lms demo

# The worker beside the development server sends the demo's reminders by itself; it stops
# with the server (Ctrl-C reaches both; the trap covers any other way out).
run: demo
	@$(BIN)/lms worker --workers 1 & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/lms run --host $(HOST) --port $(PORT)

# A real LRS for the xAPI tests (tests/outbox/test_outbox_xapi.py), in its own environment:
# ralph-malph pins FastAPI, Click and pydantic versions that must not mix with ours.
RALPH_VENV ?= .venv-ralph
$(RALPH_VENV)/bin/python:
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install --quiet 'ralph-malph[lrs,cli]==5.1.0' requests

test: install $(RALPH_VENV)/bin/python
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check lms tests bench

format: install
	$(BIN)/ruff format lms tests bench

# Extract messages and update the English catalog; then translate lms/translations/en.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".venv .venv-ralph tests courses docs .git node_modules" -o lms/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations -l en --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d lms/translations

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(RALPH_VENV) build dist *.egg-info
