"""The condition language: parsing, type checks, three-valued logic, XPath."""

from __future__ import annotations

import datetime as dt

import pytest

from passport.engine.conditions import ConditionError, Kind, Variable, check, evaluate, parse, to_xpath

VARS = {
    "done": Variable("done", Kind.BOOL),
    "plan": Variable("plan", Kind.BOOL),
    "hg": Variable("hg", Kind.ENUM, ("whole_ore", "concentrate", "none")),
    "output": Variable("output", Kind.NUMBER),
    "workers": Variable("workers", Kind.NUMBER),
    "expires": Variable("expires", Kind.DATE),
    "note": Variable("note", Kind.TEXT),
}
TODAY = dt.date(2026, 6, 1)


def run(text: str, **answers: object) -> bool | None:
    return evaluate(check(parse(text), VARS, "the test"), answers.get, TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("done", {"done": True}, True),
        ("not done", {"done": True}, False),
        ("hg == 'whole_ore' and not plan", {"hg": "whole_ore", "plan": False}, True),
        ("hg in ['whole_ore', 'concentrate']", {"hg": "none"}, False),
        ("hg not in ['whole_ore']", {"hg": "none"}, True),
        ("output > 120 * workers", {"output": 2400, "workers": 10}, True),
        ("output > 120 * workers", {"output": 1200, "workers": 10}, False),
        ("output - 10 >= 5 + 5", {"output": 20}, True),
        ("output / workers > 4", {"output": 10, "workers": 0}, None),
        ("expires < today", {"expires": dt.date(2026, 5, 31)}, True),
        ("expires >= '2026-06-02'", {"expires": dt.date(2026, 6, 1)}, False),
        ("note == 'x'", {"note": "x"}, True),
        # Kleene logic: an unanswered value is unknown, not "no".
        ("done", {}, None),
        ("not done", {}, None),
        ("done and plan", {"plan": False}, False),
        ("done and plan", {"plan": True}, None),
        ("done or plan", {"plan": True}, True),
        ("done or plan", {"plan": False}, None),
        ("hg == 'none' or output > 3", {"output": 5}, True),
        ("(done or plan) and not (hg == 'none')", {"done": True, "hg": "concentrate"}, True),
    ],
)
def test_it_evaluates_with_three_valued_logic(text: str, answers: dict[str, object], expected: bool | None) -> None:
    assert run(text, **answers) is expected


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("done and", "ends too early", 8),
        ("done && plan", "unexpected character '&'", 5),
        (
            "hg == 'whole_ores'",
            "'whole_ores' is not a value of 'hg' (expected one of: whole_ore, concentrate, none)",
            0,
        ),
        ("unknown_thing", "unknown indicator 'unknown_thing'", 0),
        ("plan and mercury", "unknown indicator 'mercury'", 9),
        ("hg", "a condition must be true or false", 0),
        ("done == true", "use a yes/no indicator directly", 0),
        ("output + done > 1", "'+' works on numbers", 0),
        ("hg > 'none'", "'>' compares numbers or dates", 0),
        ("output == 'lots'", "cannot compare a number with the text 'lots'", 0),
        ("expires < '2026-13-01'", "'2026-13-01' is not a date", 0),
        ("hg in []", "the list after 'in' is empty", 0),
        ("not output", "'not' needs a yes/no value", 4),
        ("done in [true]", "use a yes/no indicator directly", 0),
        ("plan and output + 1", "'and' joins yes/no values, not a number", 9),
        ("hg == output", "cannot compare an enum with a number", 0),
        ("", "the condition is empty", 0),
    ],
)
def test_it_rejects_bad_conditions_with_a_reason_and_column(text: str, message: str, column: int) -> None:
    with pytest.raises(ConditionError) as caught:
        check(parse(text), VARS, "the test")
    assert message in str(caught.value)
    assert caught.value.column == column


def test_it_never_treats_python_syntax_as_code() -> None:
    for text in ("__import__('os')", "done.__class__", "[x for x in done]", "lambda: 1", "done; plan"):
        with pytest.raises(ConditionError):
            check(parse(text), VARS, "the test")


@pytest.mark.parametrize(
    ("text", "xpath"),
    [
        ("done", "${done} = 'yes'"),
        ("not done", "not(${done} = 'yes')"),
        ("hg == 'whole_ore' and not plan", "${hg} = 'whole_ore' and not(${plan} = 'yes')"),
        ("hg in ['whole_ore', 'concentrate']", "${hg} = 'whole_ore' or ${hg} = 'concentrate'"),
        ("hg not in ['none']", "not(${hg} = 'none')"),
        ("output > 120 * workers or done", "${output} > (120 * ${workers}) or ${done} = 'yes'"),
        ("output / workers <= 4.5", "(${output} div ${workers}) <= 4.5"),
        ("expires < today", "date(${expires}) < today()"),
        ("expires != '2026-01-31'", "date(${expires}) != date('2026-01-31')"),
        ("(done or plan) and hg != 'none'", "(${done} = 'yes' or ${plan} = 'yes') and ${hg} != 'none'"),
    ],
)
def test_it_translates_conditions_to_xlsform_xpath(text: str, xpath: str) -> None:
    assert to_xpath(check(parse(text), VARS, "the test"), VARS) == xpath
