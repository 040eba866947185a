# Passport to Markets — the project's commands. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-cli test test-postgres lint bench install schema openapi messages docs clean

# Direct dependencies are pinned in pyproject.toml; constraints.txt pins every transitive one.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# manage.py with development settings on SQLite; $(1) is the data folder (database, static, media).
MANAGE = DATABASE_URL= PASSPORT_DEBUG=1 PASSPORT_DATA_DIR=$(CURDIR)/$(1) $(BIN)/python manage.py
DEMO_DATA := var/demo
DEMO_PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

## The web demo: a fresh SQLite database in var/demo with the demo world, served as in production
## (gunicorn, DEBUG off, compressed static files; plain HTTP on loopback) at
## http://127.0.0.1:$(DEMO_PORT). Ctrl-C stops it.
demo: $(STAMP)
	rm -rf $(DEMO_DATA)
	$(call MANAGE,$(DEMO_DATA)) migrate --noinput -v 0
	PASSPORT_STATIC_MANIFEST=1 $(call MANAGE,$(DEMO_DATA)) collectstatic --noinput -v 0
	$(call MANAGE,$(DEMO_DATA)) demo --load --base-url http://127.0.0.1:$(DEMO_PORT)
	@echo
	@echo "Serving at http://127.0.0.1:$(DEMO_PORT)/ (Ctrl-C to stop; make demo starts afresh)"
	DATABASE_URL= PASSPORT_DEBUG=0 PASSPORT_HTTPS=0 PASSPORT_DATA_DIR=$(CURDIR)/$(DEMO_DATA) \
	PASSPORT_ALLOWED_HOSTS=127.0.0.1,localhost PASSPORT_SITE_URL=http://127.0.0.1:$(DEMO_PORT) \
	PASSPORT_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	$(BIN)/gunicorn passport.site.wsgi --bind 127.0.0.1:$(DEMO_PORT) --workers 2 --access-logfile -

## Classify the example producers with the command line and print their results.
demo-cli: $(STAMP)
	$(BIN)/passport standard check standards/*.yaml
	$(BIN)/passport examples examples --lang $${DEMO_LANG:-en}
	@for f in examples/*.yaml; do echo; echo "=== $$f"; $(BIN)/passport assess "$$f" --lang $${DEMO_LANG:-en}; done

## The whole suite (browser tests included) on SQLite.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

## The whole suite on PostgreSQL ($(POSTGRES_URL)); fails if the server is not reachable.
test-postgres: $(STAMP)
	@pg_isready -q -d "$(POSTGRES_URL)" || { echo "PostgreSQL is not reachable at $(POSTGRES_URL):" \
		"start it or set POSTGRES_URL=postgres://user@host:port/db" >&2; exit 1; }
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy passport/engine
	$(BIN)/passport standard schema --check standards/schema/standard.schema.json
	$(BIN)/passport standard check standards/*.yaml
	$(call MANAGE,var/lint) makemigrations --check --dry-run
	$(call MANAGE,var/lint) openapi --check

## Classification against parsing, then web pages against a bare page (gunicorn + wrk).
bench: $(STAMP)
	$(BIN)/python bench/classification.py
	$(BIN)/python bench/web.py

schema: $(STAMP)
	$(BIN)/passport standard schema --output standards/schema/standard.schema.json

## Regenerate docs/api/openapi.json after changing the API.
openapi: $(STAMP)
	$(call MANAGE,var/lint) openapi

## Update the Spanish and French catalogs from the code, then compile them (see docs/translating.md).
messages: $(STAMP)
	$(call MANAGE,var/lint) makemessages -l es -l fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(call MANAGE,var/lint) compilemessages --ignore=.venv

## Regenerate docs/cli.md from the command's own help and output.
docs: $(STAMP)
	$(BIN)/python tools/generate_cli_reference.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
