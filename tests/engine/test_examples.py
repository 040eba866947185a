"""The shipped examples: each loads, checks against its standard and gives its expected result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from passport.engine import (
    ELIGIBLE_WITH_MITIGATION,
    INCOMPLETE,
    NOT_ELIGIBLE,
    AnswersFile,
    Classification,
    Window,
    check_against,
    classify,
    get_standard,
    read_answers,
)
from passport.engine.schema import Action, ExpiryAction

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml"))


def assess(path: Path) -> tuple[AnswersFile, Classification]:
    answers_file = read_answers(path)
    standard = get_standard(answers_file.standard_ref)
    check_against(answers_file, standard)
    assert answers_file.assessed_on is not None
    result = classify(
        standard, answers_file.producer, answers_file.answers, answers_file.plans, answers_file.assessed_on
    )
    return answers_file, result


def test_there_are_nine_examples() -> None:
    assert len(FILES) == 9


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_example_gives_its_expected_outcome_and_edd_flags(path: Path) -> None:
    answers_file, result = assess(path)
    expected = answers_file.expected
    assert expected is not None
    assert expected.edd is not None
    assert result.standard == answers_file.standard_ref
    assert result.as_of == answers_file.assessed_on
    assert result.outcome == expected.outcome
    assert sorted(f.trigger_id for f in result.edd_flags) == sorted(expected.edd)


def test_the_sud_kivu_example_mitigates_security_forces_within_the_window() -> None:
    answers_file, result = assess(EXAMPLES / "cd-sud-kivu-fardc-taxing.yaml")
    finding = result.finding("MES-SEC-01")
    assert (finding.cell_id, finding.level, finding.action) == ("illegal_involvement", "L1", Action.MITIGATE)
    adopted = answers_file.plans["MES-SEC-01"].adopted_on
    assert adopted == dt.date(2026, 6, 1)
    assert finding.due == Window.parse("P6M").after(adopted) == dt.date(2026, 12, 1)
    assert not finding.expired
    assert finding.escalation is None
    assert result.outcome == ELIGIBLE_WITH_MITIGATION


def test_the_expired_sud_kivu_example_disengages() -> None:
    _, result = assess(EXAMPLES / "cd-sud-kivu-fardc-window-expired.yaml")
    finding = result.finding("MES-SEC-01")
    assert finding.cell_id == "illegal_involvement"
    assert finding.due == dt.date(2026, 7, 10)
    assert finding.expired
    assert finding.escalation is ExpiryAction.DISENGAGE_IMMEDIATELY
    assert finding.action is Action.DISENGAGE_IMMEDIATELY
    assert finding.outcome == NOT_ELIGIBLE
    assert finding.reason["en"].startswith("The window to mitigate ended on 2026-07-10")
    assert result.outcome == NOT_ELIGIBLE
    # The expired window is the only reason: nothing else in the file disengages.
    assert [f.requirement_id for f in result.findings if f.outcome == NOT_ELIGIBLE] == ["MES-SEC-01"]


def test_the_two_sud_kivu_examples_differ_only_in_the_plan_date() -> None:
    running = read_answers(EXAMPLES / "cd-sud-kivu-fardc-taxing.yaml")
    expired = read_answers(EXAMPLES / "cd-sud-kivu-fardc-window-expired.yaml")
    assert running.answers == expired.answers
    assert running.producer == expired.producer
    assert running.plans != expired.plans


def test_the_barequero_declaring_too_much_gold_raises_the_origin_anomaly_flag() -> None:
    answers_file, result = assess(EXAMPLES / "co-antioquia-barequero.yaml")
    assert answers_file.producer.subtype == "barequero"
    flags = {f.trigger_id: f for f in result.edd_flags}
    assert "EDD-ORIGIN-ANOMALY" in flags
    assert flags["EDD-ORIGIN-ANOMALY"].reason["en"]
    origin = result.finding("MES-ORIGIN-01")
    assert origin.action is Action.MITIGATE
    assert origin.due == dt.date(2027, 3, 20)


def test_the_incomplete_example_lists_its_missing_answers() -> None:
    _, result = assess(EXAMPLES / "co-incomplete.yaml")
    assert result.outcome == INCOMPLETE
    assert [(m.indicator_id, m.requirement_id) for m in result.missing] == [
        ("u18_hazardous_work", "MES-CHILD-01"),
        ("u18_forced_or_trafficked", "MES-CHILD-01"),
        ("underage_adjacent_tasks", "MES-CHILD-01"),
        ("children_present", "MES-CHILD-01"),
        ("child_access_rule", "MES-CHILD-01"),
        ("taxes_paid", "MES-TAX-01"),
    ]
    for requirement_id in ("MES-CHILD-01", "MES-TAX-01"):
        finding = result.finding(requirement_id)
        assert finding.cell_id is None
        assert finding.outcome == INCOMPLETE
    assert all(f.decided for f in result.findings if f.requirement_id not in ("MES-CHILD-01", "MES-TAX-01"))


def test_the_children_underground_example_disengages_on_the_worst_forms_of_child_labour() -> None:
    _, result = assess(EXAMPLES / "cd-children-underground.yaml")
    finding = result.finding("MES-CHILD-01")
    assert (finding.cell_id, finding.level, finding.action) == ("worst_forms", "L0", Action.DISENGAGE_IMMEDIATELY)


def test_the_ituri_example_disengages_because_of_the_armed_group_alone() -> None:
    _, result = assess(EXAMPLES / "cd-ituri-nsag-control.yaml")
    assert [f.requirement_id for f in result.findings if f.outcome == NOT_ELIGIBLE] == ["MES-NSAG-01"]
    assert result.finding("MES-LEG-01").cell_id == "option_d_good_faith"
