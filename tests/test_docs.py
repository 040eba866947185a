"""Docs and code as one system: every command's --help is pasted, current, in docs/cli.md."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from passport import cli

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _command_paths(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    """Every command and subcommand the parser knows, so a new one without docs fails."""
    paths = [prefix]
    for action in parser._actions:  # argparse exposes subcommands only this way
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += _command_paths(sub, [*prefix, name])
    return paths


COMMANDS = _command_paths(cli._parser(), [])


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "passport")
def test_every_command_help_is_in_the_cli_docs(words: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "passport.cli", *words, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    help_text = done.stdout.replace("usage: cli.py", "usage: passport").strip()
    assert help_text in CLI_DOC, f"docs/cli.md lacks the current help of `passport {' '.join(words)}`"


def test_readme_opens_with_the_two_setup_commands() -> None:
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15])
    assert "make demo" in head
    assert "make test" in head


def test_the_python_example_in_the_engine_docs_runs() -> None:
    text = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    assert blocks, "docs/engine.md has no Python example"
    for block in blocks:
        exec(compile(block, "docs/engine.md", "exec"), {})  # noqa: S102 - our own documentation
