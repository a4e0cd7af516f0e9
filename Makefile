# Gouvernail: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exactly what CI tested: every package pinned, with its hashes. `make lock` writes them.
LOCK := requirements/dev.lock

.PHONY: run test test-fast test-shifted bench loadtest lint format messages venv lock clean screenshots

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gouvernail needs Python 3.11 or newer (found " + sys.version.split()[0] + ").")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

# The demo's content in English or French: `make run DEMO_LANGUAGE=fr`.
DEMO_LANGUAGE ?= en

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --language $(DEMO_LANGUAGE)
	@echo "Reminders: without a broker, run '$(BIN)/python manage.py send_reminders --routine' in another terminal; the digests print on the console."
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The tests run on every core (pytest-xdist; WORKERS=0 runs them in this one process): each
# worker has its own test database (test_<name>_gw0, …) and its own Redis db (tests/conftest.py).
WORKERS ?= auto
# Work stealing: an idle worker takes tests queued for a busy one, so the long browser walks do
# not leave one core idle at the end of the run.
DIST ?= worksteal
# The inner loop: no browser, no Celery worker, no process reading the real clock.
FAST := not browser and not worker and not real_clock
# Services, rules and the reminder engine, by glob so that they match wherever a feature package
# keeps them: each area's line coverage stays at COVERAGE_FLOOR % or more, or `make test` fails.
COVERAGE_AREAS := 'services=*/services.py,*/services/*' 'rules=*/rules.py' 'reminders=*/reminders/*'
COVERAGE_FLOOR ?= 90

# The whole suite with line coverage (the files not fully covered, then the total), then the
# three areas file by file and each area's floor.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist $(DIST) --cov --cov-report=term:skip-covered $(PYTEST_ARGS)
	$(BIN)/coverage report --show-missing --include='*/services.py,*/services/*,*/rules.py,*/reminders/*'
	@status=0; for area in $(COVERAGE_AREAS); do \
		total=$$($(BIN)/coverage report --format=total --precision=1 --include="$${area#*=}") \
			|| total="no data"; \
		if awk -v t="$$total" -v f=$(COVERAGE_FLOOR) 'BEGIN { exit !(t + 0 >= f) }'; \
			then verdict=ok; else verdict="below the floor"; status=1; fi; \
		echo "$${area%%=*}: $$total % of lines covered (floor $(COVERAGE_FLOOR) %): $$verdict"; \
	done; exit $$status

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) -m "$(FAST)" $(PYTEST_ARGS)

# The suite on a later day (40 days ahead unless DAYS says otherwise). Only the test process
# travels: the tests that start a worker, a server or a browser keep the real date and stay out.
test-shifted: $(STAMP)
	GOUVERNAIL_CLOCK_SHIFT_DAYS=$(or $(DAYS),40) $(BIN)/python -m pytest -n $(WORKERS) -m "$(FAST)" $(PYTEST_ARGS)

# The main pages of the demo at 1440 and 390 px, in English and French, as PNG files in
# screenshots/ with an index.html that shows them side by side (open it in a browser).
SCREENSHOTS_DIR ?= screenshots
screenshots: $(STAMP)
	rm -rf $(SCREENSHOTS_DIR)
	SCREENSHOTS_DIR=$(abspath $(SCREENSHOTS_DIR)) $(BIN)/python -m pytest -n 0 -q tests/browser/screenshots.py
	@echo "Open $(SCREENSHOTS_DIR)/index.html"

bench: $(STAMP)
	$(BIN)/python manage.py benchmark --size $(or $(SIZE),enterprise)
	$(BIN)/python manage.py benchmark_delivery
	$(BIN)/python manage.py benchmark_scim
	$(BIN)/python manage.py benchmark_reconciliation

# People browsing a gunicorn server with production settings and the enterprise organisation
# (loadtest/run.py says how): p50, p95, p99 and errors per page, then each page's saturation
# throughput. Its own database, gouvernail_loadtest, is made afresh; `LOADTEST_ARGS="--users 20"`.
loadtest: $(STAMP)
	$(BIN)/python -m loadtest.run $(LOADTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --no-location --ignore=$(VENV) --ignore=staticfiles --ignore=tests
	$(BIN)/python manage.py compilemessages -l fr --ignore=$(VENV)

# Rewrite requirements/dev.lock (with the dev extra) and requirements/base.lock (what the
# Dockerfile installs) from pyproject.toml, keeping every pin that still satisfies it.
# `make lock UPGRADE=django-allauth` moves that package (several: separate by spaces) to its
# newest allowed version; `make lock UPGRADE=all` moves every one.
UPGRADE ?=
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"
ifeq ($(UPGRADE),all)
UPGRADE_FLAGS := --upgrade
else
UPGRADE_FLAGS := $(foreach package,$(UPGRADE),--upgrade-package $(package))
endif

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(UPGRADE_FLAGS) --quiet -o requirements/dev.lock
	$(BIN)/uv pip compile pyproject.toml -c requirements/dev.lock $(LOCK_FLAGS) --quiet -o requirements/base.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
