"""Small builders for registry tests: rows made directly, so each test says only what it needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from passport.accounts import services as accounts_services
from passport.accounts.models import Membership, Organisation, User
from passport.producers.models import (
    AssessorAuthorisation,
    Committee,
    CommitteeSeat,
    Meeting,
    Member,
    Producer,
    Site,
    Title,
    Unit,
    UnitExclusion,
)
from passport.producers.services import ProducerProfile
from tests.world import PASSWORD, PEOPLE, World

EVERYONE = ("alice", "mateo", "maria", "victor", "oscar", "fran", "bob", "vera", "ana", "stella")
# Towards the producer "esperanza" in the world:
ESPERANZA_OWN = {"alice", "mateo", "maria", "victor"}
VISIBLE = ESPERANZA_OWN | {"fran"}
EDITORS = {"alice", "mateo", "maria"}
MANAGERS = {"alice", "mateo"}


def expected(name: str, allowed: set[str]) -> str:
    """What a service should do for ``name``: "ok", "forbidden" (visible but not allowed) or "hidden"."""
    if name in allowed:
        return "ok"
    return "forbidden" if name in VISIBLE else "hidden"


def profile(**changes: object) -> ProducerProfile:
    fields: dict[str, object] = {
        "type": "cooperative",
        "commodities": ["gold"],
        "methods": ["alluvial"],
        "country": "CO",
        "legal_status": "formal",
        "subdivision": "CO-ANT",
        "municipality": "Segovia",
    }
    fields.update(changes)
    return ProducerProfile(**fields)  # type: ignore[arg-type]


def site(producer: Producer, name: str = "La Quebrada", **fields: object) -> Site:
    values: dict[str, object] = {"latitude": Decimal("2.934500"), "longitude": Decimal("-76.697200")}
    values.update(fields)
    return Site.objects.create(producer=producer, name=name, **values)


def member(producer: Producer, name: str = "Rosa Díaz", **fields: object) -> Member:
    values: dict[str, object] = {"role": "panner", "gender": "woman", "age_band": "25_39"}
    values.update(fields)
    return Member.objects.create(producer=producer, name=name, **values)


def title(producer: Producer, reference: str = "ARE-123", **fields: object) -> Title:
    values: dict[str, object] = {
        "kind": "permit",
        "valid_from": dt.date(2024, 1, 1),
        "valid_until": dt.date(2029, 1, 1),
    }
    values.update(fields)
    return Title.objects.create(producer=producer, reference=reference, **values)


def committee(at: Site, seated: tuple[Member, ...] = (), meetings: int = 0) -> Committee:
    found = Committee.objects.create(site=at, formed_on=dt.date(2025, 3, 1))
    for m in seated:
        CommitteeSeat.objects.create(committee=found, member=m, role="vocal")
    for i in range(meetings):
        Meeting.objects.create(
            committee=found, held_on=dt.date(2025, 4, 1) + dt.timedelta(days=i), attendees=9, minutes="Met Rosa."
        )
    return found


def authorise(world: World, producer_key: str, org_key: str) -> AssessorAuthorisation:
    return AssessorAuthorisation.objects.create(
        producer=world.producers[producer_key], organisation=world.orgs[org_key], granted_by=None
    )


def token(world: World, org_key: str, *scopes: str) -> str:
    """A token made by the organisation's owner through the accounts service, as people make them."""
    owner = next(name for name, (org, role) in PEOPLE.items() if org == org_key and role == "owner")
    _token, secret = accounts_services.create_api_token(actor=world.actor(owner), name="test", scopes=list(scopes))
    return secret


def producers_authorising(world: World, org_key: str, count: int, *, start: int = 0) -> None:
    """``count`` more producers that authorised ``org_key`` (for constant-query tests)."""
    for i in range(start, start + count):
        org = Organisation.objects.create(name=f"Producer {i:04d}", kind="producer", country="PE")
        created = Producer.objects.create(
            organisation=org,
            type="association",
            commodities=["gold"],
            methods=["alluvial"],
            country="PE",
            legal_status="informal",
        )
        AssessorAuthorisation.objects.create(producer=created, organisation=world.orgs[org_key])


def new_producer_organisation(role: str = "owner") -> User:
    """A person in a producer organisation that has no profile yet."""
    org = Organisation.objects.create(name="Asociación El Porvenir", kind="producer", country="PE")
    user = User.objects.create_user(email=f"porvenir-{role}@example.org", password=PASSWORD, name="Pía")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def unit(producer: Producer, name: str = "Pit 3 crew", kind: str = "crew", **fields: object) -> Unit:
    return Unit.objects.create(producer=producer, name=name, kind=kind, **fields)


def exclusion(
    of: Unit,
    excluded_on: dt.date = dt.date(2026, 3, 1),
    reason: str = "Sold ore outside the cooperative",
    lifted_on: dt.date | None = None,
    lift_reason: str = "",
) -> UnitExclusion:
    if lifted_on is not None and not lift_reason:
        lift_reason = "Sells through the cooperative again"
    return UnitExclusion.objects.create(
        unit=of, excluded_on=excluded_on, reason=reason, lifted_on=lifted_on, lift_reason=lift_reason
    )


def association(name: str = "Asociación de Barequeros del Cauca") -> Producer:
    """Another producer that may have units: an association, owned by nobody in the world."""
    org = Organisation.objects.create(name=name, kind="producer", country="CO")
    return Producer.objects.create(
        organisation=org,
        type="association",
        commodities=["gold"],
        methods=["alluvial"],
        country="CO",
        legal_status="informal",
    )
