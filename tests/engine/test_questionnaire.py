"""What to ask now: applicable requirements, follow-ups that appear after their trigger, values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from passport.engine import (
    Producer,
    Standard,
    answer_problem,
    applicable_requirements,
    classify,
    questionnaire,
    read_answers,
)

from .conftest import ROOT

DAY = dt.date(2026, 10, 15)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def shown_ids(standard: Standard, producer: Producer, answers: dict[str, object]) -> set[str]:
    q = questionnaire(standard, producer, answers, DAY)
    return {question.id for m in q.modules for r in m.requirements for question in r.questions}


def test_it_lists_only_requirements_that_apply_to_the_producer(tiny: Standard) -> None:
    tin_group = Producer("cooperative", None, frozenset({"tin"}), frozenset({"underground"}))
    ids = {r.requirement.id for m in questionnaire(tiny, tin_group, {}, DAY).modules for r in m.requirements}
    assert "T-HG" not in ids  # mercury applies to gold only
    assert "T-LEG" in ids
    assert {r.id for r in applicable_requirements(tiny, tin_group)} == ids


def test_modules_follow_the_standard_order_and_skip_empty_ones(tiny: Standard, coop: Producer) -> None:
    ids = [m.module.id for m in questionnaire(tiny, coop, {}, DAY).modules]
    assert ids == sorted(ids)
    assert ids[0] == "M2"


def test_a_follow_up_is_pending_until_its_trigger_is_answered(tiny: Standard, coop: Producer) -> None:
    before = questionnaire(tiny, coop, {}, DAY).module("M4").requirements[0]
    assert [q.id for q in before.questions] == ["security_present"]
    assert [i.id for i in before.pending] == ["illegal_tax"]

    after = questionnaire(tiny, coop, {"security_present": "public"}, DAY).module("M4").requirements[0]
    assert [q.id for q in after.questions] == ["security_present", "illegal_tax"]
    assert after.pending == ()


def test_a_follow_up_whose_condition_is_false_is_neither_shown_nor_pending(tiny: Standard, coop: Producer) -> None:
    r = questionnaire(tiny, coop, {"security_present": "none", "illegal_tax": True}, DAY).module("M4").requirements[0]
    assert [q.id for q in r.questions] == ["security_present"]
    assert r.pending == ()


def test_questions_carry_their_current_values(tiny: Standard, coop: Producer) -> None:
    q = questionnaire(tiny, coop, {"has_title": False, "in_formalisation": True}, DAY)
    values = {question.id: question.value for question in q.module("M2").requirements[0].questions}
    assert values == {"has_title": False, "in_formalisation": True}


def test_progress_counts_shown_and_answered_questions(tiny: Standard, coop: Producer) -> None:
    module = questionnaire(tiny, coop, {"u18_hazardous": False}, DAY).module("M3")
    assert (module.shown, module.answered) == (2, 1)
    assert module.unanswered_required == ("children_present",)
    assert not module.complete


def test_an_invalid_stored_value_does_not_open_a_follow_up(tiny: Standard, coop: Producer) -> None:
    r = questionnaire(tiny, coop, {"security_present": "tanks"}, DAY).module("M4").requirements[0]
    assert [i.id for i in r.pending] == ["illegal_tax"]


def test_unknown_module_is_a_key_error(tiny: Standard, coop: Producer) -> None:
    with pytest.raises(KeyError):
        questionnaire(tiny, coop, {}, DAY).module("M9")


@pytest.mark.parametrize(
    ("indicator", "value", "expected"),
    [
        ("has_title", True, None),
        ("has_title", "yes", "expected yes/no"),
        ("security_present", "public", None),
        ("security_present", "army", "is not one of"),
        ("has_title", None, None),
        ("no_such_question", True, "unknown question"),
    ],
)
def test_answer_problem_names_what_is_wrong(
    tiny: Standard, indicator: str, value: object, expected: str | None
) -> None:
    problem = answer_problem(tiny, indicator, value)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


def test_numbers_are_checked_against_the_limits_of_the_question(tiny: Standard) -> None:
    assert answer_problem(tiny, "workers_count", 12) is None
    assert "below the minimum 1" in (answer_problem(tiny, "workers_count", 0) or "")
    assert "whole number" in (answer_problem(tiny, "workers_count", 2.5) or "")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_complete_example_is_complete_exactly_when_classification_lacks_nothing(path: Path, mes: Standard) -> None:
    example = read_answers(path)
    q = questionnaire(mes, example.producer, example.answers, example.assessed_on)
    result = classify(mes, example.producer, example.answers, example.plans, example.assessed_on)
    assert set(q.unanswered_required) == {m.indicator_id for m in result.missing}
    # Every answer the engine counted is a question the questionnaire shows.
    shown = {question.id for m in q.modules for r in m.requirements for question in r.questions}
    assert {i for i in example.answers if i in q.indicator_ids} >= shown & set(example.answers)
    assert shown <= q.indicator_ids


def test_the_follow_up_list_matches_the_shipped_standard(mes: Standard) -> None:
    coop = Producer("cooperative", None, frozenset({"gold"}), frozenset({"underground"}))
    assert "supply_chain_reviewed_12m" not in shown_ids(mes, coop, {})
    assert "supply_chain_reviewed_12m" in shown_ids(mes, coop, {"supply_chain_sketch": "partial"})
    assert "supply_chain_reviewed_12m" not in shown_ids(mes, coop, {"supply_chain_sketch": "none"})
