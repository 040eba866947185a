"""Reasons in plain words: the whole rule of a cell, or only what applies to the answers."""

from __future__ import annotations

import datetime as dt

from passport.engine import Standard, check_against, classify, read_answers, to_dict, to_xpath
from passport.engine.conditions import Kind, Variable, check, parse
from passport.engine.explain import prune

from .conftest import ROOT

VARS = {
    "a": Variable("a", Kind.BOOL),
    "b": Variable("b", Kind.BOOL),
    "c": Variable("c", Kind.BOOL),
}
DAY = dt.date(2026, 6, 1)


def pruned(text: str, **answers: bool) -> str:
    return to_xpath(prune(check(parse(text), VARS, "test"), answers.get, DAY), VARS)


def test_pruning_keeps_only_the_alternatives_that_are_true() -> None:
    assert pruned("(a or b) and c", a=False, b=True, c=True) == "${b} = 'yes' and ${c} = 'yes'"
    assert pruned("a or b", a=True, b=True) == "${a} = 'yes' or ${b} = 'yes'"
    # Nothing true (the cell did not match on this part): the rule is kept whole.
    assert pruned("a or b", a=False) == "${a} = 'yes' or ${b} = 'yes'"


def test_a_reason_names_what_applies_to_the_producer(mes: Standard) -> None:
    answers_file = read_answers(ROOT / "examples" / "cd-children-underground.yaml")
    check_against(answers_file, mes)
    result = classify(mes, answers_file.producer, answers_file.answers, answers_file.plans, answers_file.assessed_on)
    child = next(
        f for f in to_dict(result, mes, "en", answers_file.answers)["findings"] if f["requirement"] == "MES-CHILD-01"
    )
    rule = next(f for f in to_dict(result, mes, "en")["findings"] if f["requirement"] == "MES-CHILD-01")
    label = mes.indicators["u18_forced_or_trafficked"].label["en"]
    assert answers_file.answers["u18_forced_or_trafficked"] is False
    assert label in rule["reason"]  # the whole rule names both alternatives …
    assert label not in child["reason"]  # … the producer's reason only the one that is true
    assert child["reason"].endswith(f"{mes.indicators['u18_hazardous_work'].label['en']}: yes")
