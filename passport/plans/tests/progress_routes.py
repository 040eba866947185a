"""Every progress page with who may use it, for the site-wide route × role test (same format as
``passport/producers/tests/routes.py``).

The pages are about a plan of esperanza adopted with the buyer "refiner" (Bob), which esperanza
authorises; Fran's facilitator reads it too. ``ROUTES[url_name]``:
- ``kwargs(world) -> dict``: the URL's arguments (it creates the rows the route needs);
- ``allowed``: user names of ``tests.world`` that get a response below 400;
- ``forbidden``: user names that get 403; everyone else gets 404.

A producer's progress over time is for its own people and its facilitator only (not yet for
buyers: sharing arrives with issue 5), so Bob gets 404 there.
"""

from __future__ import annotations

from typing import Any

from passport.assessments.tests.builders import pdf_bytes, upload
from passport.plans import progress
from tests.world import PEOPLE, World

from . import progress_builders as pb

EVERYONE = set(PEOPLE)
ESPERANZA = {"alice", "mateo", "maria", "victor"}
PLAN_READERS = ESPERANZA | {"fran", "bob"}
PRODUCER_READERS = ESPERANZA | {"fran"}


def _action(world: World) -> dict[str, Any]:
    plan = pb.adopted_plan(world, partner="refiner")
    return {"plan_uuid": plan.uuid, "requirement_id": "MES-SEC-01"}


def _evidence(world: World) -> dict[str, Any]:
    plan = pb.adopted_plan(world, partner="refiner")
    note = progress.record_progress(
        actor=world.actor("alice"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="in_progress",
        files=[upload(pdf_bytes(), "receipt.pdf", "application/pdf")],
    )
    return {"plan_uuid": plan.uuid, "evidence_uuid": note.evidence.get().uuid}


def _producer(world: World) -> dict[str, Any]:
    pb.adopted_plan(world, partner="refiner")
    return {"producer_uuid": world.producers["esperanza"].uuid}


ROUTES: dict[str, dict[str, Any]] = {
    "plans:action": {"kwargs": _action, "allowed": PLAN_READERS, "forbidden": set()},
    "plans:action_evidence": {"kwargs": _evidence, "allowed": PLAN_READERS, "forbidden": set()},
    "plans:progress": {"kwargs": _producer, "allowed": PRODUCER_READERS, "forbidden": set()},
}
