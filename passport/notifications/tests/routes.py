"""Every page of this part, with the objects it needs and who may open it; the site-wide check
in tests/web/test_every_route.py fails when a URL is missing here.

Same format as ``passport/producers/tests/routes.py``: ``kwargs(world)``, ``allowed`` (a response
below 400), ``forbidden`` (403; everyone else 404), ``method`` and ``data`` for POST-only pages.
An inbox is personal: anyone signed in opens theirs; a notification is only its recipient's."""

from __future__ import annotations

from typing import Any

from tests.world import PEOPLE, World

from .builders import notification

EVERYONE = set(PEOPLE)


def _alices(world: World) -> dict[str, Any]:
    return {"uuid": notification(world, "alice").uuid}


ROUTES: dict[str, dict[str, Any]] = {
    "notifications:inbox": {"kwargs": lambda world: {}, "allowed": EVERYONE, "forbidden": set()},
    "notifications:read": {
        "kwargs": _alices,
        "allowed": {"alice"},
        "forbidden": set(),
        "method": "post",
        "data": lambda world: {},
    },
}
