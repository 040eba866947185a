"""What classification returns: frozen, explainable values."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .cells import asked
from .explain import cell_reason
from .model import INCOMPLETE, OUTCOME_IDS, Cell, Requirement, Standard, Text, text_in
from .schema import Action, ExpiryAction


class Producer(NamedTuple):
    """The producer profile the engine needs: who it is, what it mines and how.

    An immutable named tuple rather than a frozen dataclass: callers build one per assessment
    and a tuple is built in C, about 0.6 µs faster, which is measurable in ``make bench``.
    """

    type: str
    subtype: str | None = None
    commodities: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    country: str | None = None
    name: str | None = None
    subdivision: str | None = None
    """ISO 3166-2 code, e.g. CO-CAU."""
    municipality: str | None = None

    @property
    def key(self) -> tuple[str, str | None, frozenset[str], frozenset[str]]:
        """What applicability depends on."""
        return (self.type, self.subtype, self.commodities, self.methods)


@dataclass(frozen=True, slots=True)
class PlanState:
    """Dates that anchor a requirement's window (from an improvement plan)."""

    adopted_on: dt.date | None = None
    first_identified_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Where one requirement stands: the matched cell, what to do, by when, and why."""

    requirement_id: str
    module_id: str
    cell_id: str | None
    level: str | None
    action: Action | None
    outcome: str
    """The outcome class this finding alone would give (``incomplete`` when undecided)."""
    reason: Text
    due: dt.date | None = None
    expired: bool = False
    escalation: ExpiryAction | None = None
    missing: tuple[str, ...] = ()
    rank: int = 2
    """The outcome's rank (0 ``not_eligible``, 1 with mitigation, 2 otherwise), for quick comparison."""

    @property
    def decided(self) -> bool:
        return self.cell_id is not None

    @classmethod
    def for_cell(cls, requirement: Requirement, cell: Cell) -> Finding:
        reason = {lang: cell_reason(cell, {}, lang) for lang in cell.explanation}
        return cls(
            requirement_id=requirement.id,
            module_id=requirement.module.id,
            cell_id=cell.id,
            level=cell.level.id,
            action=cell.action,
            outcome=cell.outcome,
            reason=reason,
            rank=OUTCOME_IDS.index(cell.outcome),
        )


@dataclass(frozen=True, slots=True)
class EddFlag:
    trigger_id: str
    label: Text
    reason: Text
    extra_evidence: tuple[str, ...]
    notify: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MissingAnswer:
    indicator_id: str
    requirement_id: str


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    module_id: str
    applicable: int
    decided: int
    levels: Mapping[str, int]
    actions: Mapping[str, int]

    @property
    def share_without_action(self) -> float:
        """Share of decided requirements that need no action; 0 when none is decided."""
        return self.actions.get(Action.NONE.value, 0) / self.decided if self.decided else 0.0


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the producer stands, per module and overall; it ranks nothing and orders nothing."""

    modules: tuple[ModuleProgress, ...]
    overall: ModuleProgress


@dataclass(frozen=True)
class Classification:
    """The result of classifying one producer's answers against one standard version."""

    standard: str
    """``id@version`` the result is pinned to."""
    standard_digest: str
    as_of: dt.date
    outcome: str
    findings: tuple[Finding, ...]
    edd_flags: tuple[EddFlag, ...]
    missing: tuple[MissingAnswer, ...]
    module_order: tuple[str, ...] = field(repr=False)

    @classmethod
    def make(
        cls,
        standard: str,
        standard_digest: str,
        as_of: dt.date,
        outcome: str,
        findings: tuple[Finding, ...],
        edd_flags: tuple[EddFlag, ...],
        missing: tuple[MissingAnswer, ...],
        module_order: tuple[str, ...],
    ) -> Classification:
        """The same as the constructor, without the frozen ``__setattr__`` per field (the engine's
        hot path makes one per assessment); the instance is just as immutable afterwards."""
        self = object.__new__(cls)
        object.__setattr__(
            self,
            "__dict__",
            {
                "standard": standard,
                "standard_digest": standard_digest,
                "as_of": as_of,
                "outcome": outcome,
                "findings": findings,
                "edd_flags": edd_flags,
                "missing": missing,
                "module_order": module_order,
            },
        )
        return self

    @cached_property
    def progress(self) -> Progress:
        by_module: dict[str, list[Finding]] = {m: [] for m in self.module_order}
        for f in self.findings:
            by_module.setdefault(f.module_id, []).append(f)
        modules = tuple(_progress(m, fs) for m, fs in by_module.items() if fs)
        return Progress(modules, _progress("overall", list(self.findings)))

    def finding(self, requirement_id: str) -> Finding:
        for f in self.findings:
            if f.requirement_id == requirement_id:
                return f
        raise KeyError(requirement_id)

    @property
    def complete(self) -> bool:
        return self.outcome != INCOMPLETE


def _progress(module_id: str, findings: list[Finding]) -> ModuleProgress:
    decided = [f for f in findings if f.decided]
    return ModuleProgress(
        module_id=module_id,
        applicable=len(findings),
        decided=len(decided),
        levels=dict(sorted(Counter(f.level for f in decided if f.level).items())),
        actions=dict(sorted(Counter(f.action.value for f in decided if f.action).items())),
    )


def to_dict(
    result: Classification, standard: Standard, lang: str = "en", answers: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The result as plain JSON-ready data, texts in ``lang``.

    Given the ``answers`` it was computed from, each reason names only what applies (see
    ``explain.cell_reason``); without them, the whole rule of the matched cell."""
    outcome_term = standard.outcome_classes.get(result.outcome)
    return {
        "standard": result.standard,
        "standard_digest": result.standard_digest,
        "as_of": result.as_of.isoformat(),
        "outcome": result.outcome,
        "outcome_label": text_in(outcome_term.label, lang)
        if outcome_term
        else _INCOMPLETE_LABEL.get(lang, "Incomplete"),
        "findings": [
            {
                "requirement": f.requirement_id,
                "title": text_in(standard.requirement(f.requirement_id).title, lang),
                "module": f.module_id,
                "cell": f.cell_id,
                "level": f.level,
                "action": f.action.value if f.action else None,
                "outcome": f.outcome,
                "due": f.due.isoformat() if f.due else None,
                "expired": f.expired,
                "escalation": f.escalation.value if f.escalation else None,
                "reason": _reason(result, standard, f, lang, answers),
                "missing": list(f.missing),
            }
            for f in result.findings
        ],
        "edd_flags": [
            {
                "trigger": e.trigger_id,
                "label": text_in(e.label, lang),
                "reason": text_in(e.reason, lang),
                "extra_evidence": list(e.extra_evidence),
                "notify": list(e.notify),
            }
            for e in result.edd_flags
        ],
        "missing": [
            {
                "indicator": m.indicator_id,
                "requirement": m.requirement_id,
                "question": text_in(standard.indicators[m.indicator_id].question, lang),
            }
            for m in result.missing
        ],
        "progress": {
            "overall": _progress_dict(result.progress.overall),
            "modules": [_progress_dict(m) for m in result.progress.modules],
        },
    }


def _reason(
    result: Classification, standard: Standard, finding: Finding, lang: str, answers: Mapping[str, Any] | None
) -> str:
    if answers is None or finding.cell_id is None:
        return text_in(finding.reason, lang)
    requirement = standard.requirement(finding.requirement_id)
    cell = next(c for c in requirement.cells if c.id == finding.cell_id)
    asked_answers = asked(requirement, answers, result.as_of)
    disengaged = finding.expired and finding.escalation is ExpiryAction.DISENGAGE_IMMEDIATELY
    return cell_reason(
        cell,
        standard.indicators,
        lang,
        asked_answers.get,
        result.as_of,
        finding.due if disengaged else None,
    )


def _progress_dict(p: ModuleProgress) -> dict[str, Any]:
    return {
        "module": p.module_id,
        "applicable": p.applicable,
        "decided": p.decided,
        "levels": dict(p.levels),
        "actions": dict(p.actions),
        "share_without_action": round(p.share_without_action, 3),
    }


_INCOMPLETE_LABEL = {
    "en": "Incomplete: required answers are missing",
    "es": "Incompleta: faltan respuestas obligatorias",
    "fr": "Incomplète : des réponses obligatoires manquent",
}
