"""A producer's standing: what the deadline check re-classified, what later assessments do to
it, and a cooperative's units that count for its supply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from passport.assessments import services as assessments
from passport.assessments.models import Result, ResultFinding
from passport.assessments.tests.builders import DAY, example_answers
from passport.engine import PlanState
from passport.plans import deadlines
from passport.plans.models import Plan
from passport.producers.models import Unit
from passport.producers.tests import builders as registry
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import progress_builders as pb

INSIDE = dt.date(2028, 2, 1)  # 28 days before the plan's six-month window ends
AFTER = dt.date(2028, 3, 1)  # the day after it ended
LATER = dt.date(2028, 3, 15)
MITIGATED = ("MES-SEC-01", "MES-CHILD-01")  # the two risks of Esperanza's answers, both with a plan
TODAY = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)  # 2 November in Colombia too


def lapsed(world: World) -> Plan:
    """Esperanza's plan, checked the day after its window ended: no longer meets entry criteria."""
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=AFTER)
    return plan


def findings(result: Result) -> dict[str, tuple[str, dt.date | None]]:
    rows = ResultFinding.objects.filter(result=result, requirement_id__in=MITIGATED)
    return {f.requirement_id: (f.action, f.deadline) for f in rows}


def standing_of(world: World, producer: str = "esperanza") -> deadlines.Standing:
    found = deadlines.standing(world.producers[producer], now=TODAY)
    assert found is not None
    return found


# --- What later assessments do ---------------------------------------------------------------


def test_the_same_answers_again_after_the_window_keep_the_producer_not_eligible(world: World) -> None:
    plan = lapsed(world)
    before = standing_of(world)
    assert before.outcome == "not_eligible"
    again = pb.result(world, as_of=LATER)  # the same answers: both risks still there
    assert again.outcome == "not_eligible"  # classified with the plan's dates, it is not eligible itself
    assert findings(again) == {
        "MES-SEC-01": ("disengage_immediately", pb.DUE),  # the standard disengages on expiry
        "MES-CHILD-01": ("mitigate", pb.DUE),  # and asks for a review here
    }
    after = standing_of(world)
    assert (after.outcome, after.since, after.result) == ("not_eligible", AFTER, again)
    assert after.reasons == before.reasons
    assert after.result != before.result
    assert plan.producer == again.producer


def test_an_assessment_that_no_longer_finds_the_risk_ends_it(world: World) -> None:
    lapsed(world)
    resolved = pb.resolved_result(world, as_of=LATER)
    found = standing_of(world)
    assert (found.outcome, found.since, found.reasons, found.result) == (
        resolved.outcome,
        LATER,
        [],
        resolved,
    )
    assert found.outcome != "not_eligible"


def test_a_reassessment_inside_the_window_still_finding_the_risk_carries_its_due_date(world: World) -> None:
    pb.adopted_plan(world)
    again = pb.result(world, as_of=INSIDE)
    assert again.outcome == "eligible_with_mitigation"
    assert findings(again) == {"MES-SEC-01": ("mitigate", pb.DUE), "MES-CHILD-01": ("mitigate", pb.DUE)}
    explained = {f["requirement"]: f for f in again.classification["en"]["findings"]}
    assert explained["MES-SEC-01"]["due"] == "2028-02-29"
    assert explained["MES-SEC-01"]["expired"] is False
    found = standing_of(world)
    assert (found.outcome, found.reasons, found.result) == ("eligible_with_mitigation", [], again)
    client = Client()
    client.force_login(world.users["alice"])
    page = client.get(reverse("assessments:result", kwargs={"uuid": again.uuid}))
    assert page.status_code == 200
    assert "by 2028-02-29" in page.content.decode()


def test_without_a_check_a_reassessment_after_the_window_is_not_eligible_by_itself(world: World) -> None:
    pb.adopted_plan(world)
    again = pb.result(world, as_of=AFTER)
    assert again.outcome == "not_eligible"
    found = standing_of(world)
    assert (found.outcome, found.since, found.reasons, found.result) == ("not_eligible", AFTER, [], again)


def test_a_risk_found_again_after_an_assessment_without_it_does_not_revive_the_old_event(world: World) -> None:
    lapsed(world)
    pb.resolved_result(world, as_of=LATER)
    # Found again, in an assessment dated inside the window: a mitigate finding, not a lapse.
    back = pb.result(world, as_of=INSIDE)
    assert back.outcome == "eligible_with_mitigation"
    found = standing_of(world)
    assert (found.outcome, found.reasons, found.result) == ("eligible_with_mitigation", [], back)


def test_a_units_assessment_is_classified_without_the_organisations_plans(world: World) -> None:
    pb.adopted_plan(world)
    crew = registry.unit(world.producers["esperanza"])
    actor = world.actor("alice")
    started = assessments.start_assessment(
        actor=actor, producer_uuid=crew.producer.uuid, kind="self", unit_uuid=crew.uuid
    )
    answers = {**example_answers(pb.EXAMPLES["esperanza"], started.producer), **pb.MITIGATE}
    assessments.save_answers(actor=actor, assessment_uuid=started.uuid, answers=answers)
    done = assessments.submit_assessment(actor=actor, assessment_uuid=started.uuid, as_of=AFTER)
    assert done.outcome == "eligible_with_mitigation"
    assert findings(done) == {"MES-SEC-01": ("mitigate", None), "MES-CHILD-01": ("mitigate", None)}


def test_the_reasons_are_given_once_in_the_active_language(world: World) -> None:
    lapsed(world)
    pb.adopted_plan(world, source=Result.objects.get(), partner="refiner")  # a second plan, the same risk
    deadlines.check_all_deadlines(as_of=AFTER)
    with translation.override("es"):
        found = standing_of(world)
    assert len(found.reasons) == 1
    assert "ya no cumple los criterios de entrada" in found.reasons[0]


# --- plan_states ------------------------------------------------------------------------------


def test_plan_states_give_each_mandatory_action_its_plans_first_adoption(world: World) -> None:
    producer = world.producers["esperanza"]
    assert deadlines.plan_states(producer) == {}
    source = pb.mitigating_result(world)
    pb.adopted_plan(world, source=source, adopted_on=dt.date(2027, 10, 1), requirements=["MES-SEC-01"])
    assert deadlines.plan_states(producer) == {"MES-SEC-01": PlanState(adopted_on=dt.date(2027, 10, 1))}
    pb.adopted_plan(world, source=source, partner="refiner")  # adopted earlier: the earliest adoption wins
    pb.draft_plan(world)  # never adopted: starts no window
    assert deadlines.plan_states(producer) == {
        "MES-SEC-01": PlanState(adopted_on=pb.ADOPTED),
        "MES-CHILD-01": PlanState(adopted_on=pb.ADOPTED),
    }
    assert deadlines.plan_states(world.producers["kalimbi"]) == {}


def test_plan_states_leave_optional_actions_out(world: World) -> None:
    plan = pb.adopted_plan(world)
    optional = set(
        plan.versions.get().actions.filter(mandatory=False).values_list("requirement_id", flat=True)  # type: ignore[attr-defined]
    )
    assert optional  # the plan has some
    assert set(deadlines.plan_states(plan.producer)) == set(MITIGATED)


def test_plan_states_make_the_same_queries_for_one_plan_or_several(world: World) -> None:
    pb.adopted_plan(world)
    producer = world.producers["esperanza"]

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            deadlines.plan_states(producer)
        return len(captured)

    one = count()
    for _ in range(5):
        pb.adopted_plan(world)
    assert count() == one == 2


# --- A cooperative's units ------------------------------------------------------------------

COMPLETE = {"pits_secured": True, "machinery_used": False}
DISENGAGE = {"u18_hazardous_work": True}  # worst forms of child labour: not eligible


def assessed(world: World, unit: Unit, changes: dict[str, Any] | None = None, as_of: dt.date = DAY) -> Result:
    """A submitted self-assessment of ``unit``: the Nariño answers, complete, with ``changes``."""
    actor = world.actor("alice")
    draft = assessments.start_assessment(
        actor=actor, producer_uuid=unit.producer.uuid, kind="self", unit_uuid=unit.uuid
    )
    answers = example_answers("co-narino-cooperative", unit.producer) | COMPLETE | (changes or {})
    assessments.save_answers(actor=actor, assessment_uuid=draft.uuid, answers=answers)
    return assessments.submit_assessment(actor=actor, assessment_uuid=draft.uuid, as_of=as_of)


def cooperative(world: World) -> Result:
    """Esperanza's own result (no risk left) and one crew that counts and meets the criteria."""
    own = pb.resolved_result(world)
    assessed(world, registry.unit(world.producers["esperanza"], "Bocamina El Tesoro"))
    return own


def test_a_counted_unit_not_eligible_makes_the_organisation_not_eligible(world: World) -> None:
    own = cooperative(world)
    assert standing_of(world).outcome == own.outcome != "not_eligible"
    crew = registry.unit(world.producers["esperanza"], "Cuadrilla de Rosa Díaz")
    assessed(world, crew, DISENGAGE, as_of=dt.date(2026, 10, 20))
    found = standing_of(world)
    assert (found.outcome, found.since, found.result) == ("not_eligible", dt.date(2026, 10, 20), own)
    assert found.reasons == [
        "A unit that counts for the organisation's supply does not meet the entry criteria; "
        "the roll-up of its units shows why."
    ]
    assert found.link == reverse("assessments:rollup", kwargs={"producer_uuid": own.producer.uuid})


def test_several_units_are_counted_in_one_reason(world: World) -> None:
    cooperative(world)
    for name in ("Pit 3 crew", "Pit 4 crew"):
        assessed(world, registry.unit(world.producers["esperanza"], name), DISENGAGE)
    assert standing_of(world).reasons[0].startswith("2 units that count for the organisation's supply")


def test_a_unit_excluded_before_today_no_longer_counts(world: World) -> None:
    own = cooperative(world)
    crew = registry.unit(world.producers["esperanza"], "Cuadrilla de Rosa Díaz")
    assessed(world, crew, DISENGAGE)
    registry.exclusion(crew, excluded_on=dt.date(2026, 11, 3))  # tomorrow: still counts today
    assert standing_of(world).outcome == "not_eligible"
    crew.exclusions.update(excluded_on=dt.date(2026, 10, 25))  # type: ignore[attr-defined]
    found = standing_of(world)
    assert (found.outcome, found.reasons, found.link) == (own.outcome, [], None)


def test_a_units_result_dated_after_today_does_not_count_yet(world: World) -> None:
    own = cooperative(world)
    assessed(world, registry.unit(world.producers["esperanza"]), DISENGAGE, as_of=dt.date(2026, 12, 1))
    assert standing_of(world).outcome == own.outcome


def test_a_partner_sees_the_units_reason_without_names(world: World) -> None:
    """The reason names findings (a unit that must stop): a partner with a grant reads it, never a
    unit's name; without a grant it is withheld (passport/producers/tests/test_standing_banner.py)."""
    cooperative(world)
    registry.authorise(world, "esperanza", "refiner")
    sharing.grant(world, "refiner")
    crew = registry.unit(world.producers["esperanza"], "Cuadrilla de Rosa Díaz")
    assessed(world, crew, DISENGAGE)
    client = Client()
    client.force_login(world.users["bob"])
    page = client.get(reverse("producers:detail", kwargs={"producer_uuid": world.producers["esperanza"].uuid}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "A unit that counts for the organisation&#x27;s supply does not meet the entry criteria" in text
    assert "Rosa" not in text


def test_the_standing_makes_the_same_queries_whatever_the_units_and_events(world: World) -> None:
    def count(producer: str = "esperanza") -> int:
        with CaptureQueriesContext(connection) as captured:
            deadlines.standing(world.producers[producer], now=TODAY)
        return len(captured)

    lapsed(world)
    cooperative(world)
    few = count()
    for n in range(6):
        assessed(world, registry.unit(world.producers["esperanza"], f"Crew {n}"), DISENGAGE if n % 2 else None)
    registry.exclusion(Unit.objects.get(name="Crew 1"), excluded_on=dt.date(2026, 10, 1))
    pb.adopted_plan(world, partner="refiner")
    deadlines.check_all_deadlines(as_of=AFTER)
    assert count() == few == 6
    pb.mitigating_result(world, "kalimbi")
    assert count("kalimbi") == 2  # an informal group has no units: nothing to roll up
