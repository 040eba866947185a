"""The API table of sharing operations (sharing:read / sharing:write); run by
tests/web/test_every_route.py for every person of the world, anonymously and with tokens.

Each operation's ``setup`` builds what it names: a pending request of the buyer "refiner" (Bob),
a grant to it, or esperanza listed in the directory (so every organisation may know it and ask).
Bob knows esperanza through its request or grant: 403 where he may not act. ``"anonymous"`` in
``allowed`` marks the public directory."""

from __future__ import annotations

from typing import Any

from tests.api_table import ESPERANZA, EVERYONE, Op
from tests.world import World

from . import builders as b

MANAGERS = {"alice", "mateo"}
NOT_MANAGERS = {"maria", "victor", "fran"}
ASKERS = {"bob", "vera", "ana"}


def _esperanza(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    return {"producer_uuid": objects["esperanza"].uuid}


def _listed(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    b.listed(world)
    return {}


def _pending(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    return {"pending": b.request(world, "refiner")}


def _granted(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    return {"grant": b.grant(world, "refiner")}


API: dict[str, Op] = {
    "get_sharing": Op(_esperanza, allowed=ESPERANZA, forbidden={"fran"}, scope="sharing:read"),
    "request_access": Op(
        _esperanza,
        allowed=ASKERS,
        forbidden=EVERYONE - ASKERS,
        body=lambda world, objects: {"message": "We would like to review your assessment before we buy."},
        scope="sharing:write",
        setup=_listed,
    ),
    "answer_access_request": Op(
        lambda world, objects: {"request_uuid": objects["pending"].uuid},
        allowed=MANAGERS,
        forbidden=(NOT_MANAGERS - {"fran"}) | {"bob"},  # only the two sides may know a request exists
        body=lambda world, objects: {"decision": "accept"},
        scope="sharing:write",
        setup=_pending,
    ),
    "withdraw_access_request": Op(
        lambda world, objects: {"request_uuid": objects["pending"].uuid},
        allowed={"bob"},
        forbidden=ESPERANZA,
        scope="sharing:write",
        setup=_pending,
    ),
    "grant_access": Op(
        _esperanza,
        allowed=MANAGERS,
        forbidden=NOT_MANAGERS,
        body=lambda world, objects: {
            "organisation": str(world.orgs["refiner"].uuid),
            "audience": "actual_partner",
            "purposes": ["due_diligence"],
        },
        scope="sharing:write",
    ),
    "revoke_grant": Op(
        lambda world, objects: {"grant_uuid": objects["grant"].uuid},
        allowed=MANAGERS,
        forbidden=(NOT_MANAGERS - {"fran"}) | {"bob"},  # only the two sides may know a grant exists
        scope="sharing:write",
        setup=_granted,
    ),
    "set_field_sensitivity": Op(
        lambda world, objects: {"producer_uuid": objects["esperanza"].uuid, "key": "titles"},
        allowed=MANAGERS,
        forbidden=NOT_MANAGERS,
        body=lambda world, objects: {"sensitivity": "confidential"},
        scope="sharing:write",
    ),
    "set_listing": Op(
        _esperanza,
        allowed=MANAGERS,
        forbidden=NOT_MANAGERS,
        body=lambda world, objects: {"listed": True},
        scope="sharing:write",
    ),
    "get_access_log": Op(_esperanza, allowed=ESPERANZA, forbidden={"fran"}, scope="sharing:read"),
    "list_my_access": Op(lambda world, objects: {}, allowed=EVERYONE, scope="sharing:read"),
    # Public: anyone, signed in or not, and any token whatever its scopes.
    "list_directory": Op(lambda world, objects: {}, allowed=EVERYONE | {"anonymous"}, setup=_listed),
}
