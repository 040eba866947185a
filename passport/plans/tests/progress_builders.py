"""Builders for progress and deadline tests: real submitted results and adopted plans, made
directly with the ORM so each test says only what it needs.

``mitigating_result`` gives Esperanza (Colombia) two mitigate findings on real answers:
MES-SEC-01 (security forces taxing: disengage when its window expires) and MES-CHILD-01
(under-age work in adjacent tasks: review when it expires). For Kalimbi (DRC) it uses the
South Kivu example, whose MES-SEC-01 finding is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from passport.assessments import services as assessments
from passport.assessments.models import Result, ResultFinding
from passport.assessments.tests.builders import DAY, answered
from passport.engine import Window
from passport.plans.models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanVersion,
    ProgressNote,
    Signature,
)
from passport.producers.models import AssessorAuthorisation, Member
from tests.world import PEOPLE, World

ADOPTED = dt.date(2027, 8, 31)  # + six months = 29 February 2028, a leap day
DUE = dt.date(2028, 2, 29)
SIX_MONTHS = Window.parse("P6M")

# Esperanza's answers: a complete self-assessment with two risks to mitigate.
MITIGATE = {
    "pits_secured": True,
    "machinery_used": False,
    "security_present": "public",
    "security_illegal_conduct": True,
    "vpshr_clauses": False,
    "security_grievance_channel": False,
    "underage_adjacent_tasks": True,
}
# The same producer, a later assessment: both risks resolved.
RESOLVED = {**MITIGATE, "security_illegal_conduct": False, "underage_adjacent_tasks": False}

EXAMPLES = {"esperanza": "co-narino-cooperative", "kalimbi": "cd-sud-kivu-fardc-taxing"}
EXTRA = {"esperanza": MITIGATE, "kalimbi": {}}


def owner_of(producer: str) -> str:
    return next(n for n, (org, role) in PEOPLE.items() if org == producer and role == "owner")


def result(
    world: World,
    producer: str = "esperanza",
    answers: Mapping[str, Any] | None = None,
    who: str | None = None,
    as_of: dt.date = DAY,
) -> Result:
    """A submitted self-assessment of ``producer`` on its example's answers plus ``answers``."""
    who = who or owner_of(producer)
    assessment = answered(world, who, EXAMPLES[producer], producer=producer)
    extra = EXTRA[producer] if answers is None else answers
    if extra:
        assessments.save_answers(actor=world.actor(who), assessment_uuid=assessment.uuid, answers=dict(extra))
    return assessments.submit_assessment(actor=world.actor(who), assessment_uuid=assessment.uuid, as_of=as_of)


def mitigating_result(world: World, producer: str = "esperanza") -> Result:
    return result(world, producer)


def resolved_result(world: World, as_of: dt.date = DAY) -> Result:
    """A later assessment of Esperanza in which both mitigate risks are gone."""
    return result(world, "esperanza", RESOLVED, as_of=as_of)


def adopted_plan(
    world: World,
    *,
    producer: str = "esperanza",
    partner: str = "field",
    source: Result | None = None,
    adopted_on: dt.date = ADOPTED,
    requirements: Iterable[str] | None = None,
    owner: Member | None = None,
) -> Plan:
    """A plan adopted on ``adopted_on`` (version 1 signed by both sides): one mandatory action per
    mitigate finding of ``source`` (due six months after adoption, owned by a member) and one
    optional action per improve finding, in the standard's order."""
    source = source or mitigating_result(world, producer)
    producer_row = world.producers[producer]
    owner_name = owner_of(producer)
    partner_owner = owner_of(partner)
    if not AssessorAuthorisation.objects.filter(
        producer=producer_row, organisation=world.orgs[partner], revoked_at__isnull=True
    ).exists():
        AssessorAuthorisation.objects.create(producer=producer_row, organisation=world.orgs[partner])
    owner = owner or Member.objects.create(producer=producer_row, name="Rosa Díaz", role="panner", gender="woman")
    plan = Plan.objects.create(
        producer=producer_row,
        partner=world.orgs[partner],
        source_result=source,
        standard_ref=source.standard_ref,
        created_by=world.users[owner_name],
        first_adopted_on=adopted_on,
    )
    at = dt.datetime.combine(adopted_on, dt.time(12), tzinfo=dt.UTC)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        strategy="quick_wins",
        created_by=world.users[owner_name],
        adopted_on=adopted_on,
        adopted_at=at,
    )
    wanted = set(requirements) if requirements is not None else None
    findings = ResultFinding.objects.filter(result=source, action__in=("mitigate", "improve")).order_by("id")
    mandatory = [f for f in findings if f.action == "mitigate"]
    optional = [f for f in findings if f.action == "improve"]
    for position, f in enumerate([*mandatory, *optional], start=1):
        if wanted is not None and f.requirement_id not in wanted:
            continue
        is_mandatory = f.action == "mitigate"
        PlanAction.objects.create(
            version=version,
            requirement_id=f.requirement_id,
            cell_id=f.level or f.requirement_id,
            mandatory=is_mandatory,
            window="P6M" if is_mandatory else "",
            position=position,
            why={"en": "test"},
            owner=owner if is_mandatory else None,
            due_on=SIX_MONTHS.after(adopted_on) if is_mandatory else None,
        )
    Signature.objects.create(
        version=version, organisation=producer_row.organisation, signed_by=world.users[owner_name], signed_at=at
    )
    Signature.objects.create(
        version=version, organisation=world.orgs[partner], signed_by=world.users[partner_owner], signed_at=at
    )
    return plan


def draft_plan(world: World, *, producer: str = "esperanza", partner: str = "field") -> Plan:
    """A plan with one unsigned version (not adopted)."""
    plan = adopted_plan(world, producer=producer, partner=partner)
    plan.versions.update(adopted_on=None, adopted_at=None)
    Plan.objects.filter(pk=plan.pk).update(first_adopted_on=None)
    plan.refresh_from_db()
    return plan


def note(world: World, plan: Plan, requirement_id: str, status: str = ActionStatus.DONE, who: str = "alice") -> None:
    """A progress note written directly (the service is tested on its own)."""
    actor = world.actor(who)
    assert actor.user is not None
    assert actor.organisation is not None
    ProgressNote.objects.create(
        plan=plan, requirement_id=requirement_id, status=status, author=actor.user, organisation=actor.organisation
    )
