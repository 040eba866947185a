"""Sequencing plans: mandatory actions first, then optional ones by the producer's strategy."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passport.engine import (
    ActionToPlace,
    Classification,
    DraftAction,
    PlanState,
    Standard,
    Strategy,
    Window,
    check_against,
    classify,
    draft_actions,
    due_date,
    load_standard,
    read_answers,
    sequence,
)
from passport.engine.schema import Action

from .conftest import MES, ROOT

EXAMPLES = ROOT / "examples"
LANGUAGES = ("en", "es", "fr")


def assess(mes: Standard, name: str) -> Classification:
    answers_file = read_answers(EXAMPLES / f"{name}.yaml")
    check_against(answers_file, mes)
    return classify(mes, answers_file.producer, answers_file.answers, answers_file.plans, answers_file.assessed_on)


# --- draft_actions ------------------------------------------------------------------------------


def test_a_risk_to_mitigate_drafts_a_mandatory_action_with_the_cells_six_month_window(mes: Standard) -> None:
    drafted = draft_actions(mes, assess(mes, "cd-sud-kivu-fardc-taxing"))
    security = next(d for d in drafted if d.requirement_id == "MES-SEC-01")
    assert security == DraftAction("MES-SEC-01", "illegal_involvement", "L1", True, Window.parse("P6M"))
    assert [d.requirement_id for d in drafted if d.mandatory] == ["MES-SEC-01"]


@pytest.mark.parametrize(
    ("example", "mandatory"),
    [
        ("cd-sud-kivu-fardc-taxing", ["MES-SEC-01"]),
        ("co-antioquia-barequero", ["MES-ORIGIN-01"]),
        ("cd-ituri-nsag-control", ["MES-AML-01", "MES-TAX-01"]),
        ("cd-sud-kivu-fardc-window-expired", []),  # the expired window disengages: nothing left to plan
        ("co-narino-cooperative", []),
    ],
)
def test_drafts_follow_the_findings_in_the_standards_order(mes: Standard, example: str, mandatory: list[str]) -> None:
    result = assess(mes, example)
    drafted = draft_actions(mes, result)
    order = [r.id for r in mes.requirements]
    assert [d.requirement_id for d in drafted] == sorted((d.requirement_id for d in drafted), key=order.index)
    assert [d.requirement_id for d in drafted if d.mandatory] == mandatory
    planned = {f.requirement_id: f for f in result.findings if f.action in (Action.MITIGATE, Action.IMPROVE)}
    assert {d.requirement_id for d in drafted} == set(planned)
    for draft in drafted:
        finding = planned[draft.requirement_id]
        cell = next(c for c in mes.requirement(draft.requirement_id).cells if c.id == finding.cell_id)
        assert (draft.cell_id, draft.level, draft.window) == (cell.id, finding.level, cell.window)
        assert draft.mandatory is (finding.action is Action.MITIGATE)


def test_optional_actions_take_the_cells_window_or_none(mes: Standard) -> None:
    drafted = {d.requirement_id: d for d in draft_actions(mes, assess(mes, "cd-sud-kivu-fardc-taxing"))}
    assert drafted["MES-ORG-03"].window is None  # sketch_partial: no window in the standard
    assert drafted["MES-WATER-01"].window == Window.parse("P1Y")
    assert not drafted["MES-WATER-01"].mandatory


def test_disengaging_and_undecided_findings_make_no_action(mes: Standard) -> None:
    armed = assess(mes, "cd-ituri-nsag-control")
    assert armed.finding("MES-NSAG-01").action is Action.DISENGAGE_IMMEDIATELY
    assert "MES-NSAG-01" not in {d.requirement_id for d in draft_actions(mes, armed)}
    incomplete = assess(mes, "co-incomplete")
    undecided = {f.requirement_id for f in incomplete.findings if not f.decided}
    assert undecided
    assert not undecided & {d.requirement_id for d in draft_actions(mes, incomplete)}


def test_a_window_expired_for_review_stays_mandatory(mes: Standard) -> None:
    answers_file = read_answers(EXAMPLES / "cd-sud-kivu-fardc-taxing.yaml")
    answers = {**answers_file.answers, "underage_adjacent_tasks": True}
    plans = {"MES-CHILD-01": PlanState(adopted_on=dt.date(2026, 1, 10))}
    result = classify(mes, answers_file.producer, answers, plans, dt.date(2026, 10, 15))
    assert result.finding("MES-CHILD-01").expired
    child = next(d for d in draft_actions(mes, result) if d.requirement_id == "MES-CHILD-01")
    assert (child.cell_id, child.mandatory) == ("underage_work", True)


def test_drafting_refuses_a_classification_against_another_standard(tiny: Standard, mes: Standard) -> None:
    with pytest.raises(ValueError, match=r"mes@1\.0.*tiny"):
        draft_actions(tiny, assess(mes, "cd-sud-kivu-fardc-taxing"))


@pytest.mark.parametrize(
    ("window", "start", "due"),
    [
        ("P6M", dt.date(2026, 6, 1), dt.date(2026, 12, 1)),
        ("P6M", dt.date(2027, 8, 31), dt.date(2028, 2, 29)),  # leap year
        ("P6M", dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        ("P1Y", dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        ("P3Y", dt.date(2026, 1, 31), dt.date(2029, 1, 31)),
        ("P6M", dt.date(2026, 9, 20), dt.date(2027, 3, 20)),
    ],
)
def test_due_dates_use_calendar_months_like_the_engine(window: str, start: dt.date, due: dt.date) -> None:
    assert due_date(Window.parse(window), start) == due


def test_due_date_agrees_with_the_due_date_classify_gives(mes: Standard) -> None:
    answers_file = read_answers(EXAMPLES / "cd-sud-kivu-fardc-taxing.yaml")
    plans = {"MES-SEC-01": PlanState(adopted_on=dt.date(2027, 8, 31))}
    result = classify(mes, answers_file.producer, answers_file.answers, plans, dt.date(2027, 9, 1))
    draft = next(d for d in draft_actions(mes, result) if d.requirement_id == "MES-SEC-01")
    assert draft.window is not None
    assert result.finding("MES-SEC-01").due == due_date(draft.window, dt.date(2027, 8, 31)) == dt.date(2028, 2, 29)


# --- sequence -----------------------------------------------------------------------------------
#
# Real MES requirements with different sequencing facts (effort, cost, benefits to miners):
#   MES-ORG-01     low / none     legal_security                 (1 benefit to miners)
#   MES-ORG-06     low / low      income                         (1)
#   MES-HG-01      high / medium  health, income                 (2)
#   MES-WATER-01   medium / medium health                        (1)
#   MES-HS-02      low / low      safety, health                 (2)
#   MES-COEXIST-01 medium / low   —                              (0)
#   MES-LABOUR-01  medium / medium income, health                (2)
# and four mandatory ones from module M4 (standard order SEC, ORIGIN, AML, TAX).

MANDATORY = [
    ActionToPlace("MES-TAX-01", True, None),
    ActionToPlace("MES-SEC-01", True, dt.date(2027, 6, 1)),
    ActionToPlace("MES-AML-01", True, dt.date(2027, 3, 20)),
    ActionToPlace("MES-ORIGIN-01", True, dt.date(2027, 3, 20), priority=True),
]
MANDATORY_ORDER = ["MES-ORIGIN-01", "MES-AML-01", "MES-SEC-01", "MES-TAX-01"]
OPTIONAL = [
    ActionToPlace("MES-LABOUR-01", False, dt.date(2027, 12, 1)),
    ActionToPlace("MES-HG-01", False, dt.date(2028, 1, 1)),
    ActionToPlace("MES-COEXIST-01", False, None),
    ActionToPlace("MES-WATER-01", False, dt.date(2027, 9, 1)),
    ActionToPlace("MES-ORG-01", False, None),
    ActionToPlace("MES-HS-02", False, None),
    ActionToPlace("MES-ORG-06", False, dt.date(2027, 9, 1)),
]
QUICK = ["MES-ORG-01", "MES-ORG-06", "MES-HS-02", "MES-COEXIST-01", "MES-WATER-01", "MES-LABOUR-01", "MES-HG-01"]


def marked(*priorities: str) -> list[ActionToPlace]:
    return [dataclasses.replace(a, priority=a.requirement_id in priorities) for a in OPTIONAL]


@pytest.mark.parametrize(
    ("strategy", "optional", "expected"),
    [
        pytest.param(Strategy.QUICK_WINS, OPTIONAL, QUICK, id="quick-wins"),
        pytest.param(
            Strategy.SUPPLY_CHAIN,
            marked("MES-WATER-01", "MES-HG-01"),
            ["MES-HG-01", "MES-WATER-01", "MES-ORG-01", "MES-ORG-06", "MES-HS-02", "MES-COEXIST-01", "MES-LABOUR-01"],
            id="supply-chain",
        ),
        pytest.param(Strategy.SUPPLY_CHAIN, OPTIONAL, QUICK, id="supply-chain-without-priorities"),
        pytest.param(
            Strategy.BENEFIT_TO_MINERS,
            OPTIONAL,
            ["MES-HS-02", "MES-LABOUR-01", "MES-HG-01", "MES-ORG-01", "MES-ORG-06", "MES-WATER-01", "MES-COEXIST-01"],
            id="benefit-to-miners",
        ),
        pytest.param(
            Strategy.EARLIEST_DEADLINE,
            OPTIONAL,
            ["MES-ORG-06", "MES-WATER-01", "MES-LABOUR-01", "MES-HG-01", "MES-ORG-01", "MES-HS-02", "MES-COEXIST-01"],
            id="earliest-deadline",
        ),
    ],
)
def test_each_strategy_orders_the_optional_actions_after_the_mandatory_ones(
    mes: Standard, strategy: Strategy, optional: list[ActionToPlace], expected: list[str]
) -> None:
    placed = sequence(mes, [*optional, *MANDATORY], strategy)
    assert [p.requirement_id for p in placed] == [*MANDATORY_ORDER, *expected]
    assert [p.position for p in placed] == list(range(1, 12))
    assert [p.mandatory for p in placed] == [True] * 4 + [False] * 7


def test_a_strategy_may_be_given_by_its_value(mes: Standard) -> None:
    assert sequence(mes, OPTIONAL, "quick_wins") == sequence(mes, OPTIONAL, Strategy.QUICK_WINS)


@pytest.mark.parametrize(
    ("strategy", "actions", "requirement_id", "expected"),
    [
        (
            Strategy.QUICK_WINS,
            MANDATORY,
            "MES-SEC-01",
            "Mandatory: a risk to mitigate by 2027-06-01 (the standard gives six months from the plan's adoption); "
            "mandatory actions always come first, earliest deadline first.",
        ),
        (
            Strategy.EARLIEST_DEADLINE,
            MANDATORY,
            "MES-TAX-01",
            "Mandatory: a risk to mitigate within six months of the plan's adoption, as the standard sets; no date "
            "yet. Mandatory actions always come first, earliest deadline first.",
        ),
        (Strategy.QUICK_WINS, OPTIONAL, "MES-ORG-01", "Quick win: low effort and no cost."),
        (
            Strategy.QUICK_WINS,
            OPTIONAL,
            "MES-HG-01",
            "High effort and medium cost; quick wins come first: least effort, then least cost.",
        ),
        (
            Strategy.SUPPLY_CHAIN,
            marked("MES-HG-01"),
            "MES-HG-01",
            "The plan's partner marked this a priority; priorities come right after the mandatory actions, in the "
            "standard's order.",
        ),
        (
            Strategy.SUPPLY_CHAIN,
            marked("MES-HG-01"),
            "MES-ORG-06",
            "Not marked as a priority by the plan's partner; placed after the priorities, quick wins first "
            "(low effort and low cost).",
        ),
        (
            Strategy.SUPPLY_CHAIN,
            OPTIONAL,
            "MES-ORG-06",
            "The plan's partner has marked no priority yet; quick wins first (low effort and low cost).",
        ),
        (
            Strategy.BENEFIT_TO_MINERS,
            OPTIONAL,
            "MES-HG-01",
            "Benefits miners' health and income; actions with more benefits to miners come first, then quick wins.",
        ),
        (
            Strategy.BENEFIT_TO_MINERS,
            OPTIONAL,
            "MES-COEXIST-01",
            "No direct benefit to miners' health, safety, income or legal security; placed after the actions that "
            "have one, quick wins first (medium effort and low cost).",
        ),
        (
            Strategy.EARLIEST_DEADLINE,
            OPTIONAL,
            "MES-WATER-01",
            "Due by 2027-09-01; earliest deadlines first, after the mandatory actions.",
        ),
        (
            Strategy.EARLIEST_DEADLINE,
            OPTIONAL,
            "MES-HS-02",
            "No deadline yet; placed after the actions that have one, in the standard's order.",
        ),
    ],
)
def test_why_names_the_facts_the_strategy_used(
    mes: Standard, strategy: Strategy, actions: list[ActionToPlace], requirement_id: str, expected: str
) -> None:
    placed = {p.requirement_id: p for p in sequence(mes, actions, strategy)}
    assert placed[requirement_id].why["en"] == expected


def test_why_reads_naturally_in_spanish_and_french(mes: Standard) -> None:
    placed = {p.requirement_id: p for p in sequence(mes, [*OPTIONAL, *MANDATORY], Strategy.BENEFIT_TO_MINERS)}
    assert placed["MES-SEC-01"].why["es"] == (
        "Obligatoria: un riesgo que hay que mitigar a más tardar el 2027-06-01 (el estándar da seis meses desde la "
        "adopción del plan); las acciones obligatorias siempre van primero, por orden de vencimiento."
    )
    assert placed["MES-SEC-01"].why["fr"] == (
        "Obligatoire : un risque à atténuer au plus tard le 2027-06-01 (la norme accorde six mois à compter de "
        "l'adoption du plan) ; les actions obligatoires passent toujours en premier, par ordre d'échéance."
    )
    assert placed["MES-HG-01"].why["es"].startswith("Beneficia la salud y los ingresos de los mineros;")
    assert placed["MES-HG-01"].why["fr"].startswith("Profite à la santé et aux revenus des mineurs ;")
    quick = {p.requirement_id: p for p in sequence(mes, OPTIONAL, Strategy.QUICK_WINS)}
    assert quick["MES-ORG-01"].why["es"] == "Logro rápido: poco esfuerzo y ningún costo."
    assert quick["MES-ORG-01"].why["fr"] == "Gain rapide : peu d'effort et aucun coût."


def test_an_unknown_strategy_is_refused_naming_the_valid_ones(mes: Standard) -> None:
    with pytest.raises(ValueError, match=r"unknown sequencing strategy 'cheapest'.*quick_wins.*earliest_deadline"):
        sequence(mes, OPTIONAL, "cheapest")


def test_an_unknown_requirement_is_refused_by_name(mes: Standard) -> None:
    with pytest.raises(ValueError, match=r"'MES-NOPE-01' is not in mes@1\.0"):
        sequence(mes, [*OPTIONAL, ActionToPlace("MES-NOPE-01", False, None)], Strategy.QUICK_WINS)


def test_two_actions_for_one_requirement_are_refused(mes: Standard) -> None:
    with pytest.raises(ValueError, match="'MES-ORG-01' has more than one action"):
        sequence(mes, [*OPTIONAL, ActionToPlace("MES-ORG-01", True, None)], Strategy.QUICK_WINS)


def test_nothing_to_place_places_nothing(mes: Standard) -> None:
    assert sequence(mes, [], Strategy.SUPPLY_CHAIN) == ()


# --- properties ---------------------------------------------------------------------------------

IDS = [r.id for r in load_standard(MES).requirements]


@st.composite
def actions_to_place(draw: st.DrawFn) -> list[ActionToPlace]:
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=12))
    dates = st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    return [ActionToPlace(i, draw(st.booleans()), draw(dates), draw(st.booleans())) for i in ids]


@settings(max_examples=60, deadline=None)
@given(actions=actions_to_place(), strategy=st.sampled_from(Strategy), data=st.data())
def test_any_plan_puts_every_mandatory_action_first_whatever_the_strategy(
    mes: Standard, actions: list[ActionToPlace], strategy: Strategy, data: st.DataObject
) -> None:
    given_actions = list(actions)
    placed = sequence(mes, actions, strategy)
    assert actions == given_actions  # the input is left as it was
    assert [p.position for p in placed] == list(range(1, len(actions) + 1))
    assert sorted(p.requirement_id for p in placed) == sorted(a.requirement_id for a in actions)
    flags = [p.mandatory for p in placed]
    assert flags == sorted(flags, reverse=True)  # every mandatory action precedes every optional one
    by_id = {a.requirement_id: a for a in actions}
    assert all(p.mandatory is by_id[p.requirement_id].mandatory for p in placed)
    # Mandatory: dated ones by date (undated last), ties in the standard's order.
    mandatory = [by_id[p.requirement_id] for p in placed if p.mandatory]
    keys = [(a.due is None, a.due or dt.date.min, IDS.index(a.requirement_id)) for a in mandatory]
    assert keys == sorted(keys)
    for p in placed:
        assert set(p.why) == set(LANGUAGES)
        assert all(text.strip() for text in p.why.values())
    # Deterministic, and independent of the order the actions come in.
    shuffled = data.draw(st.permutations(actions))
    assert sequence(mes, shuffled, strategy) == placed
