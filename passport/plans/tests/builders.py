"""Small builders for plan tests: results worth a plan, an authorised buyer, plans in each state.

Esperanza's answers start from the Nariño cooperative example (with the two questions its
alluvial pits add), then say that the army taxes the routes and taxes are partly paid: two
findings to mitigate within six months of the plan (MES-SEC-01, MES-TAX-01) and a dozen to improve.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from passport.accounts.models import Organisation
from passport.assessments import services as assessments
from passport.assessments.models import Assessment, Result
from passport.assessments.tests.builders import DAY, example_answers, start
from passport.plans import services
from passport.plans.models import Plan, PlanAction, PlanVersion
from passport.producers.models import AssessorAuthorisation, Member
from passport.sharing.tests import builders as sharing
from tests.world import World

MANDATORY = ("MES-SEC-01", "MES-TAX-01")
MITIGATING = {
    "pits_secured": True,
    "machinery_used": False,
    "security_present": "public",
    "security_illegal_conduct": True,
    "vpshr_clauses": False,
    "security_grievance_channel": False,
    "taxes_paid": "partly_paid",
}
ADOPTION = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)
# Towards a plan of esperanza with the buyer "refiner" (Bob), once refiner is authorised:
PRODUCER = {"alice", "mateo", "maria", "victor"}
READERS = PRODUCER | {"fran", "bob"}
EVERYONE = ("alice", "mateo", "maria", "victor", "oscar", "fran", "bob", "vera", "ana", "stella")
# Once esperanza shares (``share``): the verifier (Vera) reads its plans, read only; the ministry
# (Ana) may know esperanza but its authority grant shows public fields only.
SHARED_READERS = READERS | {"vera"}
KNOWING = SHARED_READERS | {"ana"}


def answers(world: World, **more: Any) -> dict[str, Any]:
    found = example_answers("co-narino-cooperative", world.producers["esperanza"])
    return {**found, **MITIGATING, **more}


def submitted(world: World, who: str = "alice", **more: Any) -> Result:
    """A submitted self-assessment of esperanza, eligible with mitigation unless ``more`` says otherwise."""
    assessment = start(world, who)
    assessments.save_answers(actor=world.actor(who), assessment_uuid=assessment.uuid, answers=answers(world, **more))
    return assessments.submit_assessment(actor=world.actor(who), assessment_uuid=assessment.uuid, as_of=DAY)


def stopping(world: World) -> Result:
    """Not eligible: children in hazardous work (disengage), plus the two risks to mitigate."""
    return submitted(world, u18_hazardous_work=True)


def nothing_to_plan(world: World) -> Result:
    """A result whose only finding asks for nothing (written directly: no example is that clean)."""
    assessment = start(world)
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=ADOPTION)
    finding = {"requirement": "MES-ORG-02", "module": "M1", "cell": "formal", "level": "L4", "action": "none"}
    return Result.objects.create(
        assessment=assessment,
        producer=assessment.producer,
        standard_ref="mes@1.0",
        standard_digest=assessment.standard.digest,
        as_of=DAY,
        outcome="eligible",
        classification={"en": {"outcome": "eligible", "findings": [finding], "missing": []}},
    )


def authorise(world: World, org_key: str = "refiner") -> AssessorAuthorisation:
    return AssessorAuthorisation.objects.create(
        producer=world.producers["esperanza"], organisation=world.orgs[org_key], granted_by=world.users["alice"]
    )


def share(world: World) -> None:
    """Esperanza grants the verifier a verifier grant (it sees ``plans``) and the ministry an
    authority grant (public fields only)."""
    sharing.grant(world, "checkers")
    sharing.grant(world, "ministry")


def plan(
    world: World,
    *,
    who: str = "alice",
    partner: str = "refiner",
    strategy: str = "quick_wins",
    result: Result | None = None,
) -> Plan:
    """A drafted plan of esperanza with ``partner`` (authorised here if it is not yet)."""
    partner_org: Organisation = world.orgs[partner]
    if not AssessorAuthorisation.objects.filter(
        producer=world.producers["esperanza"], organisation=partner_org, revoked_at__isnull=True
    ).exists():
        authorise(world, partner)
    return services.draft_plan(
        actor=world.actor(who),
        result_uuid=(result or submitted(world)).uuid,
        partner_uuid=partner_org.uuid,
        strategy=strategy,
        as_of=DAY,
    )


def latest(p: Plan) -> PlanVersion:
    return PlanVersion.objects.filter(plan=p).order_by("-number").first()  # type: ignore[return-value]


def actions(version: PlanVersion) -> list[PlanAction]:
    return list(PlanAction.objects.filter(version=version).order_by("position"))


def action(p: Plan, requirement_id: str) -> PlanAction:
    return PlanAction.objects.get(version=latest(p), requirement_id=requirement_id)


def optional(p: Plan) -> PlanAction:
    return PlanAction.objects.filter(version=latest(p), mandatory=False).order_by("position").first()  # type: ignore[return-value]


def sign(world: World, p: Plan, who: str = "alice", *, now: dt.datetime | None = None) -> PlanVersion:
    """``who`` signs the plan's latest version at the revision it has now (having read it)."""
    version = latest(p)
    return services.sign(actor=world.actor(who), version_uuid=version.uuid, revision=version.revision, now=now)


def adopt(
    world: World, p: Plan, *, now: dt.datetime = ADOPTION, producer: str = "alice", partner: str = "bob"
) -> PlanVersion:
    sign(world, p, producer, now=now)
    return sign(world, p, partner, now=now)


def member(world: World, name: str = "Rosa Díaz", producer: str = "esperanza") -> Member:
    return Member.objects.create(producer=world.producers[producer], name=name, role="panner", gender="woman")


def due_in_six_months(start: dt.date) -> dt.date:
    from passport.engine import Window, due_date  # noqa: PLC0415

    return due_date(Window.parse("P6M"), start)
