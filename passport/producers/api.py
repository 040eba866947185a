"""Registry endpoints under /api/v1/: producers and their sites.

Each endpoint calls one service (which checks access and the token's scopes, and reads through
the caller's sharing lens); the services' ``ValidationError`` becomes the API's 422 error body
naming the field (passport/site/api.py). A value the producer does not share with the caller is
null, and the response's ``withheld`` object names it with the reason, in the request's language.
Members are not exposed here: only their counts.
"""

import datetime as dt
import uuid
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.sharing.policy import withheld_map
from passport.site.schemas import Strict

from . import listing, services, units
from .fields import PROFILE, PUBLIC_KEYS, SITES, TITLES, UNIT_LIST, UNIT_NAMES
from .models import Site, Unit

router = Router(tags=["producers"])
WITHHELD = (
    "The fields (sharing keys, docs/sharing.md) the producer does not share with the caller, each with "
    "the reason in the request's language; their values are null"
)


# --- Schemas ---------------------------------------------------------------------------------


class ProducerIn(Strict):
    type: str = Field(description="cooperative, association, company, informal_group, individual, …")
    subtype: str = Field("", description="barequero or ore_selector, for individual miners only")
    commodities: list[str] = Field(description="gold, tin, tantalum, tungsten, cobalt, gemstones")
    methods: list[str] = Field(default_factory=list, description="alluvial, open_pit, underground, tailings")
    country: str = Field(description="ISO 3166-1 alpha-2, e.g. CO")
    subdivision: str = Field("", description="ISO 3166-2, e.g. CO-CAU")
    municipality: str = ""
    legal_status: str = Field(description="formal, in_formalisation or informal")
    description: str = ""


class ProducerPatch(Strict):
    """Only the fields given change; the result must still be a valid profile."""

    type: str | None = None
    subtype: str | None = None
    commodities: list[str] | None = None
    methods: list[str] | None = None
    country: str | None = None
    subdivision: str | None = None
    municipality: str | None = None
    legal_status: str | None = None
    description: str | None = None


class ProducerOut(Schema):
    """A producer in a list: its public fields (null where the producer tightened one the caller
    may not see; ``withheld`` then names it with the reason)."""

    uuid: uuid.UUID
    name: str | None
    commodities: list[str] | None
    country: str | None
    subdivision: str | None
    municipality: str | None
    withheld: dict[str, str] = Field(description=WITHHELD)


class ProducerPageOut(Schema):
    items: list[ProducerOut]
    count: int


class TitleOut(Schema):
    uuid: uuid.UUID
    kind: str
    reference: str
    issued_by: str
    valid_from: dt.date | None
    valid_until: dt.date | None


class MemberCountsOut(Schema):
    total: int
    by_role: dict[str, int]
    by_gender: dict[str, int]


class SiteIn(Strict):
    name: str
    latitude: float | None = Field(None, description="WGS 84 decimal degrees, −90 to 90")
    longitude: float | None = Field(None, description="WGS 84 decimal degrees, −180 to 180")
    subdivision: str = ""
    municipality: str = ""
    description: str = ""


class SiteOut(Schema):
    uuid: uuid.UUID
    producer: uuid.UUID
    name: str
    latitude: float | None
    longitude: float | None
    subdivision: str
    municipality: str
    description: str

    @staticmethod
    def resolve_producer(obj: Site) -> uuid.UUID:
        return obj.producer.uuid


class ProducerDetailOut(Schema):
    """A producer as the caller's lens shows it: every value the producer does not share with the
    caller is null and named in ``withheld`` with the reason (never left out, never empty)."""

    uuid: uuid.UUID
    name: str | None
    commodities: list[str] | None
    country: str | None
    subdivision: str | None
    municipality: str | None
    type: str | None = Field(description="cooperative, association, company, informal_group, individual, …")
    subtype: str | None
    methods: list[str] | None
    legal_status: str | None
    description: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    access: str = Field(description="own, assessor (authorised to assess it) or known (may open its pages)")
    audience: str = Field(
        description="Who the caller is to the producer: producer, facilitator, actual_partner, verifier, "
        "prospective_partner, authority or public"
    )
    purpose: str = Field(description="The purpose the caller's access was decided for, e.g. due_diligence")
    grant: uuid.UUID | None = Field(description="The producer's grant the caller sees through, if any")
    titles: list[TitleOut] | None
    sites: list[SiteOut] | None
    member_counts: MemberCountsOut | None
    withheld: dict[str, str] = Field(description=WITHHELD)


class PageIn(Strict):
    limit: int = Field(services.PRODUCERS_PER_PAGE, ge=1, le=100)
    offset: int = Field(0, ge=0)


class SiteListOut(Schema):
    items: list[SiteOut] | None = Field(description="Null when the producer does not share its sites with the caller")
    count: int | None
    withheld: dict[str, str] = Field(description=WITHHELD)


# --- Endpoints -------------------------------------------------------------------------------

_PROFILE_VALUES = ("type", "subtype", "methods", "legal_status", "description")


def _detail(overview: services.ProducerOverview) -> dict[str, Any]:
    producer, lens = overview.producer, overview.lens
    public = {
        "name": producer.organisation.name if lens.shows("producer.name") else None,
        "commodities": producer.commodities if lens.shows("producer.commodities") else None,
        **{
            name: getattr(producer, name) if lens.shows("producer.region") else None
            for name in ("country", "subdivision", "municipality")
        },
    }
    profile = {name: getattr(producer, name) if lens.shows(PROFILE) else None for name in _PROFILE_VALUES}
    grant = lens.grant
    return {
        "uuid": producer.uuid,
        **public,
        **profile,
        "created_at": producer.created_at,
        "updated_at": producer.updated_at,
        "access": overview.allowed.access.value,
        "audience": lens.audience.value,
        "purpose": lens.purpose.value,
        "grant": grant.uuid if grant is not None else None,
        "titles": overview.titles,
        "sites": overview.sites,
        "member_counts": vars(overview.member_counts) if overview.member_counts is not None else None,
        "withheld": withheld_map(lens, [*PUBLIC_KEYS, PROFILE, TITLES, SITES]),
    }


@router.get("/producers", response=ProducerPageOut, operation_id="list_producers")
def list_producers(request: HttpRequest, q: str = "", country: str = "", page: Query[PageIn] = None) -> Any:  # type: ignore[assignment]
    """Producers the caller works with (its own, those that authorised it, and those whose grant
    to it has not ended), by name, with their public fields."""
    actor = request.auth  # type: ignore[attr-defined]
    window = page or PageIn()
    found = listing.search_producers(actor=actor, query=q, country=country)
    chosen = found[window.offset : window.offset + window.limit]
    rows = listing.producer_rows(actor=actor, producers=chosen, query=q, country=country)
    return {"items": [row._asdict() for row in rows], "count": found.count()}


@router.post("/producers", response={201: ProducerDetailOut}, operation_id="register_producer")
def register_producer(request: HttpRequest, payload: ProducerIn) -> Status[dict[str, Any]]:
    """Register the producer profile of the caller's organisation (owner or manager, once)."""
    actor = request.auth  # type: ignore[attr-defined]
    producer = services.register_producer(actor=actor, profile=services.ProducerProfile(**payload.model_dump()))
    return Status(201, _detail(services.get_producer(actor=actor, producer_uuid=producer.uuid)))


@router.get("/producers/{producer_uuid}", response=ProducerDetailOut, operation_id="get_producer")
def get_producer(request: HttpRequest, producer_uuid: uuid.UUID) -> dict[str, Any]:
    """A producer as the caller may see it: values it does not share are null and in `withheld`."""
    return _detail(services.get_producer(actor=request.auth, producer_uuid=producer_uuid))  # type: ignore[attr-defined]


@router.patch("/producers/{producer_uuid}", response=ProducerDetailOut, operation_id="update_producer")
def update_producer(request: HttpRequest, producer_uuid: uuid.UUID, payload: ProducerPatch) -> dict[str, Any]:
    """Change some profile fields (owner or manager of the producer)."""
    actor = request.auth  # type: ignore[attr-defined]
    current = services.producer_for_editing(actor=actor, producer_uuid=producer_uuid)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    profile = services.ProducerProfile(**{**vars(services.profile_of(current)), **changes})
    services.update_producer(actor=actor, producer_uuid=producer_uuid, profile=profile)
    return _detail(services.get_producer(actor=actor, producer_uuid=producer_uuid))


@router.get("/producers/{producer_uuid}/sites", response=SiteListOut, operation_id="list_sites")
def list_sites(request: HttpRequest, producer_uuid: uuid.UUID, page: Query[PageIn] = None) -> Any:  # type: ignore[assignment]
    """The producer's sites, if it shares them with the caller (`items` null and `withheld` otherwise)."""
    window = page or PageIn()
    listing = services.list_sites(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[attr-defined]
    sites = listing.sites
    return {
        "items": sites[window.offset : window.offset + window.limit] if sites is not None else None,
        "count": len(sites) if sites is not None else None,
        "withheld": withheld_map(listing.lens, [SITES]),
    }


@router.post("/producers/{producer_uuid}/sites", response={201: SiteOut}, operation_id="add_site")
def add_site(request: HttpRequest, producer_uuid: uuid.UUID, payload: SiteIn) -> Status[Site]:
    """Add a site (the producer's own people, role member or higher)."""
    site = services.add_site(
        actor=request.auth,  # type: ignore[attr-defined]
        producer_uuid=producer_uuid,
        details=services.SiteDetails(**payload.model_dump()),
    )
    return Status(201, site)


@router.get("/sites/{site_uuid}", response=SiteOut, operation_id="get_site")
def get_site(request: HttpRequest, site_uuid: uuid.UUID) -> Site:
    """One site (404 when the producer does not share its sites with the caller)."""
    return services.get_site(actor=request.auth, site_uuid=site_uuid).site  # type: ignore[attr-defined]


class UnitOut(Schema):
    uuid: UUID | None = Field(description="Null for callers who do not see units' names (they know units by number)")
    number: int = Field(description="Its place in the order the units were added: Unit 1, Unit 2, …")
    name: str | None = Field(description="Null for callers who do not see units' names (see `withheld`)")
    kind: str = Field(description="member (one person) or crew (a work team, e.g. one pit)")
    member: UUID | None = Field(description="The member of the register a unit of kind member is, if linked")
    created_at: dt.datetime
    excluded: bool = Field(description="Excluded from the supply today")
    excluded_on: dt.date | None


class UnitListOut(Schema):
    units: list[UnitOut] | None = Field(
        description="Null when the producer shares neither its units' names nor its findings"
    )
    withheld: dict[str, str] = Field(description=WITHHELD)


def _unit(row: units.UnitRow) -> dict[str, Any]:
    unit: Unit = row.unit
    return {
        "uuid": unit.uuid if row.named else None,
        "number": row.number,
        "name": row.name,
        "kind": unit.kind,
        "member": unit.member.uuid if unit.member and row.named else None,
        "created_at": unit.created_at,
        "excluded": row.excluded,
        "excluded_on": row.exclusion.excluded_on if row.exclusion else None,
    }


@router.get("/producers/{producer_uuid}/units", response=UnitListOut, operation_id="list_units")
def list_units(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    """A cooperative's or association's units, assessed one by one (scope `producers:read`). Units
    may be named after people: only the producer's own people and its facilitator see names;
    other callers get them numbered when the producer shares its findings with them."""
    listing = units.list_units(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[attr-defined]
    rows = listing.rows
    keys = [UNIT_NAMES] if rows is not None else [UNIT_NAMES, UNIT_LIST]
    return {
        "units": [_unit(row) for row in rows] if rows is not None else None,
        "withheld": withheld_map(listing.lens, keys),
    }
