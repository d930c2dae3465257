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

.PHONY: run test install lint format translations bench clean demo scorm-runtime

# pip speaks only when something fails (`make run` is read by people who did not ask for pip)
PIP := $(BIN)/python -m pip --disable-pip-version-check -qq
# what serving needs, and what testing needs on top: two stamps, so `make run` never installs
# the test tools and `make test` installs them once
RUN_STAMP := $(VENV)/.installed-run
# `make run` shows only what the user must read: the demo's logins, the server's address
QUIET := LMS_LOG_LEVEL=WARNING

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip

# Re-install when the project's dependencies change.
# The example third-party plugin (examples/sinau-example-plugin) is installed beside Sinau for
# development and tests: a real package with its entry point, as any plugin would be.
EXAMPLE_PLUGIN := examples/sinau-example-plugin
$(STAMP): pyproject.toml $(EXAMPLE_PLUGIN)/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' -e $(EXAMPLE_PLUGIN)
	@touch $@

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing Sinau (once; a few minutes)..."
	@$(PIP) install -e .
	@touch $@

install: $(STAMP)

# A development instance: its own secret key, generated once, never committed.
instance/config.py: | $(BIN)/python
	@mkdir -p instance
	@printf 'LMS_ENV = "development"\nLMS_SECRET_KEY = "%s"\n' "$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')" > $@
	@echo "instance/config.py created (development settings)"

# The demo city on the address `make run` serves (printed links, certificates' QR codes).
demo: $(RUN_STAMP) instance/config.py
	@$(QUIET) $(BIN)/lms demo --host $(HOST) --port $(PORT)

# The worker beside the development server sends the demo's reminders by itself; it stops
# with the server (Ctrl-C reaches both; the trap covers any other way out).
run: demo
	@$(QUIET) $(BIN)/lms worker --workers 2 & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(QUIET) $(BIN)/lms run --host $(HOST) --port $(PORT)

# A real LRS for the xAPI tests (tests/core/outbox/test_outbox_xapi.py), in its own environment:
# ralph-malph pins FastAPI, Click and pydantic versions that must not mix with ours.
RALPH_VENV ?= .venv-ralph
$(RALPH_VENV)/bin/python:
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install --quiet 'ralph-malph[lrs,cli]==5.1.0' requests

test: install $(RALPH_VENV)/bin/python
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check lms tests bench examples

format: install
	$(BIN)/ruff format lms tests bench examples

# Extract messages and update the English catalog; then translate lms/translations/en.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".venv .venv-ralph tests courses docs examples .git node_modules" -o lms/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations -l en --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d lms/translations

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(RALPH_VENV) build dist *.egg-info

# The SCORM player's runtime (npm scorm-again, pinned in its package-lock.json), copied into the
# scorm plugin's static/ folder. The copy is committed, so a fresh clone and `make install` need
# no npm; run this after changing the pinned version. No CDN: learners' browsers load it from us.
SCORM_RUNTIME := lms/builtin/scorm/runtime
scorm-runtime:
	cd $(SCORM_RUNTIME) && npm ci --no-audit --no-fund
	sed '/sourceMappingURL/d' $(SCORM_RUNTIME)/node_modules/scorm-again/dist/scorm12.min.js > lms/builtin/scorm/static/scorm12.min.js
	cp $(SCORM_RUNTIME)/node_modules/scorm-again/LICENSE lms/builtin/scorm/static/scorm12.LICENSE.txt
