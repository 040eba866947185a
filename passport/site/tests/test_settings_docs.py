"""Every environment variable the code reads is in .env.example and docs/deployment.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READS = re.compile(r"""(?:env_(?:str|bool|int|list)\(|environ(?:\.get)?[\[(])\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "passport").rglob("*.py"):
        if "tests" not in path.parts:
            found |= set(READS.findall(path.read_text(encoding="utf-8")))
    return found - {"DJANGO_SETTINGS_MODULE"}


def variables_listed(path: Path) -> set[str]:
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


VARIABLES = sorted(variables_read())


def test_the_settings_read_the_variables_we_expect() -> None:
    # Guards the scan itself: if the pattern stopped matching, the tests below would pass vacuously.
    assert {"PASSPORT_SECRET_KEY", "PASSPORT_DEBUG", "DATABASE_URL", "PASSPORT_STANDARDS_DIR"} <= set(VARIABLES)


@pytest.mark.parametrize("name", VARIABLES)
def test_every_variable_is_in_the_env_example(name: str) -> None:
    assert name in variables_listed(ROOT / ".env.example"), f".env.example does not list {name}"


@pytest.mark.parametrize("name", VARIABLES)
def test_every_variable_is_in_the_deployment_docs(name: str) -> None:
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert f"`{name}`" in text, f"docs/deployment.md does not describe {name}"


def test_the_env_example_lists_no_variable_the_code_does_not_read() -> None:
    assert variables_listed(ROOT / ".env.example") - set(VARIABLES) == set()
