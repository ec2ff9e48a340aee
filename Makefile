# parindex: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` serves like production (DEBUG off) but over plain HTTP on this machine only.
RUN_ENV = PARINDEX_VAR_DIR=$(CURDIR)/$(VAR) SECRET_KEY="$$(cat $(VAR)/secret_key)" \
	HTTPS=0 DEBUG=0

.PHONY: run test check pytest install install-dev system-test-deps messages lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VAR)/secret_key:
	mkdir -p $(VAR)
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: install $(VAR)/secret_key
	$(RUN_ENV) $(BIN)/parindex migrate --noinput
	$(RUN_ENV) $(BIN)/parindex collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/parindex load_demo
	@echo
	@echo "parindex is serving on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(RUN_ENV) $(BIN)/parindex runserver --noreload $(HOST):$(PORT)

# What the tests need from Debian: Chromium for the browser tests, gettext for the catalogues,
# LibreOffice Writer (and Times New Roman's metric twin) to turn the plans into PDF.
system-test-deps:
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null \
		&& [ -e /usr/lib/libreoffice/program/libswlo.so ] \
		&& [ -d /usr/share/fonts/truetype/liberation2 ] || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium gettext libreoffice-writer-nogui fonts-liberation2; }

check: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install-dev system-test-deps
	$(BIN)/pytest

test: check pytest

# After changing a msgid: refresh both catalogues, translate, then compile.
MESSAGES_ENV = DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR)
messages: install-dev
	cd src/parindex && $(MESSAGES_ENV) ../../$(BIN)/parindex makemessages \
		--locale vi --locale en --no-obsolete --no-location --ignore "migrations/*"
	cd src/parindex && $(MESSAGES_ENV) ../../$(BIN)/parindex compilemessages

# After changing pyproject.toml's dependencies: pin and hash them again.
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
		--python-platform x86_64-manylinux_2_28 -o requirements/base.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev -c requirements/base.lock \
		--python-version 3.11 --generate-hashes --python-platform x86_64-manylinux_2_28 \
		-o requirements/dev.lock

clean:
	rm -rf $(VENV) $(VAR)
