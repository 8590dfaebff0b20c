# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock

.PHONY: run test lint format worker demo lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.lock
	touch $(STAMP)

## Set up everything on first use, load the demo once, and serve http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py demo_sign_ins
	$(BIN)/python manage.py send_reminders --schedule
	$(BIN)/python manage.py runserver_with_worker 127.0.0.1:$(PORT)

## Lint, migration check and the whole test suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

## The background worker alone (emails, reminders)
worker: $(STAMP)
	$(BIN)/python manage.py worker

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-pin every dependency after editing requirements.in
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var/scrutiny.sqlite3 var/media
