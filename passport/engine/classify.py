"""Classifying a producer against a standard.

The rule, for any standard:

1. Only requirements that apply to the producer (type or subtype, commodity, method) count;
   only questions that are asked (their ``relevant`` is true) count.
2. In each requirement the worst matching cell counts: disengage, then mitigate, then improve,
   then none; within an action the lowest level. ``otherwise`` matches when nothing else does.
   When unanswered questions could change which cell matches, the requirement is undecided.
3. A window (e.g. six months to mitigate) runs from its anchor date in the plan state. When it
   has passed on ``as_of`` and the same cell still matches, the cell's ``on_expiry`` applies:
   ``disengage_immediately`` makes that finding ``not_eligible``.
4. The outcome is ``not_eligible`` if any finding is; otherwise ``incomplete`` if any required
   question is unanswered or any requirement undecided (an unanswered question is never "no
   risk"); otherwise ``eligible_with_mitigation`` if any finding asks to mitigate; otherwise
   ``eligible``.
5. Enhanced-due-diligence triggers add flags and never change the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .compiled import Plan, Runtime
from .conditions import evaluate
from .errors import AnswersError, PassportError, Problem
from .explain import cell_reason
from .findings import decide
from .model import (
    INCOMPLETE,
    NOT_ELIGIBLE,
    OUTCOME_IDS,
    Requirement,
    Standard,
)
from .result import Classification, EddFlag, Finding, MissingAnswer, PlanState, Producer
from .schema import Action, ExpiryAction, WindowAnchor
from .validate import answer_problems

_NO_PLANS: Mapping[str, PlanState] = {}


def classify(
    standard: Standard,
    producer: Producer,
    answers: Mapping[str, Any],
    plan_state: Mapping[str, PlanState] | None = None,
    as_of: dt.date | None = None,
) -> Classification:
    """Classify ``producer``'s ``answers`` against ``standard`` on ``as_of`` (default: today).

    ``answers`` maps indicator ids to values (yes/no as ``bool``, choices as their id, numbers,
    dates as ``date`` or ISO text). Invalid answers raise ``AnswersError`` naming each one.
    Pure: no I/O, and the same inputs always give the same result.
    """
    day = as_of if as_of is not None else dt.date.today()
    plans = plan_state if plan_state is not None else _NO_PLANS
    runtime: Runtime = standard.runtime
    plan = runtime.plans.get(producer.key) or _plan(standard, producer)
    try:
        fast = plan.fast(answers, day)
    except TypeError:  # an answer of a type that cannot even be compared (a list, a mapping …)
        fast = None
    if fast is None:
        raise AnswersError(
            Problem("answers", 0, f"{ident}: {message}") for ident, message in answer_problems(standard, answers)
        )
    fast_findings, worst, fired, pending, values, interpret, gaps = fast
    if not (interpret or plans or gaps):  # the common case: complete, decided on the fast path
        return Classification.make(
            runtime.ref,
            standard.digest,
            day,
            OUTCOME_IDS[worst],
            fast_findings,  # type: ignore[arg-type]  # no None without `interpret`
            _edd_flags(standard, plan, fired, pending, values, day) if pending else fired,
            (),
            runtime.module_order,
        )
    findings: list[Finding | None] = list(fast_findings)
    if interpret:
        _check_answers(standard, plan, findings, answers)
        assert values is not None
        lookup = dict(zip(plan.indicator_ids, values, strict=True))
        for k, fast_finding in enumerate(findings):
            if fast_finding is None:
                finding = decide(plan.requirements[k], lookup, day, runtime.templates, standard.languages)
                findings[k] = finding
                worst = min(worst, finding.rank)
    if plans:
        for k, requirement in enumerate(plan.requirements):
            state = plans.get(requirement.id)
            current = findings[k]
            if state is not None and current is not None and current.action in _TIMED:
                timed = _with_deadline(requirement, current, state, day)
                findings[k] = timed
                worst = min(worst, timed.rank)
    decided: tuple[Finding, ...] = tuple(findings)  # type: ignore[arg-type]  # every None was decided
    missing = tuple(MissingAnswer(i, f.requirement_id) for f in decided for i in f.missing)
    if worst == 0:
        outcome = NOT_ELIGIBLE
    elif missing or any(f.cell_id is None for f in decided):
        outcome = INCOMPLETE
    else:
        outcome = OUTCOME_IDS[worst]
    return Classification.make(
        runtime.ref,
        standard.digest,
        day,
        outcome,
        decided,
        _edd_flags(standard, plan, fired, pending, values, day) if pending else fired,
        missing,
        runtime.module_order,
    )


def _check_answers(standard: Standard, plan: Plan, findings: list[Finding | None], answers: Mapping[str, Any]) -> None:
    """Answers of the requirements left to the interpreter, which the fast path did not check."""
    ids = [i.id for k, f in enumerate(findings) if f is None for i in plan.requirements[k].indicators]
    problems = list(answer_problems(standard, {i: answers[i] for i in ids if i in answers}))
    if problems:
        raise AnswersError(Problem("answers", 0, f"{ident}: {message}") for ident, message in problems)


def _plan(standard: Standard, producer: Producer) -> Plan:
    runtime: Runtime = standard.runtime
    plan = runtime.plans.get(producer.key)
    if plan is not None:
        return plan
    problems = []
    if producer.type not in standard.producer_types:
        problems.append(f"unknown producer type '{producer.type}'")
    if producer.subtype is not None and producer.subtype not in standard.producer_types:
        problems.append(f"unknown producer subtype '{producer.subtype}'")
    problems += [f"unknown commodity '{c}'" for c in sorted(producer.commodities - set(standard.commodities))]
    problems += [f"unknown mining method '{m}'" for m in sorted(producer.methods - set(standard.methods))]
    if problems:
        raise PassportError("; ".join(problems))
    return runtime.plan_for(producer)


_TIMED = frozenset({Action.MITIGATE, Action.IMPROVE})


def _with_deadline(requirement: Requirement, finding: Finding, plan: PlanState, day: dt.date) -> Finding:
    cell = next(c for c in requirement.cells if c.id == finding.cell_id)
    if cell.window is None:
        return finding
    anchor = plan.adopted_on if cell.window_anchor is WindowAnchor.PLAN_ADOPTED else plan.first_identified_on
    if anchor is None:
        return finding
    due = cell.window.after(anchor)
    fields: dict[str, Any] = {"due": due}
    if day > due:
        fields["expired"] = True
        fields["escalation"] = cell.on_expiry
        if cell.on_expiry is ExpiryAction.DISENGAGE_IMMEDIATELY:
            fields["outcome"] = NOT_ELIGIBLE
            fields["rank"] = 0
            fields["action"] = Action.DISENGAGE_IMMEDIATELY
            fields["reason"] = {lang: cell_reason(cell, {}, lang, expired_on=due) for lang in finding.reason}
    return replace(finding, **fields)


def _edd_flags(
    standard: Standard,
    plan: Plan,
    fired: tuple[EddFlag, ...],
    pending: list[int],
    values: tuple[Any, ...] | None,
    day: dt.date,
) -> tuple[EddFlag, ...]:
    """The fired flags with those of the ``pending`` triggers that the interpreter finds true,
    in the standard's order."""
    assert values is not None
    lookup = dict(zip(plan.indicator_ids, values, strict=True))
    triggers = standard.edd_triggers
    hits = {f.trigger_id for f in fired} | {
        triggers[k].id for k in pending if evaluate(triggers[k].condition, lookup.get, day) is True
    }
    flags: tuple[EddFlag, ...] = standard.runtime.edd_flags
    return tuple(f for f in flags if f.trigger_id in hits)


__all__ = ["classify"]
