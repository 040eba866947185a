"""The committed JSON Schema of the standard file format: up to date, and it accepts our files."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from passport.engine import json_schema, json_schema_text

from .conftest import DATA, ROOT

SCHEMA_FILE = ROOT / "standards" / "schema" / "standard.schema.json"
STANDARD_FILES = sorted((ROOT / "standards").glob("*.yaml"))


def as_json(value: Any) -> Any:
    """YAML data as JSON would carry it: dates as ISO text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def document(path: Path) -> Any:
    return as_json(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text()
    assert json.loads(json_schema_text()) == json_schema()


def test_the_schema_is_draft_2020_12(validator: jsonschema.protocols.Validator) -> None:
    assert isinstance(validator, jsonschema.Draft202012Validator)


def test_there_is_a_standard_to_validate() -> None:
    assert ROOT / "standards" / "mes-1.0.yaml" in STANDARD_FILES


@pytest.mark.parametrize("path", [*STANDARD_FILES, DATA / "tiny.yaml"], ids=lambda p: p.name)
def test_every_standard_file_validates_against_the_schema(
    validator: jsonschema.protocols.Validator, path: Path
) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document(path))]
    assert errors == []


def test_a_document_missing_a_required_field_fails(validator: jsonschema.protocols.Validator) -> None:
    good = document(ROOT / "standards" / "mes-1.0.yaml")
    no_licence = copy.deepcopy(good)
    del no_licence["standard"]["licence"]
    errors = list(validator.iter_errors(no_licence))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [(["standard"], "required")]
    assert "'licence' is a required property" in errors[0].message

    no_requirements = copy.deepcopy(good)
    del no_requirements["requirements"]
    assert not validator.is_valid(no_requirements)


def test_a_document_with_an_unknown_field_or_a_wrong_value_fails(validator: jsonschema.protocols.Validator) -> None:
    good = document(DATA / "tiny.yaml")
    unknown = copy.deepcopy(good)
    unknown["standard"]["colour"] = "blue"
    assert not validator.is_valid(unknown)
    wrong = copy.deepcopy(good)
    wrong["standard"]["status"] = "final"
    assert not validator.is_valid(wrong)
