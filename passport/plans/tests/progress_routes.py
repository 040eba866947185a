"""Every progress page with who may use it, for the site-wide route × role test (same format as
``passport/producers/tests/routes.py``).

The pages are about a plan of esperanza adopted with the buyer "refiner" (Bob), which esperanza
authorises; Fran's facilitator reads it too, and so does the verifier (Vera) through its verifier
grant (``b.share``); the ministry (Ana) holds an authority grant (public fields only).
``ROUTES[url_name]``:
- ``kwargs(world) -> dict``: the URL's arguments (it creates the rows the route needs);
- ``allowed``: user names of ``tests.world`` that get a response below 400;
- ``forbidden``: user names that get 403; everyone else gets 404.

An action's page is for the plan's readers; its evidence files for the producer's people and its
facilitator only (files may show people; 404 for the others, who are never shown a file's uuid).
A producer's progress over time opens for everyone who may know the producer, with what the
sharing policy withholds shown as withheld.
"""

from __future__ import annotations

from typing import Any

from passport.assessments.tests.builders import pdf_bytes, upload
from passport.plans import progress
from tests.world import PEOPLE, World

from . import builders as b
from . import progress_builders as pb

EVERYONE = set(PEOPLE)
ESPERANZA = {"alice", "mateo", "maria", "victor"}
PLAN_READERS = b.SHARED_READERS
FILE_READERS = ESPERANZA | {"fran"}


def _action(world: World) -> dict[str, Any]:
    b.share(world)
    plan = pb.adopted_plan(world, partner="refiner")
    return {"plan_uuid": plan.uuid, "requirement_id": "MES-SEC-01"}


def _evidence(world: World) -> dict[str, Any]:
    b.share(world)
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
    b.share(world)
    pb.adopted_plan(world, partner="refiner")
    return {"producer_uuid": world.producers["esperanza"].uuid}


ROUTES: dict[str, dict[str, Any]] = {
    "plans:action": {"kwargs": _action, "allowed": PLAN_READERS, "forbidden": set()},
    "plans:action_evidence": {"kwargs": _evidence, "allowed": FILE_READERS, "forbidden": set()},
    "plans:progress": {"kwargs": _producer, "allowed": b.KNOWING, "forbidden": set()},
}
