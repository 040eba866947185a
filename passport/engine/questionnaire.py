"""What to ask a producer now: the applicable requirements and the questions shown, by module.

Pages, field forms and the API build their questionnaire from this, so that what a person is
asked is exactly what ``classify`` counts:

- a requirement is listed only when it applies to the producer (type or subtype, commodity,
  method), by the same rule classification uses;
- a question is *shown* when it has no ``relevant`` condition or its condition is true for the
  answers so far (evaluated like ``cells.asked``: a follow-up reads the answers shown before it);
- a question whose condition is *unknown* (the answer it depends on is not given yet) is not
  shown but listed as *pending*: it appears once its trigger is answered. Showing it earlier
  would ask, say, whether security forces tax illegally before anyone said they are present,
  and classification would ignore the answer anyway;
- a question whose condition is false is neither shown nor pending. A stored answer to it is
  kept (it reappears if the trigger changes back) but counts for nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .compiled import applies
from .conditions import Value, evaluate
from .model import Indicator, Module, Requirement, Standard
from .result import Producer
from .schema import IndicatorType
from .validate import value_problem


@dataclass(frozen=True, slots=True)
class Question:
    """One question shown now, with its current answer (``None`` when unanswered)."""

    indicator: Indicator
    value: Any

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class RequirementQuestions:
    requirement: Requirement
    questions: tuple[Question, ...]
    """The questions shown now, in the standard's order."""
    pending: tuple[Indicator, ...]
    """Follow-up questions whose trigger is not answered yet: shown once it is."""

    @property
    def unanswered_required(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.indicator.required and not q.answered)


@dataclass(frozen=True, slots=True)
class ModuleQuestions:
    module: Module
    requirements: tuple[RequirementQuestions, ...]

    @property
    def shown(self) -> int:
        return sum(len(r.questions) for r in self.requirements)

    @property
    def answered(self) -> int:
        return sum(1 for r in self.requirements for q in r.questions if q.answered)

    @property
    def unanswered_required(self) -> tuple[str, ...]:
        return tuple(i for r in self.requirements for i in r.unanswered_required)

    @property
    def complete(self) -> bool:
        """Every required question shown is answered and no follow-up is waiting for its trigger."""
        return not self.unanswered_required and not any(r.pending for r in self.requirements)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The questions for one producer against one standard version, module by module."""

    standard: str
    """``id@version``."""
    modules: tuple[ModuleQuestions, ...]
    """Only modules with at least one applicable requirement, in the standard's order."""

    def module(self, module_id: str) -> ModuleQuestions:
        for m in self.modules:
            if m.module.id == module_id:
                return m
        raise KeyError(module_id)

    @property
    def indicator_ids(self) -> frozenset[str]:
        """Every question of the applicable requirements, shown or not."""
        return frozenset(i.id for m in self.modules for r in m.requirements for i in r.requirement.indicators)

    @property
    def unanswered_required(self) -> tuple[str, ...]:
        return tuple(i for m in self.modules for i in m.unanswered_required)

    @property
    def complete(self) -> bool:
        return all(m.complete for m in self.modules)


def questionnaire(
    standard: Standard, producer: Producer, answers: Mapping[str, Any], as_of: dt.date | None = None
) -> Questionnaire:
    """What ``producer`` is asked now, given ``answers`` (indicator id → value) on ``as_of``.

    Answers may be in their stored form (dates as ISO text); invalid values are treated as
    unanswered for deciding relevance (check them with ``answer_problem`` first)."""
    day = as_of if as_of is not None else dt.date.today()
    by_module: dict[str, list[RequirementQuestions]] = {m.id: [] for m in standard.modules}
    for requirement in standard.requirements:
        if applies(requirement, producer):
            by_module[requirement.module.id].append(_requirement_questions(requirement, answers, day))
    modules = tuple(
        ModuleQuestions(module, tuple(by_module[module.id])) for module in standard.modules if by_module[module.id]
    )
    return Questionnaire(standard.ref, modules)


def _requirement_questions(requirement: Requirement, answers: Mapping[str, Any], day: dt.date) -> RequirementQuestions:
    visible: dict[str, Value | None] = {}
    shown: list[Question] = []
    pending: list[Indicator] = []
    for ind in requirement.indicators:
        value = answers.get(ind.id)
        verdict = True if ind.relevant is None else evaluate(ind.relevant, visible.get, day)
        if verdict is True:
            shown.append(Question(ind, value))
            visible[ind.id] = _comparable(ind, value)
        else:
            if verdict is None:
                pending.append(ind)
            visible[ind.id] = None
    return RequirementQuestions(requirement, tuple(shown), tuple(pending))


def _comparable(indicator: Indicator, value: Any) -> Value | None:
    """The value as conditions compare it; ``None`` for a value that is not a valid answer."""
    if value is None or value_problem(indicator, value) is not None:
        return None
    if indicator.type is IndicatorType.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value  # type: ignore[no-any-return]


def answer_problem(standard: Standard, indicator_id: str, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to question ``indicator_id`` of ``standard``, or
    ``None`` when it is. ``None`` as a value (no answer) is always valid."""
    indicator = standard.indicators.get(indicator_id)
    if indicator is None:
        return f"unknown question (not an indicator of {standard.ref})"
    return value_problem(indicator, value)


def applicable_requirements(standard: Standard, producer: Producer) -> tuple[Requirement, ...]:
    """The requirements of ``standard`` that apply to ``producer``, in the standard's order."""
    return tuple(r for r in standard.requirements if applies(r, producer))


__all__ = [
    "ModuleQuestions",
    "Question",
    "Questionnaire",
    "RequirementQuestions",
    "answer_problem",
    "applicable_requirements",
    "questionnaire",
]
