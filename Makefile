# BTI portal. `make install` then `make start`; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
# Plone leaves 127.0.0.1 unthemed by default (theming control panel), so
# the URLs printed for people use localhost.
PUBLIC_URL ?= http://localhost:$(PORT)
ZOPE_CONF := instance/etc/zope.conf
TESTRUNNER := PYTHONWARNINGS=ignore::DeprecationWarning,ignore::UserWarning $(BIN)/zope-testrunner --path=$(CURDIR) -s tests --auto-color

.PHONY: help install bench bench-search oidc-provider start create-sites console test test-quick lint format changelog i18n workflows versions verify-audit sync-baselines clean

help: ## This help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.py constraints.txt
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel
	$(BIN)/pip install -c constraints.txt --no-build-isolation -e ".[test,dev]"
	touch $@

$(ZOPE_CONF): $(VENV)/.installed scripts/make_instance.py scripts/instance/*
	$(BIN)/python scripts/make_instance.py --host $(HOST) --port $(PORT)

install: $(VENV)/.installed $(ZOPE_CONF) oidc-provider ## Virtualenv with pinned Plone and add-ons, Zope instance config
	@echo "Installed. Next: make start"

oidc-provider: ## The test OpenID provider (npm ci in tests/oidc_provider; idempotent)
	scripts/install_oidc_provider.sh

create-sites: install ## Create the demo sites if the database has none
	@$(BIN)/python scripts/make_instance.py --host $(HOST) --port $(PORT) > /dev/null
	BTI_PUBLIC_URL=$(PUBLIC_URL) $(BIN)/zconsole run $(ZOPE_CONF) scripts/create_sites.py

start: create-sites ## Create the demo sites if needed, then serve on $(HOST):$(PORT)
	$(BIN)/runwsgi instance/etc/zope.ini

daily-jobs: install ## The daily jobs (revision reminders, reminder digests); cron runs this
	BTI_PUBLIC_URL=$(PUBLIC_URL) $(BIN)/zconsole run $(ZOPE_CONF) scripts/daily_jobs.py

sync-baselines: install ## Sites that follow a baseline guide take its new pages; cron runs this
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/sync_baselines.py

verify-audit: ## Verify the Stafettlogg audit hash chains (AUDIT_DIR=... for another folder)
	$(BIN)/python scripts/verify_audit.py $(AUDIT_DIR)

console: install ## A Python console with the Zope app
	$(BIN)/zconsole debug $(ZOPE_CONF)

test: install ## The whole test suite (all levels, slow packaging tests included)
	$(TESTRUNNER) --all

test-quick: install ## Level 1 tests only (no packaging, no buildout)
	$(TESTRUNNER)

bench: install ## Benchmarks (bench/): ratios against a baseline in one run
	$(BIN)/python bench/bench_measures_overview.py

bench-search: install ## Staff search on the demo sites: success@5, first hit, MRR against BM25 baselines
	$(BIN)/python bench/bench_search.py

# Python for ruff; ZCML and profile XML for zpretty, without the workflow
# definitions that scripts/make_workflows.py writes (they say so inside).
LINT_PY := src tests scripts bench setup.py
LINT_XML = $(shell find src -name '*.zcml' | sort) \
	$(shell grep -rL --include='*.xml' 'scripts/make_workflows.py' profiles | sort)

lint: $(VENV)/.installed ## Check only: ruff, ruff format, zpretty (ZCML, profile XML), layers
	@status=0; \
	$(BIN)/ruff check $(LINT_PY) || status=1; \
	$(BIN)/lint-imports --no-cache || status=1; \
	$(BIN)/ruff format --check $(LINT_PY) || status=1; \
	$(BIN)/zpretty --check $(LINT_XML) || status=1; \
	exit $$status

format: $(VENV)/.installed ## Rewrite: ruff's safe fixes, ruff format, zpretty
	$(BIN)/ruff check --fix --exit-zero -q $(LINT_PY)
	$(BIN)/ruff format $(LINT_PY)
	$(BIN)/zpretty -i $(LINT_XML)

changelog: install ## Preview the CHANGES.md entry the news/ fragments make (writes nothing)
	$(BIN)/towncrier build --draft

i18n: install ## Rebuild the .pot and sync the nb, nn and en catalogs
	$(BIN)/python scripts/i18n.py

workflows: install ## Regenerate workflow definitions made from the permission matrix
	$(BIN)/python scripts/make_workflows.py

versions: ## Regenerate versions.cfg (buildout) from constraints.txt
	python3 scripts/versions_cfg.py constraints.txt > versions.cfg

clean: ## Remove the virtualenv and instance config (keeps var/ data)
	rm -rf $(VENV) instance build dist src/*.egg-info
