"""The engine stays pure Python: no Django anywhere under passport/engine."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import passport.engine

from .conftest import ROOT

ENGINE = Path(passport.engine.__file__).parent
MODULES = sorted(ENGINE.rglob("*.py"))


def imported_roots(source: str) -> set[str]:
    """The top-level package of every import in ``source`` (relative imports left out)."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_engine_has_modules_to_check() -> None:
    assert {p.name for p in MODULES} >= {"__init__.py", "classify.py", "compiled.py", "cells.py", "loader.py"}


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_engine_module_imports_django(path: Path) -> None:
    assert "django" not in imported_roots(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "source",
    ["import django", "import django.db.models as m", "from django.db import models", "def f():\n    import django\n"],
)
def test_the_import_check_sees_every_form_of_import(source: str) -> None:
    assert "django" in imported_roots(source)


def test_classifying_an_example_loads_no_django() -> None:
    script = f"""
import sys
from passport.engine import check_against, classify, get_standard, read_answers
answers = read_answers({str(ROOT / "examples" / "cd-sud-kivu-fardc-taxing.yaml")!r})
standard = get_standard(answers.standard_ref)
check_against(answers, standard)
result = classify(standard, answers.producer, answers.answers, answers.plans, answers.assessed_on)
print(result.outcome)
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["eligible_with_mitigation", "[]"]
