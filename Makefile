# Trajectory: `make run` to use it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
# The shared material (corpus, seeds, boundaries) beside this checkout, when it is there.
SHARED ?= ../shared
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python 3.12 or newer: take the first one found on PATH or under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -r); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; break; }; done)

.PHONY: help install assets migrate data run serve worker web test test-fast lint check-python bench bench-pages clean

help:
	@echo "make run    install, migrate, load data, start a worker and the web server"
	@echo "make test   install what tests need, run make lint and pytest"
	@echo "make lint   ruff, the apps' layers (lint-imports) and the types (mypy)"
	@echo "make test-fast  the parser and unit tests only (no browser, no worker), while working"
	@echo "           both in two processes; TEST_PROCESSES=0 for one, PYTEST_ARGS=... for more pytest options"
	@echo "make bench  print parsing and page speed figures"
	@echo "make loadtest  load-test the production setup (PostgreSQL, Redis, gunicorn) and print the figures"

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6). Install it, or set PYTHON=/path/to/python3.12"; exit 1; }

$(VENV)/.installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

# GOV.UK Frontend and Sass come from npm; the compiled files go to static/build (not committed).
static/build/app.css: package.json package-lock.json $(wildcard static/src/*)
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to build the stylesheet"; exit 1; }
	npm ci --no-audit --no-fund --silent
	npm run -s build

assets: static/build/app.css

migrate: install
	$(PY) manage.py migrate --no-input

data: migrate
	$(PY) manage.py load_authorities
	$(PY) manage.py load_demo_history
	$(PY) manage.py load_official_statistics
	$(PY) manage.py load_boundaries --if-exists
	@# The seed documents, when $(SHARED) is here: parsed and waiting for review, so there is something to review.
	@if [ -d "$(SHARED)/seeds" ]; then $(PY) manage.py import_reports "$(SHARED)/seeds"; \
	else echo "No $(SHARED)/seeds, so no documents wait for review: upload some, or set SHARED=path"; fi

run: install assets data serve

# The worker and the web server on what `make run` prepared. The worker logs to var/worker.log, so the sign-in
# details, printed once the server answers, are the last thing on the screen. Ctrl-C stops the web server (the
# terminal sends it the interrupt) and the trap asks the worker's main process to stop: it ends its own pool
# processes, where a signal to the whole group would kill them and make it log errors. The printer is disowned, so
# the shell does not announce its end.
VAR := $${TRAJECTORY_VAR_DIR:-var}
serve:
	@mkdir -p $(VAR)
	@set -m; DEBUG=$${DEBUG:-true} $(VENV)/bin/celery -A config worker --beat -Q celery,exports --concurrency 2 \
		--loglevel INFO >>$(VAR)/worker.log 2>&1 & \
	worker=$$!; trap 'kill $$printer 2>/dev/null; kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	{ for _ in $$(seq 240); do (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null && up=1 && break; sleep 0.5; done; \
	  test -n "$${up:-}" || exit 0; \
	  echo; echo "Trajectory is at http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker;"; \
	  echo "the worker's log is $(VAR)/worker.log)"; $(PY) manage.py ensure_admin; } & \
	printer=$$!; disown; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# The layers and the types, as pyproject.toml's [tool.importlinter] and [tool.mypy] say. Both keep a cache
# (.import_linter_cache, .mypy_cache), so a second run reads only what changed.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

# Two test processes (pytest-xdist), one a core: much of a test's time is spent waiting on the browser, a worker or
# the live server, which the other process fills. Whole files go to one process, so a module's fixtures are made once.
# TEST_PROCESSES=0 runs everything in one process. Each process has its own var/xdist/gwN and Redis db (tests/conftest.py).
TEST_PROCESSES ?= 2
PYTEST_PARALLEL := -n $(TEST_PROCESSES) --dist loadfile

test: install assets lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# What to run while working: the parser and the unit tests, no browser, no worker process, no corpus.
test-fast: install
	$(VENV)/bin/pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) -m "not slow and not browser and not worker" $(PYTEST_ARGS)

bench: install bench-pages
	@test -d $(SHARED)/corpus || { echo "The benchmark reads $(SHARED)/corpus, which is not here"; exit 1; }
	$(PY) -m tests.benchmarks parsing $(SHARED)/corpus/ofsted $(SHARED)/corpus/focused $(SHARED)/corpus/send

# Page speed on a scratch SQLite database with a synthetic national dataset (153 authorities, 10+ events each).
BENCH_DB := $(CURDIR)/var/bench.sqlite3
# A scratch database and media folder, so the synthetic data never mixes with what `make run` shows.
BENCH_ENV := DATABASE_URL=sqlite:///$(BENCH_DB) MEDIA_ROOT=$(CURDIR)/var/bench-media
bench-pages: install
	@mkdir -p var && rm -rf $(BENCH_DB) $(BENCH_DB)-wal $(BENCH_DB)-shm var/bench-media
	$(BENCH_ENV) $(PY) manage.py migrate --no-input -v 0
	$(BENCH_ENV) $(PY) manage.py load_authorities
	$(BENCH_ENV) $(PY) -m tests.benchmarks load_national_sample --events-per-authority 10
	$(BENCH_ENV) $(PY) manage.py load_boundaries --if-exists
	$(BENCH_ENV) $(PY) -m tests.benchmarks pages

# Load test (issue #6): gunicorn and a Celery worker on PostgreSQL and Redis (127.0.0.1:5432 and :6379) with the
# synthetic national sample in a scratch database; 50 readers and an uploading editor for 60 s on loopback.
# Options: LOADTEST_ARGS="--duration 120 --readers 80" (see tests/load/run_loadtest.py --help).
.PHONY: loadtest
loadtest: install assets
	$(PY) tests/load/run_loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/build var .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
