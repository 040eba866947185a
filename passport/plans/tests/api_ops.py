"""The API table of plan operations (plans:read / plans:write); run by tests/web/test_every_route.py.

Each operation's ``setup`` authorises the buyer "refiner" (Bob) and drafts a plan of esperanza
with it, and esperanza shares with the verifier and the ministry (``b.share``), so the readers
are esperanza's people, its facilitator (Fran), Bob, and — read only — the verifier (Vera); the
ministry (Ana) may know esperanza and lists its plans as withheld, but not a plan."""

from __future__ import annotations

from typing import Any

from tests.api_table import Op
from tests.world import World

from . import builders as b

READERS = b.SHARED_READERS
EDITORS = {"alice", "mateo", "maria", "bob"}


def _plan(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    b.share(world)
    plan = b.plan(world)
    return {"plan": plan, "version": b.latest(plan), "action": b.optional(plan)}


def _adopted(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    found = _plan(world, objects)
    b.adopt(world, found["plan"])
    return found


def _mitigating(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    b.share(world)
    b.authorise(world)
    return {"mitigating": b.submitted(world)}


def _path(name: str, key: str) -> Any:
    return lambda world, objects: {key: objects[name].uuid}


API: dict[str, Op] = {
    "list_producer_plans": Op(
        lambda world, objects: {"producer_uuid": objects["esperanza"].uuid},
        allowed=b.KNOWING,
        scope="plans:read",
        setup=_plan,
    ),
    "draft_plan": Op(
        lambda world, objects: {},
        allowed={"alice", "mateo", "fran"},
        forbidden=b.KNOWING - {"alice", "mateo", "fran"},
        body=lambda world, objects: {
            "result": str(objects["mitigating"].uuid),
            "partner": str(world.orgs["refiner"].uuid),
            "strategy": "benefit_to_miners",
        },
        scope="plans:write",
        setup=_mitigating,
    ),
    "get_plan": Op(_path("plan", "plan_uuid"), allowed=READERS, scope="plans:read", setup=_plan),
    "change_plan_strategy": Op(
        _path("plan", "plan_uuid"),
        allowed={"alice", "mateo"},
        forbidden=READERS - {"alice", "mateo"},
        body=lambda world, objects: {"strategy": "supply_chain"},
        scope="plans:write",
        setup=_plan,
    ),
    "update_plan_action": Op(
        _path("action", "action_uuid"),
        allowed=EDITORS,
        forbidden={"victor", "fran", "vera"},
        body=lambda world, objects: {"done_means": "Receipts of every payment, shown to the buyer."},
        scope="plans:write",
        setup=_plan,
    ),
    "sign_plan_version": Op(
        _path("version", "version_uuid"),
        allowed={"alice", "mateo", "bob"},
        forbidden={"maria", "victor", "fran", "vera"},
        body=lambda world, objects: {"revision": objects["version"].revision},
        scope="plans:write",
        setup=_plan,
    ),
    "add_plan_comment": Op(
        _path("plan", "plan_uuid"),
        allowed=EDITORS | {"fran"},
        forbidden={"victor", "vera"},
        body=lambda world, objects: {
            "text": "Can the receipts be photos?",
            "requirement": "MES-TAX-01",
            "kind": "proposal",
        },
        scope="plans:write",
        setup=_plan,
    ),
    "revise_plan": Op(
        _path("plan", "plan_uuid"),
        allowed=EDITORS,
        forbidden={"victor", "fran", "vera"},
        body=lambda world, objects: {"summary": "Add the retorts"},
        scope="plans:write",
        setup=_adopted,
    ),
}
