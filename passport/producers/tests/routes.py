"""Every registry route with who may use it, for the site-wide route × role test.

``ROUTES[url_name]``:
- ``kwargs(world) -> dict``: the URL's arguments (it may create the rows the route needs);
- ``allowed``: user names of ``tests.world`` that get a response below 400 (a page or a redirect);
- ``forbidden``: user names that get 403 (they may know the producer exists); everyone else not
  allowed gets 404, so guessing uuids reveals nothing;
- ``method``: "get" unless given; POST-only routes say "post" and give ``data(world) -> dict``
  (called after ``kwargs``). Their GET answers 405 for everyone;
- ``shared``: who else is allowed and who else forbidden once esperanza has shared (``share``):
  Bob's refinery holds an actual-partner grant, Vera's verifier asked for access (so it knows the
  producer but sees its public fields only) and Ana's ministry holds an authority grant. Pages
  about the producer open for all three, with what they may not see withheld; a child record
  (a title, a site, a member, a unit) stays 404 to those whose lens withholds that kind of record;
  changes are 403 to those who may know the record exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from passport.producers.models import Member
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b

EVERYONE = set(b.EVERYONE)
NOT_MANAGERS = b.VISIBLE - b.MANAGERS
NOT_EDITORS = b.VISIBLE - b.EDITORS
KNOWING = {"bob", "vera", "ana"}  # after ``share``: may open esperanza's pages
PARTNER = {"bob"}  # sees its titles and sites


def share(world: World) -> None:
    """Esperanza shares with Bob's refinery (actual partner) and Ana's ministry (authority);
    Vera's verifier asks it for access."""
    sharing.grant(world, "refiner")
    sharing.grant(world, "ministry")
    sharing.request(world, "checkers")


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


def _route(
    kwargs: Callable[[World], dict[str, Any]],
    allowed: set[str],
    forbidden: set[str],
    shared: tuple[set[str], set[str]] = (set(), set()),
    **more: Any,
) -> dict:
    return {"kwargs": kwargs, "allowed": allowed, "forbidden": forbidden, "shared": shared, **more}


ROUTES: dict[str, dict[str, Any]] = {
    "producers:list": _route(lambda world: {}, EVERYONE, set()),
    "producers:new": _route(lambda world: {}, {"alice", "mateo", "oscar"}, EVERYONE - {"alice", "mateo", "oscar"}),
    "producers:detail": _route(_producer, b.VISIBLE, set(), (KNOWING, set())),
    "producers:edit": _route(_producer, b.MANAGERS, NOT_MANAGERS, (set(), KNOWING)),
    "producers:titles": _route(_producer, b.VISIBLE, set(), (KNOWING, set())),
    "producers:title_edit": _route(_title, b.MANAGERS, NOT_MANAGERS, (set(), PARTNER)),
    "producers:title_delete": _route(
        _title, b.MANAGERS, NOT_MANAGERS, (set(), PARTNER), method="post", data=lambda world: {}
    ),
    "producers:sites": _route(_producer, b.VISIBLE, set(), (KNOWING, set())),
    "producers:site": _route(_site, b.VISIBLE, set(), (PARTNER, set())),
    "producers:site_edit": _route(_site, b.EDITORS, NOT_EDITORS, (set(), PARTNER)),
    "producers:committee": _route(_site, b.VISIBLE, set(), (PARTNER, set())),
    "producers:seat_remove": _route(
        _seated, b.EDITORS, NOT_EDITORS, (set(), PARTNER), method="post", data=_seated_member
    ),
    "producers:meeting_new": _route(_site, b.EDITORS, NOT_EDITORS, (set(), PARTNER)),
    "producers:members": _route(_producer, b.VISIBLE, set(), (KNOWING, set())),
    "producers:member_new": _route(_producer, b.EDITORS, NOT_EDITORS, (set(), KNOWING)),
    "producers:member_edit": _route(_member, b.EDITORS, NOT_EDITORS),
    "producers:member_delete": _route(_member, b.EDITORS, NOT_EDITORS, method="post", data=lambda world: {}),
    "producers:authorisations": _route(_producer, b.ESPERANZA_OWN, {"fran"}, (set(), KNOWING)),
    "producers:authorisation_revoke": _route(
        _producer, b.MANAGERS, NOT_MANAGERS, (set(), KNOWING), method="post", data=_field
    ),
    "producers:units": _route(_producer, b.VISIBLE, set(), (KNOWING, set())),
    "producers:unit": _route(_unit, b.VISIBLE, set()),
    "producers:unit_exclude": _route(_unit, b.MANAGERS, NOT_MANAGERS, method="post", data=_exclusion),
    "producers:unit_readmit": _route(_excluded_unit, b.MANAGERS, NOT_MANAGERS, method="post", data=_readmission),
}


def after_sharing(spec: dict[str, Any]) -> dict[str, Any]:
    """The route's spec once esperanza has shared (``share``)."""
    more_allowed, more_forbidden = spec["shared"]
    return {**spec, "allowed": spec["allowed"] | more_allowed, "forbidden": spec["forbidden"] | more_forbidden}


__all__ = ["ROUTES", "after_sharing", "share"]
