# The commands a newcomer needs. `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
# pytest keeps test modules with their asserts rewritten in __pycache__ (git-ignored): a shell that sets
# PYTHONDONTWRITEBYTECODE would make every run parse and rewrite them again (about 6 s of a test-fast run)
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest
PY_STAMP   := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
# Lighthouse, for `make bench` only (bench/browser.py): pinned in bench/lighthouse/, kept out of node_modules/
LIGHTHOUSE_STAMP := bench/lighthouse/node_modules/.installed
SITE_URL ?=
PORT ?= 8000
# make fetch asks again for this many recent days: their upvotes still change
REFETCH_DAYS ?= 7
# make email: a [[feed]] to send instead of the day, and a file to write instead of sending
FEED ?=
DRY_RUN ?=

.PHONY: site test test-fast golden lint serve publish fetch email bench clean help

help:  ## list the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

site: $(PY_STAMP) $(NODE_STAMP)  ## install into .venv and build output/ from content/dumps/
	$(BIN)/paper-digest build

test: $(TEST_STAMP) $(NODE_STAMP)  ## install test dependencies and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST) -n 2 --dist loadfile

test-fast: $(TEST_STAMP) $(NODE_STAMP)  ## everything but the browser and whole-site tests (under 30 s)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST) -n 2 --dist loadfile -m "not browser and not slow"

golden: $(TEST_STAMP) $(NODE_STAMP)  ## rebuild the golden site (tests/golden/site) after a change you meant
	$(BIN)/python -m tests.support.golden

lint: $(TEST_STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

serve: $(PY_STAMP) $(NODE_STAMP)  ## preview on http://localhost:$(PORT), rebuilding on change
	$(BIN)/paper-digest serve --port $(PORT)

publish: $(PY_STAMP) $(NODE_STAMP)  ## build for publishing: absolute SITE_URL, feeds on
	$(BIN)/paper-digest build --publish --strict $(if $(SITE_URL),--site-url $(SITE_URL))

fetch: $(PY_STAMP)  ## fetch new Daily Papers days (and the last week again) into content/dumps/hf/
	$(BIN)/paper-digest fetch
	$(BIN)/paper-digest fetch --since $$(date -u -d "$(REFETCH_DAYS) days ago" +%F)

email: $(PY_STAMP)  ## email the newest day (SMTP_* and MAIL_* from the environment; FEED=name, DRY_RUN=day.eml)
	$(BIN)/paper-digest email $(if $(SITE_URL),--site-url $(SITE_URL)) $(if $(FEED),--feed $(FEED)) \
	    $(if $(DRY_RUN),--dry-run $(DRY_RUN))

bench: $(TEST_STAMP) $(NODE_STAMP) $(LIGHTHOUSE_STAMP)  ## benchmark builds and search at 1k, 5k, 20k and 100k papers (about an hour)
	$(BIN)/python -m bench

clean:  ## remove what builds made (output, generated content, caches, environments)
	rm -rf output .output.building .output.old content/papers content/topics content/orgs content/lists content/days \
	       .cache node_modules bench/lighthouse/node_modules $(VENV) \
	       .pytest_cache .ruff_cache .hypothesis test-artifacts bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(PY_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -c constraints.txt -e .
	touch $@

$(TEST_STAMP): $(PY_STAMP)
	$(PIP) install -c constraints.txt -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(LIGHTHOUSE_STAMP): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@
