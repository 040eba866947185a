"""Every registry route with who may use it, for the site-wide route × role test.

``ROUTES[url_name]``:
- ``kwargs(world) -> dict``: the URL's arguments (it may create the rows the route needs);
- ``allowed``: user names of ``tests.world`` that get a response below 400 (a page or a redirect);
- ``forbidden``: user names that get 403 (they may know the producer exists); everyone else not
  allowed gets 404, so guessing uuids reveals nothing;
- ``method``: "get" unless given; POST-only routes say "post" and give ``data(world) -> dict``
  (called after ``kwargs``). Their GET answers 405 for everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from passport.producers.models import Member
from tests.world import World

from . import builders as b

EVERYONE = set(b.EVERYONE)
NOT_MANAGERS = b.VISIBLE - b.MANAGERS
NOT_EDITORS = b.VISIBLE - b.EDITORS


def _producer(world: World) -> dict[str, Any]:
    return {"producer_uuid": world.producers["esperanza"].uuid}


def _title(world: World) -> dict[str, Any]:
    return {"title_uuid": b.title(world.producers["esperanza"]).uuid}


def _site(world: World) -> dict[str, Any]:
    return {"site_uuid": b.site(world.producers["esperanza"]).uuid}


def _member(world: World) -> dict[str, Any]:
    return {"member_uuid": b.member(world.producers["esperanza"]).uuid}


def _seated(world: World) -> dict[str, Any]:
    producer = world.producers["esperanza"]
    at = b.site(producer)
    b.committee(at, seated=(b.member(producer),))
    return {"site_uuid": at.uuid}


def _seated_member(world: World) -> dict[str, Any]:
    seated = Member.objects.get(producer=world.producers["esperanza"], seats__isnull=False)
    return {"member": str(seated.uuid)}


def _field(world: World) -> dict[str, Any]:
    return {"organisation": str(world.orgs["field"].uuid)}


def _unit(world: World) -> dict[str, Any]:
    return {"unit_uuid": b.unit(world.producers["esperanza"]).uuid}


def _excluded_unit(world: World) -> dict[str, Any]:
    crew = b.unit(world.producers["esperanza"])
    b.exclusion(crew)
    return {"unit_uuid": crew.uuid}


def _exclusion(world: World) -> dict[str, Any]:
    return {"excluded_on": "2026-04-01", "reason": "Sold ore outside the cooperative"}


def _readmission(world: World) -> dict[str, Any]:
    return {"lifted_on": "2026-05-01", "reason": "Sells through the cooperative again"}


def _route(kwargs: Callable[[World], dict[str, Any]], allowed: set[str], forbidden: set[str], **more: Any) -> dict:
    return {"kwargs": kwargs, "allowed": allowed, "forbidden": forbidden, **more}


ROUTES: dict[str, dict[str, Any]] = {
    "producers:list": _route(lambda world: {}, EVERYONE, set()),
    "producers:new": _route(lambda world: {}, {"alice", "mateo", "oscar"}, EVERYONE - {"alice", "mateo", "oscar"}),
    "producers:detail": _route(_producer, b.VISIBLE, set()),
    "producers:edit": _route(_producer, b.MANAGERS, NOT_MANAGERS),
    "producers:titles": _route(_producer, b.VISIBLE, set()),
    "producers:title_edit": _route(_title, b.MANAGERS, NOT_MANAGERS),
    "producers:title_delete": _route(_title, b.MANAGERS, NOT_MANAGERS, method="post", data=lambda world: {}),
    "producers:sites": _route(_producer, b.VISIBLE, set()),
    "producers:site": _route(_site, b.VISIBLE, set()),
    "producers:site_edit": _route(_site, b.EDITORS, NOT_EDITORS),
    "producers:committee": _route(_site, b.VISIBLE, set()),
    "producers:seat_remove": _route(_seated, b.EDITORS, NOT_EDITORS, method="post", data=_seated_member),
    "producers:meeting_new": _route(_site, b.EDITORS, NOT_EDITORS),
    "producers:members": _route(_producer, b.VISIBLE, set()),
    "producers:member_new": _route(_producer, b.EDITORS, NOT_EDITORS),
    "producers:member_edit": _route(_member, b.EDITORS, NOT_EDITORS),
    "producers:member_delete": _route(_member, b.EDITORS, NOT_EDITORS, method="post", data=lambda world: {}),
    "producers:authorisations": _route(_producer, b.ESPERANZA_OWN, {"fran"}),
    "producers:authorisation_revoke": _route(_producer, b.MANAGERS, NOT_MANAGERS, method="post", data=_field),
    "producers:units": _route(_producer, b.VISIBLE, set()),
    "producers:unit": _route(_unit, b.VISIBLE, set()),
    "producers:unit_exclude": _route(_unit, b.MANAGERS, NOT_MANAGERS, method="post", data=_exclusion),
    "producers:unit_readmit": _route(_excluded_unit, b.MANAGERS, NOT_MANAGERS, method="post", data=_readmission),
}

__all__ = ["ROUTES"]
