"""The API table of assessment operations (assessments:read / assessments:write), for
tests/web/test_every_route.py.

Each operation's ``setup`` has esperanza grant the buyer "refiner" (Bob) partner access: Bob may
then know esperanza and opens its submitted assessments, results, lists and roll-up (what each
shows him is the sharing policy's, tested in ``test_sharing.py``), but not its drafts (404), and
may not start an assessment without an authorisation (403)."""

from __future__ import annotations

from typing import Any

from passport.sharing.tests.builders import grant
from tests.api_table import EDITORS, READERS, Op
from tests.world import World

KNOWING = READERS | {"bob"}


def _shared(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    grant(world, "refiner")
    return {"submitted": objects["result"].assessment}


def _path(name: str, key: str = "uuid") -> Any:
    return lambda world, objects: {key: objects[name].uuid}


API: dict[str, Op] = {
    "start_assessment": Op(
        lambda world, objects: {},
        allowed=EDITORS | {"fran"},
        forbidden={"victor", "bob"},
        body=lambda world, objects: {"producer": str(objects["esperanza"].uuid), "kind": "self"},
        scope="assessments:write",
        setup=_shared,
    ),
    "get_assessment": Op(_path("submitted"), allowed=KNOWING, scope="assessments:read", setup=_shared),
    "save_answers": Op(
        _path("draft"),
        allowed=EDITORS,
        forbidden={"victor", "fran"},
        body=lambda world, objects: {"answers": {"leadership_structure": "formal"}},
        scope="assessments:write",
        setup=_shared,
    ),
    "submit_assessment": Op(
        _path("draft"),
        allowed=EDITORS,
        forbidden={"victor", "fran"},
        body=lambda world, objects: {},
        scope="assessments:write",
        setup=_shared,
    ),
    "get_result": Op(_path("result"), allowed=KNOWING, scope="assessments:read", setup=_shared),
    "list_producer_assessments": Op(_path("esperanza"), allowed=KNOWING, scope="assessments:read", setup=_shared),
    "list_producer_results": Op(_path("esperanza"), allowed=KNOWING, scope="assessments:read", setup=_shared),
    "get_rollup": Op(_path("esperanza", "producer_uuid"), allowed=KNOWING, scope="assessments:read", setup=_shared),
}
