# lineofsight: two commands for a new user.
#   make demo   set up, generate the synthetic council, print its measures, serve the web app
#   make test   set up what the tests need (PostgreSQL included), then lint, type-check and test

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= lineofsight.db
SSD_DB ?= lineofsight-ssd.db
SSD_DIR ?= ssd-extract
PG := scripts/postgres.sh
# The DfE's validation rules pin pandas and numpy versions that clash with ours: they get a venv of their own.
VALIDATORS := .venv-validators
VALIDATOR_PACKAGES := csc-validator-be-cin==0.1.13 csc-validator-be-903==0.1.17

.PHONY: demo demo-ssd demo-install test lint typecheck pytest install validators assets browser pango pdf postgres-start postgres-stop docs clean help

help:
	@echo "make demo   - set up, generate the 'stretched' synthetic council into $(DB), print its measures, make one account per role, serve http://127.0.0.1:8000"
	@echo "make demo-ssd - the live path: the synthetic council written as SSD extracts into $(SSD_DIR)/, loaded into $(SSD_DB) as a nightly refresh would, its measures, the web app"
	@echo "make test   - set up PostgreSQL and the test tools, then ruff, mypy --strict and pytest (SQLite and PostgreSQL)"
	@echo "make validators - build $(VALIDATORS), the environment the DfE validation rules run in"
	@echo "make docs   - regenerate docs/measures.md, docs/alerts.md, the README's table of what each return supports and its worked examples"
	@echo "make clean  - remove the virtual environment and the demo database"

$(BIN)/python:
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { \
	  echo "Installing python3-venv (Debian package)..."; \
	  if [ "$$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv; fi; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Two installs: the demo's (lineofsight and what it runs on) and the tests' (that plus the test tools,
# the DfE validators and axe-core). The tests' install covers the demo's, so it marks both done.
$(VENV)/.installed-app: $(BIN)/python pyproject.toml
	@echo "==> Installing lineofsight and the packages it runs on (a minute or two the first time)..."
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed: $(BIN)/python pyproject.toml
	@echo "==> Installing lineofsight with the test tools (ruff, mypy, pytest, Playwright)..."
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-app

$(VALIDATORS)/.installed: | $(BIN)/python
	@echo "==> Building $(VALIDATORS), where the DfE's validation rules run..."
	$(PYTHON) -m venv $(VALIDATORS)
	$(VALIDATORS)/bin/python -m pip install --quiet --upgrade pip
	$(VALIDATORS)/bin/python -m pip install --quiet $(VALIDATOR_PACKAGES)
	@touch $@

validators: $(VALIDATORS)/.installed

# Debian packages, installed with sudo when not root: $(call apt,package...)
apt = if [ "$$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq $(1); \
	else sudo apt-get update -qq && sudo apt-get install -y -qq $(1); fi

# GOV.UK Frontend's assets (and axe-core for the accessibility tests) from npm, at the versions pinned
# in package-lock.json; never committed.
# The demo needs GOV.UK Frontend and Swagger UI only (`--omit=dev`); the tests axe-core as well.
# `npm ci` empties node_modules first, so each install leaves only its own mark.
node_modules/.installed-app: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Installing nodejs and npm (Debian packages)..."; $(call apt,nodejs npm); }
	@echo "==> Installing GOV.UK Frontend's assets from npm..."
	npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Installing nodejs and npm (Debian packages)..."; $(call apt,nodejs npm); }
	@echo "==> Installing GOV.UK Frontend's assets and axe-core from npm..."
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@ node_modules/.installed-app

assets: node_modules/.installed-app

# The headless browser the web tests drive: Debian's chromium, never a downloaded one.
browser:
	@test -x /usr/bin/chromium || { echo "Installing chromium (Debian package)..."; $(call apt,chromium); }

# The PDFs the app writes (the briefing, the self-evaluation: WeasyPrint needs Pango), and for the tests
# poppler's pdftoppm, which renders them to images.
pango:
	@ldconfig -p | grep -q libpango-1.0 || { echo "Installing Pango (Debian package)..."; $(call apt,libpango-1.0-0 libpangoft2-1.0-0); }

pdf: pango
	@test -x /usr/bin/pdftoppm || { echo "Installing poppler-utils (Debian package)..."; $(call apt,poppler-utils); }

install: $(VENV)/.installed $(VALIDATORS)/.installed node_modules/.installed

demo-install: $(VENV)/.installed-app node_modules/.installed-app pango

$(DB): | $(VENV)/.installed-app
	@echo "==> Generating the synthetic council into $(DB) (about a minute)..."
	$(BIN)/lineofsight synth --profile stretched --seed 1 --years 5 --end 2026-03-31 --db $(DB)

# The accounts come last, after the measures, so that they are what is on screen when the server starts.
demo: demo-install $(DB)
	$(BIN)/lineofsight migrate --db $(DB)
	$(BIN)/lineofsight measures --db $(DB) --as-at 2026-03-31
	$(BIN)/lineofsight users demo --db $(DB) --address http://127.0.0.1:8000
	$(BIN)/lineofsight serve --db $(DB) --host 127.0.0.1 --port 8000

# The live path end to end (issue 16): the synthetic council written as a case-management system's
# Standard Safeguarding Dataset, then loaded into a database of its own as a council's nightly refresh
# would load it (taken at 06:10 on the council's last day), its measures, and the web app on it.
demo-ssd: demo-install $(DB)
	@echo "==> Writing the synthetic council as SSD extracts into $(SSD_DIR)/..."
	$(BIN)/lineofsight export ssd --db $(DB) --out $(SSD_DIR)
	@echo "==> Loading the extract into $(SSD_DB), as a nightly refresh would..."
	$(BIN)/lineofsight migrate --db $(SSD_DB)
	$(BIN)/lineofsight load ssd $(SSD_DIR) --db $(SSD_DB) --extracted-at 2026-03-31T06:10
	$(BIN)/lineofsight measures --db $(SSD_DB) --as-at 2026-03-31
	$(BIN)/lineofsight users demo --db $(SSD_DB) --address http://127.0.0.1:8000
	$(BIN)/lineofsight serve --db $(SSD_DB) --host 127.0.0.1 --port 8000

postgres-start:
	@$(PG) start

postgres-stop:
	@$(PG) stop

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy --strict src

pytest: install browser pango pdf postgres-start
	LINEOFSIGHT_TEST_PG="$$($(PG) url)" $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

docs: $(VENV)/.installed-app
	$(BIN)/python -m lineofsight.measures.docs > docs/measures.md
	$(BIN)/python -m lineofsight.alerts.docs > docs/alerts.md
	$(BIN)/python -m lineofsight.data.docs --readme README.md
	$(BIN)/python -m lineofsight.measures.docs --readme README.md
	$(BIN)/python scripts/readme_examples.py README.md

clean:
	rm -rf $(VENV) $(VALIDATORS) .venv-liiatools node_modules $(DB) $(DB)-wal $(DB)-shm
