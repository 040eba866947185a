"""Grants, requests and listings for tests, written straight to the database (the services'
checks are tested on their own in ``test_services``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from passport.producers.clock import local_today
from passport.sharing.models import AccessRequest, DirectoryListing, FieldSetting, Grant
from tests.world import PEOPLE, World

AUDIENCE_OF_KIND = {"buyer": "actual_partner", "verifier": "verifier", "authority": "authority"}
PURPOSE_OF_KIND = {"buyer": "due_diligence", "verifier": "verification", "authority": "statistics"}


def grant(
    world: World,
    org_key: str,
    producer_key: str = "esperanza",
    *,
    audience: str | None = None,
    purposes: Sequence[str] | None = None,
    granted_on: dt.date | None = None,
    until: dt.date | None = None,
    revoked_on: dt.date | None = None,
) -> Grant:
    """``producer_key`` grants ``org_key`` access; by default what its kind usually gets (a buyer:
    actual partner for due diligence), from the producer's today, with no end."""
    org = world.orgs[org_key]
    producer = world.producers[producer_key]
    return Grant.objects.create(
        producer=producer,
        organisation=org,
        audience=audience or AUDIENCE_OF_KIND[org.kind],
        purposes=list(purposes or [PURPOSE_OF_KIND[org.kind]]),
        granted_on=granted_on or local_today(producer),
        until=until,
        revoked_on=revoked_on,
        granted_by=world.users[_owner_of(producer_key)],
    )


def request(world: World, org_key: str, producer_key: str = "esperanza", **terms: object) -> AccessRequest:
    org = world.orgs[org_key]
    return AccessRequest.objects.create(
        producer=world.producers[producer_key],
        organisation=org,
        requested_by=next(u for name, u in world.users.items() if _org_of(name) == org_key),
        audience=terms.get("audience", AUDIENCE_OF_KIND.get(org.kind, "actual_partner")),
        purposes=list(terms.get("purposes", [PURPOSE_OF_KIND.get(org.kind, "due_diligence")])),  # type: ignore[call-overload]
        message=str(terms.get("message", "We buy gold from Cauca and would like to review your assessment.")),
    )


def listed(world: World, producer_key: str = "esperanza") -> DirectoryListing:
    return DirectoryListing.objects.create(
        producer=world.producers[producer_key], listed_by=world.users[_owner_of(producer_key)]
    )


def tighten(world: World, key: str, sensitivity: str, producer_key: str = "esperanza") -> FieldSetting:
    return FieldSetting.objects.create(producer=world.producers[producer_key], key=key, sensitivity=sensitivity)


def _owner_of(producer_key: str) -> str:
    return next(name for name, (org, role) in PEOPLE.items() if org == producer_key and role == "owner")


def _org_of(name: str) -> str:
    return PEOPLE[name][0]
