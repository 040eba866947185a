"""Deciding one requirement from the answers that are asked: the reference rule as a finding.

Shared by the compiled tables (built once per standard) and the interpreter path of
``classify`` (for what the tables and compiled chains leave), so both give identical findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .cells import asked, match_cell
from .conditions import evaluate
from .explain import UNDECIDED
from .model import INCOMPLETE, Requirement
from .result import Finding


def unanswered(requirement: Requirement, visible: Mapping[str, Any], day: dt.date) -> list[str]:
    """Required questions that are asked (``relevant`` true or absent) and not answered."""
    return [
        ind.id
        for ind in requirement.indicators
        if ind.required
        and visible[ind.id] is None
        and (ind.relevant is None or evaluate(ind.relevant, visible.get, day) is True)
    ]


def decide(
    requirement: Requirement,
    answers: Mapping[str, Any],
    day: dt.date,
    templates: Mapping[tuple[str, str], Finding],
    languages: Sequence[str],
) -> Finding:
    """The finding for ``requirement``: its worst matching cell (with the questions still
    unanswered, if any), or an undecided finding listing them."""
    visible = asked(requirement, answers, day)
    gaps = tuple(unanswered(requirement, visible, day))
    cell = match_cell(requirement, visible, day)
    if cell is not None:
        template = templates[(requirement.id, cell.id)]
        return replace(template, missing=gaps) if gaps else template
    return Finding(
        requirement_id=requirement.id,
        module_id=requirement.module.id,
        cell_id=None,
        level=None,
        action=None,
        outcome=INCOMPLETE,
        reason={lang: UNDECIDED.get(lang, UNDECIDED["en"]) for lang in languages},
        missing=gaps,
    )
