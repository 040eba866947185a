"""Properties of classification, checked on random producers and answers.

The reference for every property is the rule in ``classify.py``'s docstring, computed here
independently with the three-valued interpreter in ``cells.py`` (``asked`` and
``match_cell``); the engine's compiled fast path must agree with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from passport.engine import (
    ELIGIBLE,
    ELIGIBLE_WITH_MITIGATION,
    INCOMPLETE,
    NOT_ELIGIBLE,
    Cell,
    Indicator,
    PlanState,
    Producer,
    Requirement,
    Standard,
    classify,
    load_standard,
    to_dict,
)
from passport.engine import cells as reference
from passport.engine.conditions import Literal, evaluate, names
from passport.engine.schema import Action, ExpiryAction, IndicatorType, WindowAnchor

from .conftest import DATA, MES

# --- standards ----------------------------------------------------------------------------------

TINY_TEXT = (DATA / "tiny.yaml").read_text(encoding="utf-8")

# The tiny standard plus a requirement with what neither shipped standard has: a date question,
# `today` in cells, relevance and a trigger, a trigger that reads an unasked question unguarded
# (a stray answer to it must not fire the trigger), a window anchored on when the risk was
# first identified, and applicability by subtype.
PERMIT = """\
  - id: T-PERMIT
    module: M5
    applies_to: {producer_types: [cooperative, barequero]}
    title: {en: Permit, es: Permiso, fr: Permis}
    intent: {en: Keep the permit valid, es: Mantener el permiso vigente, fr: Garder le permis valide}
    references: [{scheme: craft, ref: Module 1}]
    sequencing: {effort: low, cost: low, benefits: [market_access]}
    indicators:
      - id: permit_expires
        type: date
        visibility: partners
        question: {en: "When does the permit expire?", es: "¿Cuándo vence?", fr: "Quand expire-t-il ?"}
        label: {en: permit expiry, es: vencimiento del permiso, fr: expiration du permis}
      - id: renewal_filed
        type: bool
        visibility: partners
        relevant: "permit_expires < today"
        question: {en: "Was a renewal filed?", es: "¿Se radicó la renovación?", fr: "Le renouvellement est-il déposé ?"}
        label: {en: renewal filed, es: renovación radicada, fr: renouvellement déposé}
    cells:
      - id: lapsed
        when: "permit_expires < today and not renewal_filed"
        level: L1
        action: improve
        window: P1Y
        window_anchor: first_identified
        on_expiry: escalate_review
        label: {en: Lapsed, es: Vencido, fr: Expiré}
      - id: renewing
        when: "permit_expires < today and renewal_filed"
        level: L2
        action: improve
        label: {en: Renewing, es: En renovación, fr: En renouvellement}
      - id: expiring
        when: "permit_expires < '2026-03-01'"
        level: L2
        action: improve
        label: {en: Expiring, es: Por vencer, fr: Bientôt expiré}
      - {id: valid, otherwise: true, level: L3, action: none, label: {en: Valid, es: Vigente, fr: Valide}}
"""
PERMIT_TRIGGER = """\
  - id: EDD-PERMIT
    when: "not renewal_filed"
    label: {en: Permit lapsed, es: Permiso vencido, fr: Permis expiré}
    reason: {en: Check the permit., es: Verifique el permiso., fr: Vérifiez le permis.}
"""


def _dated_text() -> str:
    head, _, triggers = TINY_TEXT.partition("\nedd_triggers:\n")
    return f"{head}\n{PERMIT}edd_triggers:\n{triggers}{PERMIT_TRIGGER}"


class Standards(dict[str, Standard]):
    """Standards by name, shown by name in Hypothesis' falsifying examples."""

    def __repr__(self) -> str:
        return f"<standards {', '.join(self)}>"


@pytest.fixture(scope="module")
def standards(tiny: Standard, mes: Standard, tmp_path_factory: pytest.TempPathFactory) -> Standards:
    path = tmp_path_factory.mktemp("dated") / "dated.yaml"
    path.write_text(_dated_text(), encoding="utf-8")
    return Standards(tiny=tiny, mes=mes, dated=load_standard(path))


NAMES = ["tiny", "mes", "dated"]


def without_triggers(text: str) -> str:
    head, found, _ = text.partition("\nedd_triggers:")
    assert found, "edd_triggers must be the last section of the file"
    return f"{head}\nedd_triggers: []\n"


# --- the rule, computed independently -----------------------------------------------------------

RANK = {Action.DISENGAGE_IMMEDIATELY: 0, Action.MITIGATE: 1, Action.IMPROVE: 2, Action.NONE: 2}


def applies(requirement: Requirement, producer: Producer) -> bool:
    rule = requirement.applies_to
    kinds = {producer.type} | ({producer.subtype} if producer.subtype else set())
    return (
        (rule.producer_types is None or bool(rule.producer_types & kinds))
        and (rule.commodities is None or bool(rule.commodities & producer.commodities))
        and (rule.methods is None or bool(rule.methods & producer.methods))
    )


def typed(standard: Standard, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as the interpreter reads them: dates as dates, unanswered left out."""
    out = {}
    for key, value in answers.items():
        if value is None:
            continue
        is_text_date = standard.indicators[key].type is IndicatorType.DATE and isinstance(value, str)
        out[key] = dt.date.fromisoformat(value) if is_text_date else value
    return out


@dataclasses.dataclass
class Expected:
    cells: dict[str, Cell | None]
    missing: list[tuple[str, str]]
    gaps: dict[str, list[str]]
    edd: list[str]
    outcome: str


def expected(standard: Standard, producer: Producer, answers: Mapping[str, Any], day: dt.date) -> Expected:
    values = typed(standard, answers)
    found: dict[str, Cell | None] = {}
    gaps: dict[str, list[str]] = {}
    visible_all: dict[str, Any] = {}
    for requirement in standard.requirements:
        if not applies(requirement, producer):
            continue
        visible = reference.asked(requirement, values, day)
        visible_all.update(visible)
        found[requirement.id] = reference.match_cell(requirement, visible, day)
        gaps[requirement.id] = [
            ind.id
            for ind in requirement.indicators
            if ind.required
            and visible[ind.id] is None
            and (ind.relevant is None or evaluate(ind.relevant, visible.get, day) is True)
        ]
    missing = [(ind, req) for req, ids in gaps.items() for ind in ids]
    ranks = [RANK[c.action] for c in found.values() if c is not None]
    if 0 in ranks:
        outcome = NOT_ELIGIBLE
    elif missing or None in found.values():
        outcome = INCOMPLETE
    elif 1 in ranks:
        outcome = ELIGIBLE_WITH_MITIGATION
    else:
        outcome = ELIGIBLE
    edd = [t.id for t in standard.edd_triggers if evaluate(t.condition, visible_all.get, day) is True]
    return Expected(found, missing, gaps, edd, outcome)


# --- strategies ---------------------------------------------------------------------------------


def literals(standard: Standard) -> set[object]:
    """Every literal in the standard's conditions (cells, relevance, triggers)."""
    found: set[object] = set()

    def walk(node: object) -> None:
        if isinstance(node, Literal):
            if not isinstance(node.value, bool):
                found.add(node.value)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))

    for requirement in standard.requirements:
        for cell in requirement.cells:
            walk(cell.condition)
        for ind in requirement.indicators:
            walk(ind.relevant)
    for trigger in standard.edd_triggers:
        walk(trigger.condition)
    return found


def numbers(ind: Indicator, lits: set[object]) -> st.SearchStrategy[Any]:
    low = int(ind.minimum) if ind.minimum is not None else -10
    high = (
        int(ind.maximum)
        if ind.maximum is not None
        else max([500, *(int(v) * 150 for v in lits if isinstance(v, Decimal))])
    )
    near = sorted(
        {
            float(v) + d
            for v in lits
            if isinstance(v, Decimal)
            for d in (-1, -0.5, 0, 0.5, 1)
            if low <= float(v) + d <= high
        }
        | {float(low), float(low) + 1}
    )
    if ind.type is IndicatorType.INTEGER:
        return st.one_of(st.sampled_from([int(x) for x in near if x == int(x)]), st.integers(low, min(high, 600)))
    return st.one_of(
        st.sampled_from(near),
        st.sampled_from(near).map(lambda x: int(x) if x == int(x) else x),
        st.floats(low, high, allow_nan=False, allow_infinity=False),
        st.integers(low, high),
        st.integers(low, high).map(Decimal),
    )


DAY_MIN, DAY_MAX = dt.date(2024, 1, 1), dt.date(2028, 12, 31)
days = st.dates(DAY_MIN, DAY_MAX)


def value_of(ind: Indicator, lits: set[object]) -> st.SearchStrategy[Any]:
    if ind.type is IndicatorType.BOOL:
        return st.booleans()
    if ind.type is IndicatorType.ENUM:
        return st.sampled_from([c.id for c in ind.choices])
    if ind.type in (IndicatorType.INTEGER, IndicatorType.DECIMAL):
        return numbers(ind, lits)
    if ind.type is IndicatorType.DATE:
        near = sorted(v + dt.timedelta(days=d) for v in lits if isinstance(v, dt.date) for d in (-1, 0, 1))
        dates = st.one_of(days, st.sampled_from(near)) if near else days
        return st.one_of(dates, dates.map(dt.date.isoformat))
    texts = sorted(v for v in lits if isinstance(v, str))
    return st.one_of(st.text(max_size=12), st.sampled_from(texts)) if texts else st.text(max_size=12)


def producers(standard: Standard) -> st.SearchStrategy[Producer]:
    tops = sorted(t.id for t in standard.producer_types.values() if t.parent is None)

    @st.composite
    def build(draw: st.DrawFn) -> Producer:
        kind = draw(st.sampled_from(tops))
        subs = sorted(t.id for t in standard.producer_types.values() if t.parent == kind)
        subtype = draw(st.none() | st.sampled_from(subs)) if subs else None
        commodities = draw(st.frozensets(st.sampled_from(sorted(standard.commodities)), min_size=1))
        methods = draw(st.frozensets(st.sampled_from(sorted(standard.methods)), min_size=1))
        return Producer(kind, subtype, commodities, methods)

    return build()


def complete_answers(standard: Standard) -> st.SearchStrategy[dict[str, Any]]:
    """A value for every question of the standard (asked or not, applicable or not)."""
    lits = literals(standard)
    return st.fixed_dictionaries({ind.id: value_of(ind, lits) for ind in standard.indicators.values()})


def baseline(standard: Standard) -> dict[str, Any]:
    """Complete answers to every requirement: each one's witness for its best cell."""
    answers: dict[str, Any] = {}
    for requirement in standard.requirements:
        found = reference.witnesses(requirement)
        best = max(requirement.cells, key=lambda c: (RANK[c.action], c.action is Action.NONE, c.level.rank))
        answers.update({k: v for k, v in found[best.id].items() if v is not None})
    return answers


def answer_sets(standard: Standard) -> st.SearchStrategy[dict[str, Any]]:
    """Answers to every question with some left out (removed or given as ``None``): either all
    random, or each requirement answered with a witness of one of its cells that needs no
    mitigation, a few of them at random (random answers to the shipped standard almost always
    disengage somewhere)."""
    ids = sorted(standard.indicators)
    lits = literals(standard)
    requirement_ids = [r.id for r in standard.requirements]
    witnesses = {r.id: reference.witnesses(r) for r in standard.requirements}
    good = {r.id: [witnesses[r.id][c.id] for c in r.cells if RANK[c.action] == 2] for r in standard.requirements}
    read_by_cells = {n for r in standard.requirements for c in r.cells if c.condition for n in names(c.condition)}
    free = [i for i in standard.indicators.values() if i.id not in read_by_cells]  # e.g. read by triggers only

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        if draw(st.booleans()):
            answers = draw(complete_answers(standard))
        else:
            answers = {}
            for requirement_id in requirement_ids:
                witness = draw(st.sampled_from(good[requirement_id]))
                answers.update({k: v for k, v in witness.items() if v is not None})
            answers.update({i.id: draw(value_of(i, lits)) for i in free})
            for requirement_id in draw(st.lists(st.sampled_from(requirement_ids), max_size=4, unique=True)):
                for ind in standard.requirement(requirement_id).indicators:
                    answers[ind.id] = draw(value_of(ind, lits))
        dropped = set(draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))) if draw(st.booleans()) else set()
        if draw(st.integers(0, 3)) == 0:
            blank = standard.requirement(draw(st.sampled_from(requirement_ids)))
            dropped |= {i.id for i in blank.indicators}
        for ident in sorted(dropped):
            if draw(st.booleans()):
                answers.pop(ident, None)
            else:
                answers[ident] = None
        return answers

    return build()


def given_standard(name: str, data: st.DataObject, standards: Standards) -> tuple[Standard, Producer]:
    standard = standards[name]
    return standard, data.draw(producers(standard), label="producer")


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


# --- properties -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_it_classifies_the_same_inputs_the_same_way(name: str, standards: Standards, data: Any) -> None:
    standard, producer = given_standard(name, data, standards)
    answers = data.draw(answer_sets(standard), label="answers")
    day = data.draw(days, label="as_of")
    first = to_dict(classify(standard, producer, answers, as_of=day), standard)
    again = to_dict(classify(standard, producer, dict(answers), as_of=day), standard)
    reordered = to_dict(classify(standard, producer, dict(reversed(answers.items())), as_of=day), standard)
    assert first == again == reordered


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_its_fast_path_agrees_with_the_reference_interpreter(name: str, standards: Standards, data: Any) -> None:
    standard, producer = given_standard(name, data, standards)
    answers = data.draw(answer_sets(standard), label="answers")
    day = data.draw(days, label="as_of")
    result = classify(standard, producer, answers, as_of=day)
    want = expected(standard, producer, answers, day)
    assert [f.requirement_id for f in result.findings] == list(want.cells)
    for finding in result.findings:
        cell = want.cells[finding.requirement_id]
        got = (finding.cell_id, finding.level, finding.action)
        assert got == ((cell.id, cell.level.id, cell.action) if cell else (None, None, None)), finding.requirement_id
        assert list(finding.missing) == want.gaps[finding.requirement_id], finding.requirement_id
        assert finding.outcome == (INCOMPLETE if cell is None else cell.outcome)
    assert [(m.indicator_id, m.requirement_id) for m in result.missing] == want.missing
    assert [f.trigger_id for f in result.edd_flags] == want.edd
    assert result.outcome == want.outcome


def reaches(requirement: Requirement, cell: Cell, day: dt.date) -> bool:
    """Whether ``cell``'s witness still makes it match on ``day`` (witnesses are found on the
    reference day; a cell that reads ``today`` may not match on another)."""
    witness = reference.witnesses(requirement).get(cell.id)
    return (
        witness is not None
        and reference.match_cell(requirement, reference.asked(requirement, witness, day), day) == cell
    )


def requirements_with(
    standard: Standard, producer: Producer, action: Action, day: dt.date | None = None
) -> list[tuple[Requirement, Cell]]:
    """The applicable requirements' cells with ``action`` (reached by their witness on ``day``)."""
    return [
        (r, c)
        for r in standard.requirements
        if applies(r, producer)
        for c in r.cells
        if c.action is action and reaches(r, c, day or reference.REFERENCE_DAY)
    ]


def with_witness(answers: Mapping[str, Any], requirement: Requirement, cell: Cell) -> dict[str, Any]:
    """``answers`` with ``requirement``'s answers replaced by the witness of ``cell``."""
    witness = reference.witnesses(requirement)[cell.id]
    changed = {k: v for k, v in answers.items() if k not in requirement.indicator_ids}
    changed.update({k: v for k, v in witness.items() if v is not None})
    return changed


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_a_disengagement_finding_always_makes_the_producer_not_eligible(
    name: str, standards: Standards, data: Any
) -> None:
    standard, producer = given_standard(name, data, standards)
    answers = data.draw(answer_sets(standard), label="answers")
    day = data.draw(days, label="as_of")
    candidates = requirements_with(standard, producer, Action.DISENGAGE_IMMEDIATELY, day)
    assert candidates, "every producer is subject to some disengagement cell"
    requirement, cell = data.draw(st.sampled_from(candidates), label="disengage")
    after = classify(standard, producer, with_witness(answers, requirement, cell), as_of=day)
    assert after.finding(requirement.id).cell_id == cell.id
    assert after.outcome == NOT_ELIGIBLE


@pytest.fixture(scope="module")
def untriggered(standards: Standards, tmp_path_factory: pytest.TempPathFactory) -> Standards:
    folder = tmp_path_factory.mktemp("untriggered")
    out = Standards()
    for name, standard in standards.items():
        path = folder / f"{name}.yaml"
        path.write_text(without_triggers(Path(standard.path).read_text(encoding="utf-8")), encoding="utf-8")
        out[name] = load_standard(path)
        assert out[name].edd_triggers == ()
        assert len(out[name].requirements) == len(standard.requirements)
    return out


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_edd_triggers_never_change_the_outcome_or_the_findings(
    name: str, standards: Standards, untriggered: Standards, data: Any
) -> None:
    standard, producer = given_standard(name, data, standards)
    answers = data.draw(answer_sets(standard), label="answers")
    day = data.draw(days, label="as_of")
    plans = {r.id: PlanState(adopted_on=data.draw(days)) for r in standard.requirements if data.draw(st.booleans())}
    flagged = classify(standard, producer, answers, plans, day)
    plain = classify(untriggered[name], producer, answers, plans, day)
    assert plain.edd_flags == ()
    assert (flagged.outcome, flagged.findings, flagged.missing) == (plain.outcome, plain.findings, plain.missing)


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_a_missing_required_answer_never_yields_eligible(name: str, standards: Standards, data: Any) -> None:
    standard, producer = given_standard(name, data, standards)
    answers = data.draw(complete_answers(standard), label="answers")
    day = data.draw(days, label="as_of")
    values = typed(standard, answers)
    asked = []  # (requirement, indicator) of every required question asked and answered
    for requirement in standard.requirements:
        if applies(requirement, producer):
            visible = reference.asked(requirement, values, day)
            asked += [
                (requirement.id, i.id) for i in requirement.indicators if i.required and visible[i.id] is not None
            ]
    requirement_id, dropped = data.draw(st.sampled_from(asked), label="dropped")
    if data.draw(st.booleans(), label="as None"):
        answers[dropped] = None
    else:
        del answers[dropped]
    result = classify(standard, producer, answers, as_of=day)
    assert result.outcome in (INCOMPLETE, NOT_ELIGIBLE)
    assert (dropped, requirement_id) in [(m.indicator_id, m.requirement_id) for m in result.missing]


def timed_cells(standard: Standard, producer: Producer) -> list[tuple[Requirement, Cell]]:
    return [
        (r, c)
        for action in (Action.MITIGATE, Action.IMPROVE)
        for r, c in requirements_with(standard, producer, action)
        if c.window is not None
    ]


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_a_deadline_runs_from_its_anchor_and_disengages_only_when_the_cell_says_so(
    name: str, standards: Standards, data: Any
) -> None:
    standard, producer = given_standard(name, data, standards)
    candidates = timed_cells(standard, producer)
    mitigate = [rc for rc in candidates if rc[1].action is Action.MITIGATE]
    # Mitigation cells apply to every producer in all three standards; draw them more often.
    requirement, cell = data.draw(st.sampled_from(mitigate) | st.sampled_from(candidates), label="cell")
    adopted, identified = data.draw(days, label="adopted"), data.draw(st.none() | days, label="identified")
    anchor = adopted if cell.window_anchor is WindowAnchor.PLAN_ADOPTED else identified
    assert cell.window is not None
    due = cell.window.after(anchor) if anchor else None
    after_start = st.integers(0, 4 * 366).map(lambda n: (anchor or adopted) + dt.timedelta(days=n))
    around_due = st.integers(-2, 2).map(lambda n: due + dt.timedelta(days=n)) if due else after_start
    day = data.draw(around_due | after_start, label="as_of")
    assume(reaches(requirement, cell, day))
    answers = with_witness(data.draw(complete_answers(standard), label="answers"), requirement, cell)
    plans = {requirement.id: PlanState(adopted_on=adopted, first_identified_on=identified)}

    without = classify(standard, producer, answers, as_of=day)
    result = classify(standard, producer, answers, plans, day)

    before, after = without.finding(requirement.id), result.finding(requirement.id)
    assert before.cell_id == cell.id
    if due is None:  # no anchor date: no deadline yet
        assert after == before
        assert result.outcome == without.outcome
        return
    disengages = day > due and cell.on_expiry is ExpiryAction.DISENGAGE_IMMEDIATELY
    assert after.due == due
    assert after.expired is (day > due)
    assert after.escalation is (cell.on_expiry if day > due else None)
    assert (after.requirement_id, after.cell_id, after.level) == (before.requirement_id, cell.id, cell.level.id)
    assert (result.outcome == NOT_ELIGIBLE) is (disengages or without.outcome == NOT_ELIGIBLE)
    if disengages:
        assert (after.action, after.outcome, after.rank) == (Action.DISENGAGE_IMMEDIATELY, NOT_ELIGIBLE, 0)
        assert after.reason["en"] == (
            f"The window to mitigate ended on {due.isoformat()} without the finding improving. {before.reason['en']}"
        )
        assert all(after.reason[lang].endswith(text) for lang, text in before.reason.items())
    else:
        assert after == dataclasses.replace(before, due=due, expired=day > due, escalation=after.escalation)
        assert result.outcome == without.outcome
    others = [f for f in result.findings if f.requirement_id != requirement.id]
    assert others == [f for f in without.findings if f.requirement_id != requirement.id]


# --- every cell of the shipped standard is reachable ------------------------------------------------


def _cells_in(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(r["id"], c["id"]) for r in data["requirements"] for c in r["cells"]]


def profile_for(standard: Standard, requirement: Requirement) -> Producer:
    """A producer the requirement applies to."""
    rule = requirement.applies_to
    kind = sorted(rule.producer_types)[0] if rule.producer_types else sorted(standard.producer_types)[0]
    parent = standard.producer_types[kind].parent
    commodity = sorted(rule.commodities or standard.commodities)[0]
    method = sorted(rule.methods or standard.methods)[0]
    return Producer(parent or kind, kind if parent else None, frozenset({commodity}), frozenset({method}))


@pytest.mark.parametrize(("requirement_id", "cell_id"), _cells_in(MES))
def test_every_cell_of_the_shipped_standard_is_reached_by_its_witness(
    mes: Standard, requirement_id: str, cell_id: str
) -> None:
    requirement = mes.requirement(requirement_id)
    cell = next(c for c in requirement.cells if c.id == cell_id)
    found = reference.witnesses(requirement)
    assert cell_id in found
    producer = profile_for(mes, requirement)
    assert applies(requirement, producer)
    result = classify(mes, producer, with_witness(baseline(mes), requirement, cell), as_of=reference.REFERENCE_DAY)
    assert result.missing == ()
    finding = result.finding(requirement_id)
    assert (finding.cell_id, finding.level, finding.action) == (cell.id, cell.level.id, cell.action)


def test_the_witness_sweep_covers_every_cell(mes: Standard) -> None:
    assert len(_cells_in(MES)) == sum(len(r.cells) for r in mes.requirements) > 100


# --- a requirement of yes/no questions whose cells read `today` -------------------------------------

# A rule phased in on a date: whole-ore amalgamation is tolerated before 1 July 2025 and a reason
# to disengage from then on. Its only question is yes/no, so the engine tabulates its cells.
PHASED = """\
  - id: T-PHASE
    module: M3
    title: {en: Phase-out, es: Eliminación, fr: Élimination}
    intent: {en: No whole-ore amalgamation, es: Sin amalgamación de mineral, fr: Pas d'amalgamation du minerai}
    references: [{scheme: minamata, ref: "Annex C"}]
    sequencing: {effort: medium, cost: medium, benefits: [health]}
    indicators:
      - id: whole_ore_amalgamation
        type: bool
        visibility: partners
        question: {en: "Is whole ore amalgamated?", es: "¿Amalgama el mineral?", fr: "Amalgamez-vous le minerai ?"}
        label: {en: whole-ore amalgamation, es: amalgamación de mineral completo, fr: amalgamation du minerai entier}
    cells:
      - id: banned
        when: "whole_ore_amalgamation and today >= '2025-07-01'"
        level: L0
        action: disengage_immediately
        label: {en: Banned, es: Prohibida, fr: Interdite}
      - id: allowed
        when: "not whole_ore_amalgamation or today < '2025-07-01'"
        level: L3
        action: none
        label: {en: Allowed, es: Permitida, fr: Permise}
"""


@pytest.mark.parametrize("day", [dt.date(2025, 3, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2026, 6, 1)])
def test_a_requirement_of_yes_no_questions_reads_today_from_as_of(tmp_path: Path, coop: Producer, day: dt.date) -> None:
    head, _, triggers = TINY_TEXT.partition("\nedd_triggers:\n")
    path = tmp_path / "phased.yaml"
    path.write_text(f"{head}\n{PHASED}edd_triggers:\n{triggers}", encoding="utf-8")
    standard = load_standard(path)
    answers = {**baseline(standard), "whole_ore_amalgamation": True}
    requirement = standard.requirement("T-PHASE")
    want = reference.match_cell(requirement, reference.asked(requirement, answers, day), day)
    assert want is not None
    assert want.id == ("banned" if day >= dt.date(2025, 7, 1) else "allowed")
    result = classify(standard, coop, answers, as_of=day)
    assert result.finding("T-PHASE").cell_id == want.id
    assert result.outcome == expected(standard, coop, answers, day).outcome
