"""Classification against the tiny standard: outcomes, windows, EDD, missing answers."""

from __future__ import annotations

import datetime as dt

import pytest

from passport.engine import (
    ELIGIBLE,
    ELIGIBLE_WITH_MITIGATION,
    INCOMPLETE,
    NOT_ELIGIBLE,
    AnswersError,
    PassportError,
    PlanState,
    Producer,
    Standard,
    Window,
    classify,
    to_dict,
)

from .conftest import complete_answers

DAY = dt.date(2026, 6, 1)


def with_(**changes: object) -> dict[str, object]:
    answers = complete_answers()
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({}, ELIGIBLE),
        ({"children_present": "sometimes"}, ELIGIBLE),
        ({"children_present": "working"}, ELIGIBLE_WITH_MITIGATION),
        ({"u18_hazardous": True}, NOT_ELIGIBLE),
        ({"security_present": "public", "illegal_tax": True}, ELIGIBLE_WITH_MITIGATION),
        ({"security_present": "public", "illegal_tax": False}, ELIGIBLE),
        ({"has_title": False, "in_formalisation": True}, ELIGIBLE),
        ({"has_title": False, "in_formalisation": False}, NOT_ELIGIBLE),
        ({"hg_use": "whole_ore", "hg_kg_year": 20.0}, ELIGIBLE),
        ({"hg_use": "whole_ore"}, INCOMPLETE),
        ({"hg_use": "concentrate", "hg_kg_year": 12.5}, ELIGIBLE),
        # Unanswered questions are never "no risk".
        ({"u18_hazardous": None}, INCOMPLETE),
        ({"workers_count": None}, INCOMPLETE),
        ({"hg_use": "concentrate"}, INCOMPLETE),
        ({"security_present": "public"}, INCOMPLETE),
        # …but a risk that is known is reported even while other answers are missing.
        ({"u18_hazardous": True, "children_present": None, "workers_count": None}, NOT_ELIGIBLE),
        ({"has_title": False, "in_formalisation": False, "hg_use": None}, NOT_ELIGIBLE),
    ],
)
def test_it_classifies_each_situation(tiny: Standard, coop: Producer, changes: dict[str, object], outcome: str) -> None:
    assert classify(tiny, coop, with_(**changes), as_of=DAY).outcome == outcome


def test_it_explains_each_finding_in_each_language(tiny: Standard, coop: Producer) -> None:
    result = classify(tiny, coop, with_(hg_use="whole_ore"), as_of=DAY)
    finding = result.finding("T-HG")
    assert (finding.cell_id, finding.level, finding.action.value if finding.action else None) == (
        "whole_ore",
        "L1",
        "improve",
    )
    assert finding.reason["en"] == "Whole-ore amalgamation — mercury use: “whole ore”"
    assert finding.reason["es"] == "Amalgamación de mineral completo — uso de mercurio: “mineral completo”"
    assert finding.reason["fr"] == "Amalgamation du minerai entier — usage du mercure: “minerai entier”"


def test_it_lists_missing_answers_and_leaves_the_requirement_undecided(tiny: Standard, coop: Producer) -> None:
    result = classify(tiny, coop, with_(u18_hazardous=None), as_of=DAY)
    assert [(m.indicator_id, m.requirement_id) for m in result.missing] == [("u18_hazardous", "T-CHILD")]
    finding = result.finding("T-CHILD")
    assert finding.cell_id is None
    assert finding.outcome == INCOMPLETE


def test_a_question_that_is_not_asked_is_not_missing(tiny: Standard, coop: Producer) -> None:
    # `in_formalisation` is asked only without a title; `illegal_tax` only when forces are present.
    result = classify(tiny, coop, complete_answers(), as_of=DAY)
    assert result.missing == ()
    assert result.outcome == ELIGIBLE


def test_an_answer_to_a_question_that_is_not_asked_is_ignored(tiny: Standard, coop: Producer) -> None:
    # With no security forces, a stray "illegal tax: yes" must not create a finding.
    result = classify(tiny, coop, with_(illegal_tax=True), as_of=DAY)
    assert result.finding("T-SEC").cell_id == "lawful"
    assert result.outcome == ELIGIBLE


def test_requirements_that_do_not_apply_are_left_out(tiny: Standard) -> None:
    tin_miner = Producer("cooperative", None, frozenset({"tin"}), frozenset({"alluvial"}))
    answers = with_(hg_use=None)
    result = classify(tiny, tin_miner, answers, as_of=DAY)
    assert "T-HG" not in [f.requirement_id for f in result.findings]
    assert result.outcome == ELIGIBLE


def test_a_subtype_matches_applicability_by_type_or_subtype(tiny: Standard) -> None:
    barequero = Producer("individual", "barequero", frozenset({"gold"}), frozenset({"alluvial"}))
    assert classify(tiny, barequero, complete_answers(), as_of=DAY).outcome == ELIGIBLE


MITIGATE = {"security_present": "public", "illegal_tax": True}


@pytest.mark.parametrize(
    ("adopted", "as_of", "outcome", "due", "expired"),
    [
        (None, dt.date(2030, 1, 1), ELIGIBLE_WITH_MITIGATION, None, False),
        (dt.date(2026, 1, 10), dt.date(2026, 7, 10), ELIGIBLE_WITH_MITIGATION, dt.date(2026, 7, 10), False),
        (dt.date(2026, 1, 10), dt.date(2026, 7, 11), NOT_ELIGIBLE, dt.date(2026, 7, 10), True),
        # Month ends clamp: 31 August + 6 months is the last day of February.
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29), ELIGIBLE_WITH_MITIGATION, dt.date(2028, 2, 29), False),
        (dt.date(2027, 8, 31), dt.date(2028, 3, 1), NOT_ELIGIBLE, dt.date(2028, 2, 29), True),
        (dt.date(2026, 8, 31), dt.date(2027, 3, 1), NOT_ELIGIBLE, dt.date(2027, 2, 28), True),
    ],
)
def test_a_mitigation_window_that_expires_without_improvement_disengages(
    tiny: Standard,
    coop: Producer,
    adopted: dt.date | None,
    as_of: dt.date,
    outcome: str,
    due: dt.date | None,
    expired: bool,
) -> None:
    plans = {"T-SEC": PlanState(adopted_on=adopted)} if adopted else {}
    result = classify(tiny, coop, with_(**MITIGATE), plans, as_of)
    finding = result.finding("T-SEC")
    assert (result.outcome, finding.due, finding.expired) == (outcome, due, expired)
    if expired:
        assert finding.reason["en"].startswith(f"The window to mitigate ended on {due.isoformat()}")  # type: ignore[union-attr]


def test_improving_before_the_deadline_clears_the_finding(tiny: Standard, coop: Producer) -> None:
    plans = {"T-SEC": PlanState(adopted_on=dt.date(2026, 1, 10))}
    result = classify(tiny, coop, with_(security_present="public", illegal_tax=False), plans, dt.date(2027, 1, 1))
    assert result.outcome == ELIGIBLE


def test_an_expired_escalation_window_flags_review_without_disengaging(tiny: Standard, coop: Producer) -> None:
    plans = {"T-CHILD": PlanState(adopted_on=dt.date(2026, 1, 1))}
    result = classify(tiny, coop, with_(children_present="working"), plans, dt.date(2026, 9, 1))
    finding = result.finding("T-CHILD")
    assert finding.expired
    assert finding.escalation is not None
    assert finding.escalation.value == "escalate_review"
    assert result.outcome == ELIGIBLE_WITH_MITIGATION


def test_a_window_can_run_from_when_the_risk_was_first_identified(tiny: Standard, coop: Producer) -> None:
    # The tiny standard anchors T-SEC on plan adoption: a first-identified date alone sets no deadline.
    plans = {"T-SEC": PlanState(first_identified_on=dt.date(2025, 1, 1))}
    result = classify(tiny, coop, with_(**MITIGATE), plans, dt.date(2026, 6, 1))
    assert result.finding("T-SEC").due is None


@pytest.mark.parametrize(
    ("start", "window", "end"),
    [
        (dt.date(2026, 1, 31), "P1M", dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), "P1Y", dt.date(2025, 2, 28)),
        (dt.date(2023, 8, 31), "P6M", dt.date(2024, 2, 29)),
        (dt.date(2026, 12, 15), "P2W", dt.date(2026, 12, 29)),
        (dt.date(2026, 11, 30), "P1Y2M3D", dt.date(2028, 2, 2)),
        (dt.date(2026, 5, 4), "P6M", dt.date(2026, 11, 4)),
    ],
)
def test_windows_add_calendar_months(start: dt.date, window: str, end: dt.date) -> None:
    assert Window.parse(window).after(start) == end


def test_edd_flags_carry_their_reason_and_evidence(tiny: Standard, coop: Producer) -> None:
    result = classify(tiny, coop, with_(security_present="public", illegal_tax=False), as_of=DAY)
    assert [(f.trigger_id, f.reason["en"], f.extra_evidence) for f in result.edd_flags] == [
        ("EDD-SECURITY", "Check their conduct on site.", ("site_visit",))
    ]
    assert result.outcome == ELIGIBLE


def test_an_edd_trigger_decides_with_an_unanswered_optional_question(tiny: Standard, coop: Producer) -> None:
    # The legal cap is optional; 2,400 g a month from 10 workers is above 4 g a day each anyway.
    result = classify(tiny, coop, with_(workers_count=10, monthly_output_g=2400.0), as_of=DAY)
    assert [f.trigger_id for f in result.edd_flags] == ["EDD-ORIGIN"]
    capped = classify(tiny, coop, with_(workers_count=100, monthly_output_g=40.0, legal_cap_g=35.0), as_of=DAY)
    assert [f.trigger_id for f in capped.edd_flags] == ["EDD-ORIGIN"]
    plausible = classify(tiny, coop, with_(workers_count=100, monthly_output_g=30.0, legal_cap_g=35.0), as_of=DAY)
    assert plausible.edd_flags == ()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"has_title": "yes"}, "has_title: expected yes/no (true or false), got 'yes'"),
        ({"children_present": "often"}, "children_present: 'often' is not one of: never, sometimes, working"),
        ({"workers_count": 2.5}, "workers_count: expected a whole number, got 2.5"),
        ({"workers_count": 0}, "workers_count: 0 is below the minimum 1"),
        ({"hg_kg_year": -1}, "hg_kg_year: -1 is below the minimum 0"),
        ({"colour": "blue"}, "colour: unknown question (not an indicator of tiny@0.1)"),
    ],
)
def test_it_rejects_invalid_answers_naming_each(
    tiny: Standard, coop: Producer, answers: dict[str, object], message: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        classify(tiny, coop, {**complete_answers(), **answers}, as_of=DAY)
    assert [p.message for p in caught.value.problems] == [message]


def test_it_rejects_a_producer_the_standard_does_not_know(tiny: Standard) -> None:
    with pytest.raises(PassportError, match="unknown producer type 'guild'; unknown commodity 'silver'"):
        classify(tiny, Producer("guild", None, frozenset({"silver"}), frozenset()), {}, as_of=DAY)


def test_the_result_is_pinned_to_the_standard_version_and_serialises(tiny: Standard, coop: Producer) -> None:
    result = classify(tiny, coop, with_(**MITIGATE), {"T-SEC": PlanState(dt.date(2026, 1, 10))}, DAY)
    data = to_dict(result, tiny, "es")
    assert data["standard"] == "tiny@0.1"
    assert data["standard_digest"] == tiny.digest
    assert data["outcome"] == ELIGIBLE_WITH_MITIGATION
    assert data["outcome_label"] == "Cumple; mitigar"
    sec = next(f for f in data["findings"] if f["requirement"] == "T-SEC")
    assert (sec["action"], sec["due"], sec["level"]) == ("mitigate", "2026-07-10", "L1")
    assert data["progress"]["overall"]["applicable"] == 5


def test_progress_counts_levels_per_module_without_ordering_anything(tiny: Standard, coop: Producer) -> None:
    result = classify(tiny, coop, with_(hg_use="whole_ore", children_present="sometimes"), as_of=DAY)
    by_module = {m.module_id: m for m in result.progress.modules}
    assert dict(by_module["M5"].levels) == {"L1": 1, "L3": 1}
    assert by_module["M5"].share_without_action == 0.5
    assert result.progress.overall.decided == 5


def test_answers_to_questions_that_do_not_apply_are_ignored_but_must_be_valid(tiny: Standard) -> None:
    tin_miner = Producer("cooperative", None, frozenset({"tin"}), frozenset({"alluvial"}))
    ignored = classify(tiny, tin_miner, {**complete_answers(), "hg_kg_year": 5.0}, as_of=DAY)
    assert "T-HG" not in [f.requirement_id for f in ignored.findings]
    with pytest.raises(AnswersError) as caught:
        classify(tiny, tin_miner, {**complete_answers(), "hg_use": "bogus"}, as_of=DAY)
    assert [p.message for p in caught.value.problems] == ["hg_use: 'bogus' is not one of: whole_ore, concentrate, none"]
