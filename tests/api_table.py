"""The API authorization table's shape, shared by each app's table of operations.

``tests/web/test_every_route.py`` runs every operation of every table for every person of the
world, anonymously, and with API tokens; each app keeps its own operations in
``passport/<app>/tests/api_ops.py`` as ``API: dict[str, Op]`` keyed by OpenAPI operation id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.world import PEOPLE, World

ESPERANZA = {"alice", "mateo", "maria", "victor"}
READERS = ESPERANZA | {"fran"}  # esperanza's people and the facilitator it authorised
EDITORS = {"alice", "mateo", "maria"}
EVERYONE = set(PEOPLE)

Objects = dict[str, Any]


@dataclass(frozen=True)
class Op:
    path: Callable[[World, dict[str, Any]], dict[str, Any]]
    """Path parameters."""
    allowed: set[str]
    forbidden: set[str] = field(default_factory=set)
    """Get 403: they may know the object exists. Everyone else not allowed gets 404 (or the
    status in ``refused``)."""
    body: Callable[[World, dict[str, Any]], dict[str, Any]] | None = None
    refused: dict[str, int] = field(default_factory=dict)
    """Other expected refusals by person, e.g. 409 for a producer that is already registered."""
    scope: str | None = None
    """The API-token scope the operation needs (None: any token of the organisation)."""
    people_only: bool = False
    """Refused (403) to every API token whatever its scopes: it answers about a person (an inbox)."""
    setup: Callable[[World, Objects], Objects] | None = None
    """Builds the objects this operation needs beyond the common ones (esperanza, its site, a
    draft and a submitted result), e.g. a plan; given the common objects, returns the new ones."""
