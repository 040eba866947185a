"""Every plan page with who may use it, for the site-wide route × role test.

The pages are about a plan of esperanza agreed with the buyer "refiner" (Bob), which esperanza
authorises; Fran's facilitator reads it too, and so does the verifier (Vera), read only, through
the verifier grant esperanza gave it (``b.share``). The ministry (Ana) holds an authority grant:
it may know esperanza, so it opens the list of plans (which shows them withheld), but not a
plan. ``ROUTES[url_name]``:
- ``kwargs(world) -> dict``: the URL's arguments (it creates the rows the route needs);
- ``allowed``: user names of ``tests.world`` that get a response below 400 (a page or a redirect);
- ``forbidden``: user names that get 403 (they may read the plan); everyone else gets 404;
- ``method``: "get" unless given; POST-only routes say "post" and give ``data(world) -> dict``
  (called after ``kwargs``). Their GET answers 405 for everyone.

The progress pages of plans have their own table (``progress_routes.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.world import World

from . import builders as b

READERS = b.SHARED_READERS
EDITORS = {"alice", "mateo", "maria", "bob"}
SIGNERS = {"alice", "mateo", "bob"}
MANAGERS = {"alice", "mateo"}


def _shared_plan(world: World) -> Any:
    b.share(world)
    return b.plan(world)


def _plan(world: World) -> dict[str, Any]:
    return {"plan_uuid": _shared_plan(world).uuid}


def _adopted(world: World) -> dict[str, Any]:
    plan = _shared_plan(world)
    b.adopt(world, plan)
    return {"plan_uuid": plan.uuid}


def _producer(world: World) -> dict[str, Any]:
    _shared_plan(world)
    return {"producer_uuid": world.producers["esperanza"].uuid}


def _result(world: World) -> dict[str, Any]:
    b.share(world)
    b.authorise(world)
    return {"result_uuid": b.submitted(world).uuid}


def _version(world: World) -> dict[str, Any]:
    return {"version_uuid": b.latest(_shared_plan(world)).uuid}


def _action(world: World) -> dict[str, Any]:
    return {"action_uuid": b.optional(_shared_plan(world)).uuid}


def _route(
    kwargs: Callable[[World], dict[str, Any]], allowed: set[str], forbidden: set[str] | None = None, **more: Any
) -> dict[str, Any]:
    return {
        "kwargs": kwargs,
        "allowed": allowed,
        "forbidden": READERS - allowed if forbidden is None else forbidden,
        **more,
    }


def _comment(world: World) -> dict[str, Any]:
    return {"text": "Agreed.", "kind": "comment", "requirement_id": ""}


ROUTES: dict[str, dict[str, Any]] = {
    "plans:list": _route(_producer, b.KNOWING),
    # Everyone who may know esperanza may know its results; only its people and its facilitator draft.
    "plans:new": _route(_result, {"alice", "mateo", "fran"}, forbidden=b.KNOWING - {"alice", "mateo", "fran"}),
    "plans:detail": _route(_plan, READERS),
    "plans:version": _route(_version, READERS),
    "plans:strategy": _route(_plan, MANAGERS, method="post", data=lambda world: {"strategy": "supply_chain"}),
    "plans:action_edit": _route(_action, EDITORS),
    "plans:priority": _route(_action, {"bob"}, method="post", data=lambda world: {"priority": "1"}),
    "plans:comment": _route(_plan, EDITORS | {"fran"}, method="post", data=_comment),
    "plans:sign": _route(_version, SIGNERS, method="post", data=lambda world: {"revision": "1"}),
    "plans:revise": _route(_adopted, EDITORS, method="post", data=lambda world: {"summary": "Next round"}),
}

__all__ = ["ROUTES"]
