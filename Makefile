# Two commands for a fresh Debian machine with python3 and make:
#   make run   - environment, database, demo data, development server
#   make test  - the whole test suite, on SQLite and (where installed) PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Lotsa starts in production mode unless told otherwise; what make runs is development.
export LOTSA_PRODUCTION ?= False

.PHONY: run test lint format lock messages clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: install python3-venv (Debian: apt-get install python3-venv)."; exit 1; }

# Lotsa itself is built with the locked build backend, never one fetched unchecked.
$(VENV)/.run-installed: requirements.lock requirements-build.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements.lock --requirement requirements-build.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.test-installed: requirements-dev.lock requirements-build.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements-dev.lock --requirement requirements-build.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@ $(VENV)/.run-installed

messages: $(VENV)/.run-installed
	$(BIN)/lotsa compiletranslations

# The demo prints the address runserver serves; it loads without Django's record of every
# query (debug mode), which only slows thousands of writes.
run: $(VENV)/.run-installed messages
	$(BIN)/lotsa migrate --no-input
	LOTSA_DEBUG=False $(BIN)/lotsa demo --address $(HOST)
	$(BIN)/lotsa runserver $(HOST)

test: $(VENV)/.test-installed messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lotsa makemigrations --check --dry-run
	scripts/run-tests

lint: $(VENV)/.test-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the hashed lock files after changing dependencies in pyproject.toml.
lock: $(VENV)/.test-installed
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 --extra dev pyproject.toml -o requirements-dev.lock
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
	  | $(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 - -o requirements-build.lock

clean:
	rm -rf $(VENV) var
