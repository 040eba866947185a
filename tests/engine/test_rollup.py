"""Rolling a cooperative's unit results up to the organisation, and benchmarking its units.

Tables for the rule in ``passport/engine/rollup.py`` (with and without exclusions), then
properties on random units: the outcome is the worst counted unit's, and excluding a unit never
makes it worse while another unit still counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passport.engine import ELIGIBLE, ELIGIBLE_WITH_MITIGATION, INCOMPLETE, NOT_ELIGIBLE, Standard
from passport.engine.rollup import (
    OUTCOME_ORDER,
    Standing,
    UnitOutcome,
    benchmark,
    outcome_rank,
    roll_up,
    standing_key,
)

# (level, action, outcome) findings of the tiny standard's cells
DISENGAGE = ("L0", "disengage_immediately", NOT_ELIGIBLE)
MITIGATE = ("L1", "mitigate", ELIGIBLE_WITH_MITIGATION)
PRESENT = ("L1", "improve", ELIGIBLE)
ADDRESSED = ("L2", "improve", ELIGIBLE)
CLEAR = ("L3", "none", ELIGIBLE)
UNDECIDED = (None, None, INCOMPLETE)


def unit(
    unit_id: str,
    outcome: str = ELIGIBLE,
    excluded: bool = False,
    reason: str | None = None,
    **findings: tuple[str | None, str | None, str],
) -> UnitOutcome:
    """A unit named after its id; findings by requirement, with ``T_HG`` meaning ``T-HG``."""
    return UnitOutcome(
        unit_id=unit_id,
        name=f"Crew {unit_id}",
        outcome=outcome,
        findings={key.replace("_", "-"): value for key, value in findings.items()},
        excluded=excluded,
        exclusion_reason=reason,
    )


ELIGIBLE_A = unit("a", T_CHILD=CLEAR, T_HG=ADDRESSED)
ELIGIBLE_B = unit("b", T_CHILD=CLEAR, T_HG=CLEAR)
DISENGAGING_C = unit("c", NOT_ELIGIBLE, T_CHILD=DISENGAGE, T_HG=PRESENT)
MITIGATING_D = unit("d", ELIGIBLE_WITH_MITIGATION, T_SEC=MITIGATE, T_CHILD=CLEAR)
UNFINISHED_E = unit("e", INCOMPLETE, T_CHILD=UNDECIDED, T_HG=CLEAR)


def excluded(u: UnitOutcome, reason: str = "Sold outside the cooperative since March") -> UnitOutcome:
    return UnitOutcome(u.unit_id, u.name, u.outcome, u.findings, excluded=True, exclusion_reason=reason)


# --- The roll-up rule, with and without exclusions -------------------------------------------


@pytest.mark.parametrize(
    ("units", "outcome"),
    [
        ([ELIGIBLE_A, ELIGIBLE_B], ELIGIBLE),
        ([ELIGIBLE_A, DISENGAGING_C], NOT_ELIGIBLE),
        ([ELIGIBLE_A, excluded(DISENGAGING_C)], ELIGIBLE),
        ([ELIGIBLE_A, MITIGATING_D], ELIGIBLE_WITH_MITIGATION),
        ([ELIGIBLE_A, excluded(MITIGATING_D)], ELIGIBLE),
        ([MITIGATING_D, UNFINISHED_E], INCOMPLETE),
        ([MITIGATING_D, excluded(UNFINISHED_E)], ELIGIBLE_WITH_MITIGATION),
        ([DISENGAGING_C, UNFINISHED_E, MITIGATING_D], NOT_ELIGIBLE),
        ([excluded(DISENGAGING_C), UNFINISHED_E, MITIGATING_D], INCOMPLETE),
        ([excluded(ELIGIBLE_A), excluded(ELIGIBLE_B)], INCOMPLETE),
        ([], INCOMPLETE),
    ],
    ids=[
        "all-eligible",
        "a-disengagement-at-a-counted-unit",
        "the-same-unit-excluded",
        "mitigation",
        "mitigating-unit-excluded",
        "an-unfinished-unit-outweighs-mitigation",
        "the-unfinished-unit-excluded",
        "disengagement-outweighs-everything",
        "disengaging-unit-excluded-leaves-the-unfinished-one",
        "all-excluded",
        "no-units",
    ],
)
def test_the_organisation_takes_its_worst_counted_units_outcome(
    tiny: Standard, units: list[UnitOutcome], outcome: str
) -> None:
    assert roll_up(tiny, units).outcome == outcome


def test_a_disengagement_names_the_unit_and_the_requirement(tiny: Standard) -> None:
    rolled = roll_up(tiny, [ELIGIBLE_A, DISENGAGING_C])
    assert rolled.counted == ("a", "c")
    assert rolled.excluded == ()
    assert len(rolled.reasons) == 1
    assert rolled.reasons[0]["en"].startswith("Crew c does not meet the entry criteria on T-CHILD (Children)")
    assert "T-CHILD (Niñez)" in rolled.reasons[0]["es"]
    assert "T-CHILD (Enfants)" in rolled.reasons[0]["fr"]


def test_an_excluded_unit_does_not_count_and_its_reason_is_listed(tiny: Standard) -> None:
    rolled = roll_up(tiny, [ELIGIBLE_A, excluded(DISENGAGING_C, "Caught buying from an armed group")])
    assert rolled.outcome == ELIGIBLE
    assert rolled.counted == ("a",)
    assert rolled.excluded == ("c",)
    assert rolled.reasons[0]["en"] == "Every unit that counts meets the entry criteria."
    assert rolled.reasons[-1]["en"] == (
        "Crew c is excluded from the supply and does not count. Reason: Caught buying from an armed group"
    )
    assert rolled.reasons[-1]["es"].endswith("Motivo: Caught buying from an armed group")
    assert rolled.by_requirement["T-CHILD"].standing == Standing(*CLEAR)
    assert rolled.by_requirement["T-CHILD"].units == ("a",)


def test_when_every_unit_is_excluded_nothing_vouches_for_the_supply(tiny: Standard) -> None:
    rolled = roll_up(tiny, [excluded(ELIGIBLE_A), excluded(ELIGIBLE_B)])
    assert rolled.outcome == INCOMPLETE
    assert rolled.counted == ()
    assert rolled.by_requirement == {}
    assert rolled.reasons[0]["en"].startswith("No unit counts")
    assert len(rolled.reasons) == 3  # why, then each excluded unit


def test_mitigation_names_the_unit_and_the_requirement(tiny: Standard) -> None:
    rolled = roll_up(tiny, [ELIGIBLE_A, MITIGATING_D])
    assert [r["en"] for r in rolled.reasons] == [
        "Crew d must mitigate a risk on T-SEC (Security forces) within its deadline."
    ]


def test_an_unfinished_unit_lists_its_undecided_requirements(tiny: Standard) -> None:
    rolled = roll_up(tiny, [ELIGIBLE_A, UNFINISHED_E])
    assert [r["en"] for r in rolled.reasons] == [
        "Crew e has no complete result yet (undecided: T-CHILD), so the organisation's result is incomplete."
    ]


def test_a_unit_without_findings_is_still_named(tiny: Standard) -> None:
    never_assessed = unit("z", INCOMPLETE)
    rolled = roll_up(tiny, [ELIGIBLE_A, never_assessed])
    assert rolled.outcome == INCOMPLETE
    assert rolled.reasons[0]["fr"].startswith("Crew z n'a pas encore de résultat complet,")


def test_an_unknown_outcome_never_counts_as_eligible(tiny: Standard) -> None:
    assert roll_up(tiny, [ELIGIBLE_A, unit("x", "certified")]).outcome == INCOMPLETE


def test_a_unit_given_twice_is_refused(tiny: Standard) -> None:
    with pytest.raises(ValueError, match="given twice"):
        roll_up(tiny, [ELIGIBLE_A, ELIGIBLE_A])


# --- Per requirement: the worst counted finding ----------------------------------------------


@pytest.mark.parametrize(
    ("findings", "worst"),
    [
        ([CLEAR, ADDRESSED, PRESENT], PRESENT),  # same outcome: the lower level
        ([ADDRESSED, MITIGATE], MITIGATE),  # mitigate before improve
        ([MITIGATE, UNDECIDED], UNDECIDED),  # undecided, like an incomplete unit, before mitigation
        ([UNDECIDED, DISENGAGE], DISENGAGE),  # disengage before all
        ([CLEAR, CLEAR], CLEAR),
    ],
)
def test_each_requirement_stands_where_its_worst_counted_unit_stands(
    tiny: Standard, findings: list[tuple[str | None, str | None, str]], worst: tuple[str | None, str | None, str]
) -> None:
    units = [unit(str(i), T_HG=f) for i, f in enumerate(findings)]
    rolled = roll_up(tiny, units)
    assert rolled.by_requirement["T-HG"].standing == Standing(*worst)
    assert rolled.by_requirement["T-HG"].units == tuple(str(i) for i, f in enumerate(findings) if f == worst)


def test_requirements_come_in_the_standards_order_and_excluded_units_stay_out(tiny: Standard) -> None:
    rolled = roll_up(tiny, [ELIGIBLE_A, excluded(DISENGAGING_C), MITIGATING_D])
    assert list(rolled.by_requirement) == ["T-CHILD", "T-SEC", "T-HG"]
    assert rolled.by_requirement["T-CHILD"].standing == Standing(*CLEAR)
    assert rolled.by_requirement["T-CHILD"].units == ("a", "d")


def test_the_level_rank_comes_from_the_standard(tiny: Standard) -> None:
    # In the tiny standard L0 ranks 0 and L3 ranks 3: lower is worse.
    assert standing_key(tiny, Standing(*PRESENT)) < standing_key(tiny, Standing(*ADDRESSED))
    assert standing_key(tiny, Standing("L9", "improve", ELIGIBLE)) < standing_key(tiny, Standing(*PRESENT))


# --- Benchmark and pairing -------------------------------------------------------------------


def test_only_requirements_where_units_differ_are_benchmarked(tiny: Standard) -> None:
    found = benchmark(tiny, [unit("a", T_CHILD=CLEAR, T_HG=PRESENT), unit("b", T_CHILD=CLEAR, T_HG=CLEAR)])
    assert [b.requirement_id for b in found] == ["T-HG"]
    assert found[0].lagging == ("a",)
    assert found[0].leading == ("b",)
    assert found[0].lagging_standing == Standing(*PRESENT)
    assert found[0].leading_standing == Standing(*CLEAR)


def test_lagging_units_are_paired_round_robin_with_the_leading_ones(tiny: Standard) -> None:
    units = [unit(u, T_HG=PRESENT) for u in "pqrs"] + [unit(u, T_HG=CLEAR) for u in "xy"] + [unit("m", T_HG=ADDRESSED)]
    (found,) = benchmark(tiny, units)
    assert found.lagging == ("p", "q", "r", "s")
    assert found.leading == ("x", "y")  # "m" is in between: neither lags nor leads
    assert [(p.lagging, p.leading) for p in found.pairings] == [("p", "x"), ("q", "y"), ("r", "x"), ("s", "y")]


def test_the_load_is_spread_over_requirements_too(tiny: Standard) -> None:
    units = [
        unit("leader-1", T_CHILD=CLEAR, T_HG=CLEAR),
        unit("leader-2", T_CHILD=CLEAR, T_HG=CLEAR),
        unit("behind-1", T_CHILD=ADDRESSED, T_HG=CLEAR),
        unit("behind-2", T_CHILD=CLEAR, T_HG=PRESENT),
    ]
    pairs = [(p.lagging, p.leading) for b in benchmark(tiny, units) for p in b.pairings]
    assert pairs == [("behind-1", "leader-1"), ("behind-2", "leader-2")]


def test_a_pairing_says_why_in_every_language(tiny: Standard) -> None:
    (found,) = benchmark(tiny, [unit("a", T_HG=PRESENT), unit("b", T_HG=CLEAR)])
    why = found.pairings[0].why
    assert why["en"] == (
        "On T-HG (Mercury), Crew b stands at “controlled” and Crew a at “present”: "
        "Crew b can show Crew a how they do it."
    )
    assert "«controlado»" in why["es"]
    assert "« maîtrisé »" in why["fr"]


def test_excluded_units_and_undecided_findings_are_not_benchmarked(tiny: Standard) -> None:
    units = [unit("a", T_HG=CLEAR), excluded(unit("b", T_HG=PRESENT)), unit("c", T_HG=UNDECIDED)]
    assert benchmark(tiny, units) == ()


# --- Properties ------------------------------------------------------------------------------

FINDINGS = st.sampled_from([DISENGAGE, MITIGATE, PRESENT, ADDRESSED, CLEAR, UNDECIDED])
REQUIREMENTS = ["T-LEG", "T-CHILD", "T-SEC", "T-HG", "T-RECORDS"]


@st.composite
def some_units(draw: st.DrawFn) -> list[UnitOutcome]:
    count = draw(st.integers(min_value=0, max_value=7))
    units = []
    for i in range(count):
        findings: Mapping[str, tuple[str | None, str | None, str]] = draw(
            st.dictionaries(st.sampled_from(REQUIREMENTS), FINDINGS, max_size=len(REQUIREMENTS))
        )
        outcome = draw(st.sampled_from(OUTCOME_ORDER))
        units.append(UnitOutcome(f"u{i}", f"Unit {i}", outcome, findings, excluded=draw(st.booleans())))
    return units


@settings(max_examples=300, deadline=None)
@given(units=some_units())
def test_the_outcome_is_the_worst_counted_units(tiny: Standard, units: list[UnitOutcome]) -> None:
    counted = [u.outcome for u in units if not u.excluded]
    expected = min(counted, key=outcome_rank) if counted else INCOMPLETE
    assert roll_up(tiny, units).outcome == expected


@settings(max_examples=300, deadline=None)
@given(units=some_units(), data=st.data())
def test_excluding_a_unit_never_makes_the_outcome_worse_while_another_counts(
    tiny: Standard, units: list[UnitOutcome], data: st.DataObject
) -> None:
    counted = [i for i, u in enumerate(units) if not u.excluded]
    if len(counted) < 2:
        return
    chosen = data.draw(st.sampled_from(counted))
    after = [excluded(u) if i == chosen else u for i, u in enumerate(units)]
    assert outcome_rank(roll_up(tiny, after).outcome) >= outcome_rank(roll_up(tiny, units).outcome)


@settings(max_examples=300, deadline=None)
@given(units=some_units())
def test_no_counted_unit_stands_below_the_organisation_on_any_requirement(
    tiny: Standard, units: list[UnitOutcome]
) -> None:
    rolled = roll_up(tiny, units)
    for u in units:
        for rid, finding in u.findings.items():
            if not u.excluded:
                assert standing_key(tiny, Standing(*finding)) >= standing_key(tiny, rolled.by_requirement[rid].standing)


@settings(max_examples=300, deadline=None)
@given(units=some_units())
def test_pairings_join_each_lagging_unit_to_a_better_leader_never_itself(
    tiny: Standard, units: list[UnitOutcome]
) -> None:
    counted = {u.unit_id: u for u in units if not u.excluded}
    for found in benchmark(tiny, units):
        assert [p.lagging for p in found.pairings] == list(found.lagging)
        assert standing_key(tiny, found.lagging_standing) < standing_key(tiny, found.leading_standing)
        for p in found.pairings:
            assert p.lagging != p.leading
            assert p.lagging in counted
            assert p.leading in found.leading


@settings(max_examples=300, deadline=None)
@given(units=some_units())
def test_on_one_requirement_no_leader_gets_two_more_pairings_than_another(
    tiny: Standard, units: list[UnitOutcome]
) -> None:
    only_mercury = [
        UnitOutcome(u.unit_id, u.name, u.outcome, {k: v for k, v in u.findings.items() if k == "T-HG"}, u.excluded)
        for u in units
    ]
    for found in benchmark(tiny, only_mercury):
        per_leader = Counter(dict.fromkeys(found.leading, 0))
        per_leader.update(p.leading for p in found.pairings)
        assert max(per_leader.values()) - min(per_leader.values()) <= 1
