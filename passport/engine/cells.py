"""Checking a requirement's graduated cells against every answer they can meet.

A requirement's indicators have small domains (yes/no, a few choices, numbers and dates that
matter only around the literals the conditions name), so we enumerate every combination of
answers a producer could give to the questions that are asked, and for each one find the cell
the engine would match. That proves, for the points that matter:

- the cells are exhaustive: every complete set of answers leads to a definite cell;
- every cell is reachable: some answers make it the worst matching cell;

and yields one *witness* (a set of answers) per cell, which the tests classify to show the
engine matches each cell of the shipped standard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from .conditions import Compare, In, Literal, Value, evaluate, names, nodes
from .model import Cell, Indicator, Requirement
from .schema import IndicatorType
from .source import PathKey

REFERENCE_DAY = dt.date(2026, 1, 1)
"""The assessment date assumed while enumerating; ``today`` comparisons are tried around it."""
MAX_COMBINATIONS = 200_000

Assignment = Mapping[str, Value | None]


def match_cell(requirement: Requirement, answers: Assignment, today: dt.date) -> Cell | None:
    """The worst matching cell for ``answers``, or ``None`` when the answers do not decide it.

    This is the reference (interpreted, three-valued) semantics; ``compiled.py`` is a faster
    rendering of the same rule and is tested against it.
    """
    lookup = answers.get
    undecided = False
    for cell in requirement.cells:
        if cell.otherwise:
            return None if undecided else cell
        assert cell.condition is not None
        verdict = evaluate(cell.condition, lookup, today)
        if verdict is True:
            return None if undecided else cell
        if verdict is None:
            undecided = True
    return None


def asked(requirement: Requirement, answers: Mapping[str, Value | None], today: dt.date) -> dict[str, Value | None]:
    """``answers`` with the questions that are not asked (``relevant`` is not true) blanked."""
    visible: dict[str, Value | None] = {}
    for ind in requirement.indicators:
        if ind.relevant is not None and evaluate(ind.relevant, visible.get, today) is not True:
            visible[ind.id] = None
        else:
            visible[ind.id] = answers.get(ind.id)
    return visible


def combinations(requirement: Requirement, *, unanswered: bool = False) -> Iterator[dict[str, Value | None]]:
    """Every complete set of answers to the questions asked (unasked ones are ``None``; an
    optional question may be unanswered). With ``unanswered``, every set a producer could have
    given so far: any question that is asked may also be unanswered."""
    domains = {ind.id: _domain(ind, requirement) for ind in requirement.indicators}

    def extend(index: int, partial: dict[str, Value | None]) -> Iterator[dict[str, Value | None]]:
        if index == len(requirement.indicators):
            yield dict(partial)
            return
        ind = requirement.indicators[index]
        options: Sequence[Value | None]
        if ind.relevant is not None and evaluate(ind.relevant, partial.get, REFERENCE_DAY) is not True:
            options = (None,)
        elif ind.required and not unanswered:
            options = domains[ind.id]
        else:
            options = (*domains[ind.id], None)
        for value in options:
            partial[ind.id] = value
            yield from extend(index + 1, partial)
        del partial[ind.id]

    yield from extend(0, {})


def count_combinations(requirement: Requirement, *, unanswered: bool = False) -> int:
    """An upper bound of ``len(list(combinations(requirement, unanswered=…)))``."""
    total = 1
    for ind in requirement.indicators:
        total *= len(_domain(ind, requirement)) + (0 if ind.required and not unanswered else 1)
    return total


def check_cells(requirement: Requirement) -> list[tuple[PathKey, str]]:
    """Problems with ``requirement``'s cells, as (path inside the requirement, message)."""
    if count_combinations(requirement) > MAX_COMBINATIONS:
        return [(("indicators",), f"too many answer combinations to check (over {MAX_COMBINATIONS}); split it")]
    problems: list[tuple[PathKey, str]] = []
    reached: set[str] = set()
    for answers in combinations(requirement):
        cell = match_cell(requirement, answers, REFERENCE_DAY)
        if cell is None:
            shown = describe(answers)
            problems.append(
                (
                    ("cells",),
                    f"no cell decides the answers {shown}; add a cell or an `otherwise` cell, or guard a "
                    "condition that reads a question not asked in this case with the question that asks it",
                )
            )
            break
        reached.add(cell.id)
    for cell in requirement.cells:
        if cell.id not in reached and not problems:
            index = _source_index(requirement, cell)
            problems.append(
                (
                    ("cells", index, "when" if not cell.otherwise else "otherwise"),
                    f"cell '{cell.id}' can never be the matching cell: a worse cell always matches first, "
                    "or its condition cannot be true",
                )
            )
    return problems


def witnesses(requirement: Requirement) -> dict[str, dict[str, Value | None]]:
    """One set of answers per cell that makes the engine match that cell."""
    found: dict[str, dict[str, Value | None]] = {}
    for answers in combinations(requirement):
        cell = match_cell(requirement, answers, REFERENCE_DAY)
        if cell is not None and cell.id not in found:
            found[cell.id] = answers
        if len(found) == len(requirement.cells):
            break
    return found


def describe(answers: Mapping[str, Value | None]) -> str:
    parts = []
    for key, value in answers.items():
        if value is None:
            continue
        shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        parts.append(f"{key}={shown}")
    return "{" + ", ".join(parts) + "}"


def _source_index(requirement: Requirement, cell: Cell) -> int:
    # Cells are stored worst first; report the position the author wrote them in (by line).
    by_line = sorted(requirement.cells, key=lambda c: c.line)
    return by_line.index(cell)


def _domain(ind: Indicator, requirement: Requirement) -> tuple[Value, ...]:
    if ind.type is IndicatorType.BOOL:
        return (True, False)
    if ind.type is IndicatorType.ENUM:
        return tuple(c.id for c in ind.choices)
    literals = sorted(_literals_near(ind.id, requirement), key=str)
    if ind.type in (IndicatorType.INTEGER, IndicatorType.DECIMAL):
        step = Decimal(1) if ind.type is IndicatorType.INTEGER else Decimal("0.5")
        points = {Decimal(int(ind.minimum)) if ind.minimum is not None else Decimal(0)}
        for lit in literals:
            if isinstance(lit, Decimal):
                points.update({lit - step, lit, lit + step})
        inside = [
            p
            for p in sorted(points)
            if (ind.minimum is None or p >= Decimal(str(ind.minimum)))
            and (ind.maximum is None or p <= Decimal(str(ind.maximum)))
        ]
        if ind.type is IndicatorType.INTEGER:
            return tuple(int(p) for p in inside if p == p.to_integral_value())
        return tuple(float(p) for p in inside)
    if ind.type is IndicatorType.DATE:
        days = {REFERENCE_DAY}
        for lit in literals:
            if isinstance(lit, dt.date):
                days.add(lit)
        spread = {d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)}
        return tuple(sorted(spread))
    texts = {lit for lit in literals if isinstance(lit, str)}
    return (*sorted(texts), "—")


def _literals_near(indicator_id: str, requirement: Requirement) -> set[Value]:
    """Literals in any comparison that involves ``indicator_id`` (the points that matter)."""
    conditions = [c.condition for c in requirement.cells] + [i.relevant for i in requirement.indicators]
    found: set[Value] = set()
    for condition in conditions:
        if condition is None:
            continue
        for node in nodes(condition):
            involved = (isinstance(node, Compare) and indicator_id in names(node)) or (
                isinstance(node, In) and indicator_id in names(node.subject)
            )
            if involved:
                found.update(n.value for n in nodes(node) if isinstance(n, Literal) and not isinstance(n.value, bool))
    return found
