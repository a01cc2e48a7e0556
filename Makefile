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
# The mail catcher of make start: its page on localhost:$(MAIL_PORT), SMTP on
# 127.0.0.1:$(SMTP_PORT) (0: any free port; the demo sites are told which).
MAIL_PORT ?= 8025
SMTP_PORT ?= 0
INSTANCE ?= instance
ZOPE_CONF := $(INSTANCE)/etc/zope.conf
MAKE_INSTANCE := $(BIN)/python scripts/make_instance.py --host $(HOST) --port $(PORT) --instance $(INSTANCE)
START := $(BIN)/python scripts/start.py --host $(HOST) --port $(PORT) --instance $(INSTANCE) --mail-port $(MAIL_PORT) --smtp-port $(SMTP_PORT)
TESTRUNNER := PYTHONWARNINGS=ignore::DeprecationWarning,ignore::UserWarning $(BIN)/zope-testrunner --path=$(CURDIR) -s tests --auto-color

.PHONY: help install bench bench-search oidc-provider axe-core start create-sites console test test-quick lint format changelog i18n workflows versions verify-audit sync-baselines archive-run archive clean cluster-install start-cluster stop-cluster verify-audit-cluster drill backup-cluster bench-overview demo-data

help: ## This help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.py constraints.txt
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel
	$(BIN)/pip install -c constraints.txt --no-build-isolation -e ".[test,dev]"
	touch $@

$(ZOPE_CONF): $(VENV)/.installed scripts/make_instance.py scripts/instance/*
	$(MAKE_INSTANCE)

install: $(VENV)/.installed $(ZOPE_CONF) oidc-provider axe-core ## Virtualenv with pinned Plone and add-ons, Zope instance config
	@echo "Installed. Next: make start"

oidc-provider: ## The test OpenID provider (npm ci in tests/oidc_provider; idempotent)
	scripts/install_oidc_provider.sh

axe-core: ## axe-core for the accessibility journeys (npm ci in tests/axe; idempotent)
	scripts/install_axe.sh

# scripts/start.py checks that the port and the database are free, runs the
# mail catcher, creates the demo sites, serves; Ctrl-C or SIGTERM stops it all.
create-sites: install ## Create the demo sites if the database has none
	@$(MAKE_INSTANCE) > /dev/null
	@BTI_PUBLIC_URL=$(PUBLIC_URL) exec $(START) --no-serve

start: install ## Create the demo sites if needed, then serve on $(HOST):$(PORT) (mail: localhost:$(MAIL_PORT))
	@$(MAKE_INSTANCE) > /dev/null
	@BTI_PUBLIC_URL=$(PUBLIC_URL) exec $(START)

daily-jobs: install ## The daily jobs (revision reminders, reminder digests); cron runs this
	BTI_PUBLIC_URL=$(PUBLIC_URL) $(BIN)/zconsole run $(ZOPE_CONF) scripts/daily_jobs.py

sync-baselines: install ## Sites that follow a baseline guide take its new pages; cron runs this
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/sync_baselines.py

archive-run: install ## PDF/A archive copies of every running log (cron: before Christmas and summer)
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/archive.py run

archive: install ## Noark 5 packages of the archive copies made FROM=YYYY-MM-DD TO=YYYY-MM-DD (DEST=var/archive-export)
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make archive FROM=YYYY-MM-DD TO=YYYY-MM-DD [DEST=dir]"; exit 2; }
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/archive.py export $(FROM) $(TO) $(or $(DEST),$(or $(BTI_VAR),var)/archive-export)

verify-audit: ## Verify the Stafettlogg audit hash chains (AUDIT_DIR=... for another folder)
	$(BIN)/python scripts/verify_audit.py $(AUDIT_DIR)

cluster-install: $(VENV)/.installed ## The cluster extra (RelStorage, psycopg2) if missing
	@$(BIN)/python -c "import relstorage, psycopg2" 2> /dev/null || \
		$(BIN)/pip install -c constraints.txt --no-build-isolation -e ".[test,dev,cluster]"

start-cluster: cluster-install ## PostgreSQL, sites, BTI_ZOPES (2) Zope processes, HAProxy, Varnish (Ctrl-C stops)
	$(BIN)/python scripts/cluster/cluster.py start $(if $(BACKGROUND),--background)

verify-audit-cluster: ## Verify the audit hash chains in the cluster's PostgreSQL
	BTI_AUDIT_DSN="$$(scripts/cluster/postgres.sh dsn)" $(BIN)/python scripts/verify_audit.py

stop-cluster: ## Stop a cluster started with BACKGROUND=1
	$(BIN)/python scripts/cluster/cluster.py stop

drill: cluster-install ## Durability drills on the running cluster: kill -9 under writes, pg_dump/pg_restore, repozo
	$(BIN)/python scripts/cluster/drill.py $(DRILLS)

backup-cluster: ## pg_dump of the cluster database (ZODB, blobs, audit) to var/backups (BTI_VAR)
	@mkdir -p $${BTI_VAR:-var}/backups
	scripts/cluster/postgres.sh dump $${BTI_VAR:-var}/backups/bti-$$(date +%Y%m%d-%H%M%S).dump

console: install ## A Python console with the Zope app
	$(BIN)/zconsole debug $(ZOPE_CONF)

test: install ## The whole test suite (all levels, slow packaging tests included)
	$(TESTRUNNER) --all

test-quick: install ## Level 1 tests only (no packaging, no buildout)
	$(TESTRUNNER)

bench: install ## wrk on the portal beside nginx, Varnish and plain Plone; table in var/bench (BENCH_QUICK=1: smoke)
	$(BIN)/python bench/bench_http.py

bench-overview: install ## Measures overview: catalog metadata against waking every object
	$(BIN)/python bench/bench_measures_overview.py

LOGS ?= 1000
SITE ?= byn
demo-data: install ## Add LOGS generated logs (default 1000) to SITE (default byn) through the demo loader
	@$(MAKE_INSTANCE) > /dev/null
	LOGS=$(LOGS) SITE=$(SITE) PYTHONWARNINGS=ignore $(BIN)/zconsole run $(ZOPE_CONF) scripts/demo_data.py

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
