# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The interpreter's version: the virtual environment is rebuilt when it changes.
PYTHON_VERSION := $(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
PYTHON_STAMP := $(VENV)/.python-version
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifeq ($(PYTHON_VERSION),)
$(error Scrutiny Tracker needs Python 3.11 or newer, and "$(PYTHON)" does not run. Install Python 3.11+ or name it: make PYTHON=python3.12)
endif
ifneq ($(shell $(PYTHON) -c 'import sys; print(sys.version_info >= (3, 11))'),True)
$(error Scrutiny Tracker needs Python 3.11 or newer; "$(PYTHON)" is Python $(PYTHON_VERSION). Install a newer one and name it: make PYTHON=python3.12)
endif
endif

.PHONY: run test lint format worker demo lock clean backup restore FORCE

# Rewritten only when the interpreter differs from the one the environment was built with,
# so everything installed is reinstalled then and only then.
$(PYTHON_STAMP): FORCE
	@built=$$($(BIN)/python -c 'import platform; print(platform.python_version())' 2>/dev/null); \
	if [ "$$built" != "$(PYTHON_VERSION)" ]; then \
		echo "Building $(VENV) with Python $(PYTHON_VERSION)$${built:+ (it was built with $$built)}"; \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --upgrade pip; \
	fi; \
	[ "$$(cat $@ 2>/dev/null)" = "$(PYTHON_VERSION)" ] || echo "$(PYTHON_VERSION)" > $@

# What the site needs to run (requirements.lock): all a production install has.
$(RUNTIME): requirements.lock $(PYTHON_STAMP)
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.lock
	touch $@

# The runtime plus the test and lint tools (requirements-dev.lock includes requirements.lock).
$(DEV): requirements-dev.lock requirements.lock $(PYTHON_STAMP)
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements-dev.lock
	touch $@ $(RUNTIME)

## Set up everything on first use, load the demo once, and serve http://127.0.0.1:$(PORT)
run: $(RUNTIME)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py demo_sign_ins
	$(BIN)/python manage.py send_reminders --schedule
	$(BIN)/python manage.py runserver_with_worker 127.0.0.1:$(PORT)

## Lint, migration check and the whole test suite (STACK=1: with the production stack's test)
# tests/stack brings up nginx, two gunicorn instances, the worker, PostgreSQL, Redis and an
# S3 server, and breaks them: a couple of minutes more, so it runs when asked (CI does).
STACK ?=
test: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto --dist loadgroup $(if $(STACK),,-m "not stack") $(PYTEST_ARGS)

## The background worker alone (emails, reminders, imports started from the staff pages)
worker: $(RUNTIME)
	$(BIN)/python manage.py worker

## Back up the database and every stored file into one archive in $(BACKUP_DIR) (docs/backup.md)
BACKUP_DIR ?= var/backups
backup: $(RUNTIME)
	$(BIN)/python manage.py backup --to $(BACKUP_DIR)

## Put a backup back: make restore ARCHIVE=FILE (YES=1 replaces a database that holds a record)
restore: $(RUNTIME)
	@test -n "$(ARCHIVE)" || { echo "Say which backup: make restore ARCHIVE=$(BACKUP_DIR)/scrutiny-backup-....tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore --from "$(ARCHIVE)" $(if $(YES),--yes)

format: $(DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-pin every dependency after editing requirements.in or requirements-dev.in: the
## runtime alone in a clean environment, then the development tools on top of exactly those
## pins (so requirements-dev.lock holds only what development adds).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	.lock-venv/bin/pip install --quiet -c requirements.lock -r requirements-dev.in
	{ echo "-r requirements.lock"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -vxFf requirements.lock; } \
	  > requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var/scrutiny.sqlite3 var/media
