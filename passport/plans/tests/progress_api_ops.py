"""The API table of progress operations; run by tests/web/test_every_route.py.

Each operation's ``setup`` adopts a plan of esperanza with the buyer "refiner" (Bob), which
esperanza authorises; Fran's facilitator reads it too, and the verifier (Vera) through its
verifier grant; the ministry (Ana) holds an authority grant (``b.share``)."""

from __future__ import annotations

from typing import Any

from tests.api_table import EDITORS, Op
from tests.world import World

from . import builders as b
from . import progress_builders as pb


def _adopted(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    b.share(world)
    return {"plan": pb.adopted_plan(world, partner="refiner")}


API: dict[str, Op] = {
    # The producer's people (member and up) and its facilitator record; a viewer, the buyer
    # partner and the verifier read the plan but may not (403); everyone else does not see it (404).
    "record_action_progress": Op(
        lambda world, objects: {"plan_uuid": objects["plan"].uuid, "requirement_id": "MES-SEC-01"},
        allowed=EDITORS | {"fran"},
        forbidden={"victor", "bob", "vera"},
        body=lambda world, objects: {"status": "in_progress", "note": "Met the commander"},
        scope="plans:write",
        setup=_adopted,
    ),
    # One action with its deadline, notes and evidence: every reader of the plan (the producer's
    # people, the buyer partner it authorises, its facilitator, the verifier it shares its plans
    # with); everyone else does not see it.
    "get_plan_action": Op(
        lambda world, objects: {"plan_uuid": objects["plan"].uuid, "requirement_id": "MES-SEC-01"},
        allowed=b.SHARED_READERS,
        scope="plans:read",
        setup=_adopted,
    ),
    # A producer's progress over time: everyone who may know the producer, with what the policy
    # withholds null and named under `withheld`.
    "get_producer_progress": Op(
        lambda world, objects: {"producer_uuid": objects["esperanza"].uuid},
        allowed=b.KNOWING,
        scope="plans:read",
        setup=_adopted,
    ),
}
