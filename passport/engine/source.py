"""Reading YAML (and JSON, its subset) while remembering where each value stood.

PyYAML silently keeps the last of two equal keys and forgets line numbers once it has built
Python objects. We compose the node graph ourselves, reject duplicate keys, and keep a map from
each value's path (``("requirements", 3, "cells", 0, "when")``) to its 1-based line, so that
every later check can say ``PATH:LINE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InvalidFileError, Problem

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A parsed document and the line of every value in it."""

    path: str
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)

    def line(self, where: Sequence[str | int]) -> int:
        """The line of ``where``, or of its nearest enclosing value that has one."""
        key = tuple(where)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def problem(self, where: Sequence[str | int], message: str) -> Problem:
        return Problem(self.path, self.line(where), message)


class _Composer(yaml.SafeLoader):
    """A safe loader used only to compose nodes and construct scalars."""


def read_text(path: Path | str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidFileError([Problem(str(path), 1, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidFileError([Problem(str(path), 1, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InvalidFileError([Problem(str(path), 1, f"cannot read: {exc.strerror}")]) from None


def load_yaml(text: str, path: str) -> Located:
    """Parse ``text``; raise ``InvalidFileError`` naming the line of any syntax error."""
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise InvalidFileError([_syntax_problem(exc, path)]) from None
    except yaml.YAMLError as exc:
        raise InvalidFileError([Problem(path, 1, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InvalidFileError([Problem(path, 1, "the file is empty")])
    lines: dict[PathKey, int] = {}
    problems: list[Problem] = []
    data = _build(node, (), loader, path, lines, problems)
    if problems:
        raise InvalidFileError(problems)
    return Located(path, data, lines)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    reason = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    context = exc.context_mark
    if context is not None and exc.context and "flow" in exc.context and context.line + 1 != line:
        # An unclosed [ or { is noticed lines later; the mistake is where it was opened.
        reason = f"{reason} (at line {line}) {exc.context} that starts here"
        line = context.line + 1
    return Problem(path, line, f"invalid YAML: {reason}")


def load_file(path: Path | str) -> Located:
    return load_yaml(read_text(path), str(path))


def _build(
    node: yaml.Node,
    where: PathKey,
    loader: _Composer,
    path: str,
    lines: dict[PathKey, int],
    problems: list[Problem],
) -> Any:
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(path, key_node.start_mark.line + 1, "merge keys (<<) are not supported"))
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool) or key is None:
                problems.append(Problem(path, key_node.start_mark.line + 1, f"unsupported key {key!r}"))
                continue
            if key in first_seen:
                problems.append(
                    Problem(
                        path,
                        key_node.start_mark.line + 1,
                        f"duplicate key '{key}' (first at line {first_seen[key]})",
                    )
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            child = (*where, key if isinstance(key, str) else str(key))
            result[key] = _build(value_node, child, loader, path, lines, problems)
            # A problem about a whole block (a list of cells, a mapping) is reported on its key.
            lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*where, i), loader, path, lines, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(Problem(path, node.start_mark.line + 1, f"invalid value: {exc}"))
        return None
