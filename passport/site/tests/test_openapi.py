"""The committed OpenAPI document is the live one, and the drift check says where it is stale."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from passport.site.management.commands.openapi import (
    DEFAULT_DOCS,
    DEFAULT_OUTPUT,
    TABLE_END,
    TABLE_START,
    endpoint_table,
    first_difference,
    openapi_document,
    openapi_text,
    with_table,
)

ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_document_is_the_live_one() -> None:
    committed = json.loads(DEFAULT_OUTPUT.read_text(encoding="utf-8"))
    where = first_difference(committed, openapi_document())
    assert where is None, f"docs/api/openapi.json is stale at {where}: run `make openapi`"
    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == openapi_text(openapi_document())


def test_the_api_docs_list_every_endpoint_of_the_live_document() -> None:
    docs = DEFAULT_DOCS.read_text(encoding="utf-8")
    document = openapi_document()
    assert docs == with_table(docs, endpoint_table(document)), "docs/api.md's endpoint table is stale"
    for path in document["paths"]:
        assert f"`{path}`" in docs


@pytest.mark.django_db
def test_the_api_serves_the_committed_document() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(DEFAULT_OUTPUT.read_text(encoding="utf-8"))


def test_it_writes_sorted_keys_with_two_space_indent_and_a_trailing_newline(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    call_command("openapi", "--output", str(output), stdout=io.StringIO())
    text = output.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text.startswith('{\n  "components": {')
    assert json.loads(text) == openapi_document()


def test_the_check_names_the_first_changed_place(tmp_path: Path) -> None:
    stale = openapi_document()
    stale["info"]["title"] = "Another API"
    output = tmp_path / "openapi.json"
    output.write_text(openapi_text(stale), encoding="utf-8")
    with pytest.raises(CommandError, match=r"first difference at info > title \(changed\)"):
        call_command("openapi", "--check", "--output", str(output))


def test_the_check_names_an_endpoint_the_api_no_longer_has(tmp_path: Path) -> None:
    stale = openapi_document()
    stale["paths"]["/api/v1/retired"] = {"get": {"operationId": "retired"}}
    output = tmp_path / "openapi.json"
    output.write_text(openapi_text(stale), encoding="utf-8")
    with pytest.raises(CommandError, match=r"paths > /api/v1/retired \(removed\)"):
        call_command("openapi", "--check", "--output", str(output))


def test_the_check_refuses_the_same_document_laid_out_differently(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    output.write_text(json.dumps(openapi_document()), encoding="utf-8")
    with pytest.raises(CommandError, match="different layout"):
        call_command("openapi", "--check", "--output", str(output))


def test_the_check_refuses_a_stale_endpoint_table(tmp_path: Path) -> None:
    output, docs = tmp_path / "openapi.json", tmp_path / "api.md"
    output.write_text(openapi_text(openapi_document()), encoding="utf-8")
    docs.write_text(f"# API\n{TABLE_START}\n| GET | `/api/v1/retired` |\n{TABLE_END}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="endpoint table is stale"):
        call_command("openapi", "--check", "--output", str(output), "--docs", str(docs))


def test_the_check_exits_1_from_the_command_line(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    output.write_text("{}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "openapi", "--check", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "stale: first difference at components (added)" in done.stderr


def test_first_difference_is_none_for_equal_documents() -> None:
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) is None
    assert first_difference({"a": [1, 2]}, {"a": [1, 2, 3]}) == "a (changed)"
