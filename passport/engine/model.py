"""The compiled standard: frozen, typed values the engine works on.

A ``Standard`` is built once from a file by ``load_standard`` (``loader.py``) and then shared
read-only; classifying a producer against it does no I/O and no parsing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import Expr
from .schema import (
    Action,
    Benefit,
    CostBand,
    Effort,
    ExpiryAction,
    IndicatorType,
    ModuleKind,
    Status,
    Visibility,
    WindowAnchor,
)

Text = Mapping[str, str]
"""Human text by language code."""

NOT_ELIGIBLE = "not_eligible"
ELIGIBLE_WITH_MITIGATION = "eligible_with_mitigation"
ELIGIBLE = "eligible"
INCOMPLETE = "incomplete"
OUTCOME_IDS = (NOT_ELIGIBLE, ELIGIBLE_WITH_MITIGATION, ELIGIBLE)
"""The outcome classes a standard must declare, worst first. ``incomplete`` is the engine's."""

OUTCOME_OF_ACTION: Mapping[Action, str] = {
    Action.DISENGAGE_IMMEDIATELY: NOT_ELIGIBLE,
    Action.MITIGATE: ELIGIBLE_WITH_MITIGATION,
    Action.IMPROVE: ELIGIBLE,
    Action.NONE: ELIGIBLE,
}
ACTION_SEVERITY: Mapping[Action, int] = {
    Action.DISENGAGE_IMMEDIATELY: 0,
    Action.MITIGATE: 1,
    Action.IMPROVE: 2,
    Action.NONE: 3,
}


def text_in(text: Text, lang: str, fallback: str = "en") -> str:
    """``text`` in ``lang``, else in ``fallback``, else in any language it has."""
    if lang in text:
        return text[lang]
    if fallback in text:
        return text[fallback]
    return next(iter(text.values()), "")


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True, slots=True)
class Window:
    """A calendar duration (ISO 8601 ``PnYnMnWnD``); months clamp to the month's last day."""

    text: str
    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Window:
        match = _DURATION.match(text)
        if match is None or text == "P":
            raise ValueError(f"'{text}' is not a duration like P6M or P1Y")
        y, m, w, d = (int(g) if g else 0 for g in match.groups())
        return cls(text, years=y, months=m, days=w * 7 + d)

    def after(self, start: dt.date) -> dt.date:
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, _days_in_month(year, month))
        return dt.date(year, month, day) + dt.timedelta(days=self.days)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


@dataclass(frozen=True, slots=True)
class Term:
    """An entry of a vocabulary (producer type, commodity, method, outcome class, level)."""

    id: str
    label: Text
    rank: int = 0
    parent: str | None = None
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    order: int
    kind: ModuleKind
    title: Text
    description: Text | None
    default_window: Window | None


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    requirement_id: str
    type: IndicatorType
    question: Text
    label: Text
    help: Text | None
    unit: str | None
    choices: tuple[Choice, ...]
    minimum: float | None
    maximum: float | None
    required: bool
    visibility: Visibility
    relevant: Expr | None
    relevant_source: str | None
    line: int

    def choice_label(self, value: str, lang: str) -> str:
        for choice in self.choices:
            if choice.id == value:
                return text_in(choice.label, lang)
        return value


@dataclass(frozen=True, slots=True)
class Cell:
    id: str
    requirement_id: str
    condition: Expr | None  # None for the `otherwise` cell
    condition_source: str | None
    otherwise: bool
    label: Text
    level: Term
    action: Action
    window: Window | None
    window_anchor: WindowAnchor
    on_expiry: ExpiryAction | None
    explanation: Text
    line: int

    @property
    def outcome(self) -> str:
        return OUTCOME_OF_ACTION[self.action]


@dataclass(frozen=True, slots=True)
class Applicability:
    producer_types: frozenset[str] | None
    commodities: frozenset[str] | None
    methods: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Reference:
    scheme: str
    ref: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Sequencing:
    effort: Effort
    cost: CostBand
    benefits: tuple[Benefit, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str
    description: Text
    visibility: Visibility


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    module: Module
    title: Text
    intent: Text
    references: tuple[Reference, ...]
    applies_to: Applicability
    sequencing: Sequencing
    indicators: tuple[Indicator, ...]
    cells: tuple[Cell, ...]
    """Worst first: the order in which cells are tried; ``otherwise`` comes last."""
    evidence: tuple[Evidence, ...]
    line: int

    @property
    def indicator_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.indicators)


@dataclass(frozen=True, slots=True)
class EddTrigger:
    id: str
    condition: Expr
    condition_source: str
    label: Text
    reason: Text
    extra_evidence: tuple[str, ...]
    notify: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Standard:
    """One compiled version of a standard. Immutable; share it freely."""

    id: str
    version: str
    status: Status
    title: Text
    description: Text | None
    licence: str
    attribution: Text | None
    derived_from: tuple[Mapping[str, Any], ...]
    supersedes: str | None
    published_on: dt.date | None
    languages: tuple[str, ...]
    outcome_classes: Mapping[str, Term]
    levels: Mapping[str, Term]
    producer_types: Mapping[str, Term]
    commodities: Mapping[str, Term]
    methods: Mapping[str, Term]
    modules: tuple[Module, ...]
    requirements: tuple[Requirement, ...]
    edd_triggers: tuple[EddTrigger, ...]
    indicators: Mapping[str, Indicator]
    path: str
    digest: str
    """SHA-256 of the file's bytes: pins exactly which text an assessment was made against."""
    runtime: Any = field(default=None, compare=False, repr=False)
    """Compiled evaluators and caches (``compiled.Runtime``), built once at load."""

    @property
    def ref(self) -> str:
        """``id@version``, the way assessments pin a standard."""
        return f"{self.id}@{self.version}"

    def requirement(self, requirement_id: str) -> Requirement:
        for r in self.requirements:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)
