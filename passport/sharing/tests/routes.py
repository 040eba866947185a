"""Every sharing page with who may use it, for the site-wide route × role test (same format as
``passport/plans/tests/routes.py``): ``kwargs(world)`` builds what the route needs and gives its
URL arguments; ``allowed`` get a response below 400; ``forbidden`` get 403 (they may know the
producer or the object); everyone else 404. POST-only routes give ``method="post"`` and
``data(world)``. ``public`` routes are open to visitors who are not signed in.

In the base world nobody holds a grant, so each route builds its own: Bob's buyer "refiner"
holds a grant or asked for access (it then knows esperanza: 403 where it may not act), and
Fran's facilitator is authorised by esperanza (403 too).
"""

from __future__ import annotations

from typing import Any

from tests.world import PEOPLE, World

from . import builders as b

EVERYONE = set(PEOPLE)
ESPERANZA = {"alice", "mateo", "maria", "victor"}
MANAGERS = {"alice", "mateo"}
ASKERS = {"bob", "vera", "ana"}  # a buyer, a verifier, an authority


def _producer(world: World) -> dict[str, Any]:
    return {"producer_uuid": world.producers["esperanza"].uuid}


def _granted(world: World) -> dict[str, Any]:
    b.grant(world, "refiner")
    return _producer(world)


def _listed(world: World) -> dict[str, Any]:
    b.listed(world)
    return _producer(world)


def _directory(world: World) -> dict[str, Any]:
    b.listed(world)
    return {}


def _pending(world: World) -> dict[str, Any]:
    return {"request_uuid": b.request(world, "refiner").uuid}


def _grant(world: World) -> dict[str, Any]:
    return {"grant_uuid": b.grant(world, "refiner").uuid}


def _give(world: World) -> dict[str, Any]:
    return {"organisation": str(world.orgs["checkers"].uuid), "audience": "verifier", "purposes": ["verification"]}


def _route(kwargs: Any, allowed: set[str], forbidden: set[str], **more: Any) -> dict[str, Any]:
    return {"kwargs": kwargs, "allowed": allowed, "forbidden": forbidden, **more}


ROUTES: dict[str, dict[str, Any]] = {
    "sharing:producer": _route(_granted, ESPERANZA, {"fran", "bob"}),
    # Listed: everyone may know esperanza. Its own people, the facilitator, a producer and the
    # steward may not ask (403); a buyer, a verifier and an authority may.
    "sharing:request": _route(_listed, ASKERS, EVERYONE - ASKERS),
    # Only the two sides of a request or grant may know it exists: the facilitator gets 404.
    "sharing:answer": _route(
        _pending,
        MANAGERS,
        {"maria", "victor", "bob"},
        method="post",
        data=lambda world: {"decision": "decline", "answer": "Not this year."},
    ),
    "sharing:withdraw": _route(_pending, {"bob"}, ESPERANZA, method="post", data=lambda world: {}),
    "sharing:grant": _route(_granted, MANAGERS, {"maria", "victor", "fran", "bob"}, method="post", data=_give),
    "sharing:revoke": _route(_grant, MANAGERS, {"maria", "victor", "bob"}, method="post", data=lambda w: {}),
    "sharing:field": _route(
        _granted,
        MANAGERS,
        {"maria", "victor", "fran", "bob"},
        method="post",
        data=lambda world: {"key": "titles", "sensitivity": "confidential"},
    ),
    "sharing:listing": _route(
        _granted, MANAGERS, {"maria", "victor", "fran", "bob"}, method="post", data=lambda world: {"listed": "1"}
    ),
    "sharing:log": _route(_granted, ESPERANZA, {"fran", "bob"}),
    "sharing:mine": _route(lambda world: {}, EVERYONE, set()),
    "sharing:directory": _route(_directory, EVERYONE, set(), public=True),
}

__all__ = ["ROUTES"]
