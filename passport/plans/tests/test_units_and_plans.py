"""A cooperative's units are assessed one by one; their results never stand in for the
organisation's own in plans, deadlines, standing, progress or history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from passport.assessments import history as assessment_history
from passport.assessments import services as assessments
from passport.assessments.models import Result
from passport.assessments.tests.builders import example_answers
from passport.plans import deadlines, progress, services
from passport.plans.models import DeadlineEvent
from passport.producers.tests.builders import unit
from tests.world import World

from . import progress_builders as pb

AFTER = dt.date(2028, 3, 1)  # the day after the adopted plan's six-month window


def unit_result(world: World, as_of: dt.date = pb.DAY) -> Result:
    """A later self-assessment of one crew of Esperanza, free of both risks the plan mitigates."""
    crew = unit(world.producers["esperanza"])
    actor = world.actor("alice")
    started = assessments.start_assessment(
        actor=actor, producer_uuid=world.producers["esperanza"].uuid, kind="self", unit_uuid=crew.uuid
    )
    answers = {**example_answers(pb.EXAMPLES["esperanza"], started.producer), **pb.RESOLVED}
    assessments.save_answers(actor=actor, assessment_uuid=started.uuid, answers=answers)
    return assessments.submit_assessment(actor=actor, assessment_uuid=started.uuid, as_of=as_of)


def test_a_units_later_result_does_not_resolve_the_organisations_deadlines(world: World) -> None:
    plan = pb.adopted_plan(world)
    crew = unit_result(world)
    assert crew.outcome != "not_eligible"
    deadlines.check_all_deadlines(as_of=AFTER)
    kinds = set(DeadlineEvent.objects.filter(plan=plan).values_list("requirement_id", "kind"))
    assert ("MES-SEC-01", "not_eligible") in kinds
    found = deadlines.standing(plan.producer)
    assert found is not None
    assert found.outcome == "not_eligible"
    assert found.result != crew


def test_a_plan_is_not_drafted_from_a_units_result(world: World) -> None:
    crew = unit_result(world)
    with pytest.raises(ValidationError) as caught:
        services.draft_plan(actor=world.actor("alice"), result_uuid=crew.uuid, partner_uuid=world.orgs["field"].uuid)
    assert "one unit" in str(caught.value)


def test_progress_over_time_follows_the_organisations_results_only(world: World) -> None:
    first = pb.mitigating_result(world)
    crew = unit_result(world)
    found = progress.producer_progress(actor=world.actor("alice"), producer_uuid=world.producers["esperanza"].uuid)
    shown = {point.uuid for point in found.results}
    assert first.uuid in shown
    assert crew.uuid not in shown


def test_history_compares_each_result_with_the_previous_one_of_the_same_subject(world: World) -> None:
    first = pb.mitigating_result(world)
    crew = unit_result(world)
    second = pb.resolved_result(world)
    found = assessment_history.history(actor=world.actor("alice"), producer_uuid=world.producers["esperanza"].uuid)
    moved = {e.result.uuid: e for e in found.entries if e.result is not None}
    assert moved[crew.uuid].movements == {}  # the crew's first result: nothing to compare with
    assert moved[first.uuid].movements == {}
    assert moved[second.uuid].movements["MES-SEC-01"] == "improved"


@pytest.mark.parametrize("who", ["alice", "fran"])
def test_the_producer_page_says_first_that_a_lapsed_window_ended_entry(world: World, client: Client, who: str) -> None:
    plan = pb.adopted_plan(world)
    url = f"/producers/{plan.producer.uuid}/"
    client.force_login(world.users[who])
    assert 'id="standing"' not in client.get(url).content.decode()
    deadlines.check_all_deadlines(as_of=AFTER)
    page = client.get(url).content.decode()
    assert 'id="standing"' in page
    assert "Does not meet the entry criteria since 2028-03-01" in page
