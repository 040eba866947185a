"""Bad input of any shape gets a clear error, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passport.engine import AnswersError, Producer, Standard, check_standard, classify
from passport.engine.conditions import ConditionError, Kind, Variable, check, parse

from .conftest import DATA

VARS = {
    "done": Variable("done", Kind.BOOL),
    "hg": Variable("hg", Kind.ENUM, ("whole_ore", "none")),
    "output": Variable("output", Kind.NUMBER),
    "expires": Variable("expires", Kind.DATE),
}
PIECES = [
    "done",
    "hg",
    "output",
    "expires",
    "today",
    "and",
    "or",
    "not",
    "in",
    "==",
    "!=",
    "<",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "[",
    "]",
    ",",
    "'none'",
    "'2026-01-01'",
    "12",
    "4.5",
    "true",
    "x",
    "@",
    '"',
    "'",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_any_sequence_of_tokens_parses_or_gets_a_condition_error(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        check(parse(text), VARS, "the test")
    except ConditionError as exc:
        error = exc
    else:
        return
    assert str(error)
    assert 0 <= error.column <= len(text)


TINY_LINES = (DATA / "tiny.yaml").read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(min_value=0, max_value=len(TINY_LINES) - 1),
    st.sampled_from(["delete", "duplicate", "dedent", "truncate", "garble"]),
)
def test_a_mangled_standard_is_rejected_with_located_problems_or_still_valid(
    tmp_path: Path, index: int, how: str
) -> None:
    lines = list(TINY_LINES)
    line = lines[index]
    if how == "delete":
        del lines[index]
    elif how == "duplicate":
        lines.insert(index, line)
    elif how == "dedent":
        lines[index] = line.lstrip()
    elif how == "truncate":
        lines[index] = line[: len(line) // 2]
    else:
        lines[index] = line.replace(":", " =", 1)
    path = tmp_path / "mangled.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    standard, problems = check_standard(path)
    if standard is None:
        assert problems
        assert all(str(p).startswith(f"{path}:") and p.line >= 1 for p in problems)


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_answers_of_any_type_are_classified_or_rejected_naming_the_question(
    tiny: Standard, data: st.DataObject
) -> None:
    producer = Producer("cooperative", None, frozenset({"gold"}), frozenset({"underground"}))
    keys = sorted(tiny.indicators)
    answers = data.draw(st.dictionaries(st.sampled_from([*keys, "unknown_q"]), ODD_VALUES, max_size=len(keys)))
    try:
        result = classify(tiny, producer, answers, as_of=dt.date(2026, 6, 1))
    except AnswersError as exc:
        error = exc
    else:
        assert result.outcome in ("not_eligible", "eligible_with_mitigation", "eligible", "incomplete")
        return
    named = {p.message.split(":", 1)[0] for p in error.problems}
    assert named
    assert named <= set(answers)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_number_that_is_not_finite_is_not_an_answer(tiny: Standard, value: float) -> None:
    producer = Producer("cooperative", None, frozenset({"gold"}), frozenset({"underground"}))
    answers = {"hg_use": "concentrate", "hg_kg_year": value}
    with pytest.raises(AnswersError) as caught:
        classify(tiny, producer, answers, as_of=dt.date(2026, 6, 1))
    assert [p.message for p in caught.value.problems] == [f"hg_kg_year: expected a finite number, got {value!r}"]
