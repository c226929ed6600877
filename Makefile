# The two commands a newcomer needs are `make run` and `make test`; `make help` lists the rest.

SHELL := /bin/bash
VENV := .venv
BIN := $(abspath $(VENV))/bin
MANAGE := $(BIN)/python manage.py
# Run a command beside an embedded Redis unless REDIS_URL names a real one.
WITH_REDIS = $(BIN)/python scripts/embedded_redis.py
# The first interpreter that is Python 3.12 or newer.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3 python; do \
	command -v $$candidate >/dev/null && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$candidate; break; }; done)

.DEFAULT_GOAL := help
.PHONY: help run setup test lint messages browser varnish bench mailcheck assets lighthouse clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (python3 --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

setup: $(VENV)/.installed ## Install dependencies, compile translations and migrate the database
	$(MANAGE) compilemessages
	$(MANAGE) migrate --noinput

# load_demo runs beside Redis too: Wagtail clears its site cache whenever a site changes.
run: setup ## Serve the site, worker and scheduler with demo content on http://127.0.0.1:8000/
	$(WITH_REDIS) --dir var/redis -- $(MANAGE) load_demo
	PATH="$(BIN):$$PATH" DJANGO_SETTINGS_MODULE=config.settings.dev \
		$(WITH_REDIS) --dir var/redis -- $(BIN)/honcho start --procfile Procfile.dev

test: $(VENV)/.installed browser varnish ## Run linters, migration checks and the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) compilemessages
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(WITH_REDIS) -- $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed ## Format and lint the code in place
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# config/ is left out: its locale/ holds hand-written corrections to Django's own catalogues,
# which makemessages would otherwise take for this project's strings and rewrite.
# Every kind of template counts: pages (.html), plain-text mail (.txt) and MJML email (.mjml).
messages: $(VENV)/.installed ## Extract interface strings into locale/*/django.po (needs gettext)
	$(MANAGE) makemessages $(foreach code,sq mk sr_Latn cnr de ar,--locale=$(code)) --no-obsolete \
		--extension=html,txt,mjml,py \
		--ignore=.venv --ignore=var --ignore=tests --ignore=config --ignore=demo/seeds
	$(MANAGE) compilemessages

browser: ## Install Debian's Chromium for the browser tests where possible
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "Chromium is not installed; the browser tests will be skipped."

varnish: ## Install Debian's Varnish for the frontend cache's test where possible
	@command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || { [ "$$(id -u)" = 0 ] \
		&& command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null; } \
		|| echo "Varnish is not installed; the frontend cache's test will be skipped."

# `make bench` runs on the machine's PostgreSQL and Redis (broker and cache: databases 8 and 9).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/8

# BENCH_DKIM=1 signs every message of the send benchmark; BENCH_DKIM=both runs it unsigned and signed.
BENCH_DKIM ?=

bench: $(VENV)/.installed ## Run every benchmark in bench/ (PostgreSQL, Redis, Celery workers, smtp-sink); BENCH_DKIM=1 signs
	@test -x /usr/sbin/smtp-sink || command -v smtp-sink >/dev/null || \
		{ test "$$(id -u)" = 0 && DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null; } || \
		{ echo "make bench needs postfix's smtp-sink: apt-get install postfix"; exit 1; }
	$(MANAGE) compilemessages >/dev/null
	@for script in bench/[!_]*.py; do \
		echo "== $$script"; \
		DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" BENCH_DKIM="$(BENCH_DKIM)" \
			$(BIN)/python $$script || exit 1; \
	done

# SpamAssassin's local rules (no network tests) score the demo issue in every language and each
# transactional email; the messages are kept in var/mailcheck/ to open in a mail program.
mailcheck: $(VENV)/.installed ## Score every language's newsletter and transactional mail with SpamAssassin (< 1.0)
	@command -v spamassassin >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spamassassin >/dev/null; } \
		|| { echo "SpamAssassin is not installed (apt-get install spamassassin)."; exit 1; }
	$(MANAGE) compilemessages >/dev/null
	MAILCHECK_DIR=var/mailcheck $(WITH_REDIS) -- $(BIN)/pytest tests/mailcheck -m mailcheck -p no:logging -q -s

# Design assets and Lighthouse come from npm at development time, into var/tools/: nothing the
# site runs needs Node. `make assets` rebuilds what scripts/build_assets.py commits.
TOOLS := var/tools
NPM_INSTALL = npm install --prefix $(TOOLS) --no-audit --no-fund --save-exact
ASSET_PACKAGES := @fontsource/noto-sans@5.3.0 @fontsource/noto-sans-arabic@5.3.0 lucide-static@1.62.0 world-atlas@2.0.2
LIGHTHOUSE_PACKAGE := lighthouse@12.2.3

assets: $(VENV)/.installed browser ## Rebuild fonts, icons, the region's map and favicons from their npm packages
	$(NPM_INSTALL) $(ASSET_PACKAGES)
	$(BIN)/python scripts/build_assets.py

$(TOOLS)/node_modules/.bin/lighthouse:
	$(NPM_INSTALL) $(LIGHTHOUSE_PACKAGE)

lighthouse: setup browser $(TOOLS)/node_modules/.bin/lighthouse ## Measure the demo with Lighthouse, served with the production settings
	$(WITH_REDIS) --dir var/lighthouse/redis -- $(BIN)/python scripts/lighthouse.py

clean: ## Remove the virtualenv and all local state (database, uploads, outbox)
	rm -rf $(VENV) var
