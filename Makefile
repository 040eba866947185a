# Passport to Markets — the project's commands. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench install schema docs clean

# Direct dependencies are pinned in pyproject.toml; constraints.txt pins every transitive one.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Classify the example producers and print their results (the web demo arrives with the web app).
demo: $(STAMP)
	$(BIN)/passport standard check standards/*.yaml
	$(BIN)/passport examples examples --lang $${DEMO_LANG:-en}
	@for f in examples/*.yaml; do echo; echo "=== $$f"; $(BIN)/passport assess "$$f" --lang $${DEMO_LANG:-en}; done

## The whole suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy passport/engine
	$(BIN)/passport standard schema --check standards/schema/standard.schema.json
	$(BIN)/passport standard check standards/*.yaml

bench: $(STAMP)
	$(BIN)/python bench/classification.py

schema: $(STAMP)
	$(BIN)/passport standard schema --output standards/schema/standard.schema.json

## Regenerate docs/cli.md from the command's own help and output.
docs: $(STAMP)
	$(BIN)/python tools/generate_cli_reference.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
