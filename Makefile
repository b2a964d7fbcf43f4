# The two commands a newcomer needs: `make run` and `make test`.
# Everything installs into .venv from the system Python; re-runs are quick when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev run serve services test test-postgres e2e pytest lint format migrations-check lock clean demo-fixture bench bench-import bench-render bench-search bench-mail loadtest-comments messages lighthouse test-media test-machines

help:
	@echo "make run    - the site with demo content at http://$(HOST):$(PORT)/"
	@echo "make test   - the whole test suite, lint, format and import-contract checks"
	@echo "make test-postgres - the suite on PostgreSQL and Redis (installs them with apt-get)"
	@echo "make test-media - the tests of stored files with uploads in an S3 bucket (moto)"
	@echo "make test-machines - two app servers and a worker sharing PostgreSQL, Redis and a bucket"
	@echo "make e2e    - journeys, XSS, accessibility and HTML checks in Chromium (installs it with apt-get)"
	@echo "make serve  - the production configuration (gunicorn, debug off) on http://$(HOST):$(PORT)/"
	@echo "make format - format the code with ruff"
	@echo "make bench-import - import speed and memory, next to loaddata"
	@echo "make bench-search - search precision and recall on the relevance set, and search time at 10,000 posts"
	@echo "make bench-render - worst render time of hostile Markdown at each maximum length"
	@echo "make bench  - pages per second on SQLite and PostgreSQL, next to a bare Django view"
	@echo "make loadtest-comments - many readers commenting at once; nothing may be lost"
	@echo "make lighthouse - Lighthouse scores and page weight of the main pages (installs Chromium)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps record what was installed; they are rebuilt only when the requirements change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

# Translation catalogues are compiled with polib: no GNU gettext needed to run the site.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

locale/%.mo: locale/%.po $(VENV)/.installed
	$(BIN)/python -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

# The admin's Markdown editor and its icons come from npm; Django serves them from
# node_modules (STATICFILES_DIRS). Node.js is taken from apt-get when it is missing.
# No package's install script runs: none of ours needs one.
NPM = @command -v npm >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; } \
		|| { echo "The front-end packages need npm: install Node.js (apt-get install nodejs npm)."; exit 1; }; \
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts

# Search reads Finnish with Voikko: libvoikko and its Finnish dictionary from apt-get.
# Without them search still works, with the stemmer alone (docs/search.md).
$(VENV)/.voikko: $(VENV)/.installed
	@$(BIN)/python -c "import libvoikko; libvoikko.Voikko('fi')" 2>/dev/null \
		|| { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; } \
		|| echo "Search without Voikko: install libvoikko1 and voikko-fi for Finnish word forms."
	touch $@

node_modules/.installed: package.json package-lock.json
	$(NPM) --omit=dev
	touch $@

# For development, the browser suite's checkers too: axe-core and the Nu HTML Checker
# (devDependencies), as pip's dev extras come with install-dev.
node_modules/.installed-dev: package.json package-lock.json
	$(NPM)
	touch node_modules/.installed $@

install: $(VENV)/.installed $(VENV)/.voikko $(MESSAGES) node_modules/.installed

install-dev: $(VENV)/.installed-dev $(VENV)/.voikko $(MESSAGES) node_modules/.installed-dev

run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py bootstrap_site
	# The task worker (mail) beside the development server; it stops with it.
	$(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production configuration on localhost: gunicorn, debug off, JSON logs. Plain HTTP
# (DJANGO_HTTPS=0) because there is no TLS here, and Django serves the uploads since no
# nginx stands in front (DJANGO_SERVE_MEDIA=1); a real deployment keeps HTTPS on.
SERVE_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 DJANGO_ALLOWED_HOSTS=$(HOST),localhost \
	DJANGO_SECRET_KEY="$$(cat $(VENV)/serve-secret-key)" GUNICORN_BIND=$(HOST):$(PORT)

$(VENV)/serve-secret-key: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install $(VENV)/serve-secret-key
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py bootstrap_site
	$(SERVE_ENV) $(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(SERVE_ENV) $(BIN)/gunicorn -c config/gunicorn.conf.py

test: pytest lint migrations-check

pytest: install-dev
	$(BIN)/pytest

# A real PostgreSQL and Redis on loopback, which .ci/services installs (apt-get, as root)
# and starts, and an S3-compatible server for the uploads (moto, from the dev extras);
# their variables (DATABASE_URL, REDIS_URL, MEDIA_STORAGE_URL) go to $(VENV)/services.env.
services: $(VENV)/.installed-dev
	bash .ci/services > $(VENV)/services.env
	grep -q '^DATABASE_URL=postgres' $(VENV)/services.env

# The suite again on the production path.
test-postgres: install-dev services
	env $$(grep -v '^MEDIA_STORAGE_URL=' $(VENV)/services.env) $(BIN)/pytest

# What touches stored files, again with the uploads in a bucket (moto's S3 server): the
# images, social cards, imports with their media, backups and restores.
MEDIA_TESTS = tests/test_media_storage.py tests/test_images.py tests/test_theme.py \
	tests/test_import_media.py tests/test_backups.py

test-media: install-dev services
	env $$(cat $(VENV)/services.env) $(BIN)/pytest $(MEDIA_TESTS)

# Two gunicorn app servers, each from its own copy of the project, and a task worker,
# sharing only the PostgreSQL, Redis and bucket of .ci/services: an editor on one, readers
# and commenters on the other, driven by Chromium.
test-machines: install-dev services
	command -v chromium >/dev/null || { apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	env $$(cat $(VENV)/services.env) $(BIN)/pytest -m machines tests/machines

# The browser suite: the site under gunicorn, driven by Debian's Chromium through Playwright,
# with axe-core and the Nu HTML Checker (on Java) over the readers' pages.
e2e: install-dev
	command -v chromium >/dev/null && command -v java >/dev/null || { apt-get update -qq \
		&& mkdir -p /usr/share/man/man1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }
	$(BIN)/pytest -m browser tests/browser

# ruff, and the import contracts of pyproject.toml: the apps depend one way, no import circle.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.test_settings

# Update the Finnish catalogue after changing user-facing strings (needs GNU gettext:
# apt-get install gettext). Translate the new entries in locale/fi/LC_MESSAGES/django.po.
messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l fi --no-location --no-obsolete --ignore=benchmarks --ignore=tests

# Rebuild fixtures/demo.json from the shipped sources, in a throwaway database.
demo-fixture: install
	rm -f .venv/demo.sqlite3*
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.venv/demo.sqlite3 $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.venv/demo.sqlite3 $(BIN)/python manage.py import_posts fixtures/sources --fixture-out fixtures/demo.json
	rm -f .venv/demo.sqlite3*

# Import speed and memory against loaddata of the same posts; prints figures.
bench-import: install
	$(BIN)/python benchmarks/bench_import.py

# Search precision and recall on the relevance set, and search time at 10,000 posts.
bench-search: install-dev services
	env $$(cat $(VENV)/services.env) $(BIN)/python -m benchmarks.bench_search

# 10,000 followers, a post published through the admin, a real SMTP server that counts
# what arrives (and stops for 30 s on the second run): times, rate and duplicates.
bench-mail: install-dev
	$(BIN)/python -m benchmarks.bench_mail

# The worst render time over hostile Markdown bodies at each kind's maximum length.
bench-render: install-dev
	$(BIN)/python -m benchmarks.bench_render

# Requests per second and latency of the main pages over real HTTP (gunicorn + wrk), on
# SQLite and on PostgreSQL with Redis (from .ci/services), each next to a bare Django view;
# then as two app machines sharing them, with the renders a burst of readers costs.
bench: install services
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	env $$(cat $(VENV)/services.env) $(BIN)/python -m benchmarks.bench_pages

# Lighthouse (npm) on the main pages, served as make serve serves them; fails under the bar.
lighthouse: install-dev
	command -v chromium >/dev/null || { apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python -m benchmarks.lighthouse

# 500 comments from 20 concurrent clients through the real form under gunicorn; fails
# unless every accepted comment is stored exactly once and there is no server error.
loadtest-comments: install
	$(BIN)/python -m benchmarks.loadtest_comments

# Re-pin constraints.txt to what is installed now (after changing ranges in pyproject.toml).
lock: install-dev
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check > constraints.txt

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
