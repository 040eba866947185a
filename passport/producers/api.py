"""Registry endpoints under /api/v1/: producers and their sites.

Each endpoint calls one service (which checks access and the token's scopes); the services'
``ValidationError`` becomes the API's 422 error body naming the field (passport/site/api.py). Members are not exposed
here: only their counts, which everyone who may see the producer may read.
"""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from passport.site.schemas import Strict

from . import services, units
from .models import Producer, Site, Unit

router = Router(tags=["producers"])


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
    uuid: uuid.UUID
    name: str
    type: str
    subtype: str
    commodities: list[str]
    methods: list[str]
    country: str
    subdivision: str
    municipality: str
    legal_status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Producer | dict[str, Any]) -> str:
        return obj["name"] if isinstance(obj, dict) else obj.organisation.name


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


class ProducerDetailOut(ProducerOut):
    description: str
    access: str = Field(description="own or assessor")
    titles: list[TitleOut]
    member_counts: MemberCountsOut


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


# --- Endpoints -------------------------------------------------------------------------------


def _detail(overview: services.ProducerOverview) -> dict[str, Any]:
    producer = overview.producer
    return {
        **ProducerOut.from_orm(producer).model_dump(),
        "description": producer.description,
        "access": overview.allowed.access.value,
        "titles": overview.titles,
        "member_counts": vars(overview.member_counts),
    }


@router.get("/producers", response=list[ProducerOut], operation_id="list_producers")
@paginate(LimitOffsetPagination, page_size=services.PRODUCERS_PER_PAGE)
def list_producers(request: HttpRequest, q: str = "", country: str = "") -> Any:
    """Producers the caller may open (its own, and those that authorised it), by name."""
    return services.search_producers(actor=request.auth, query=q, country=country)  # type: ignore[attr-defined]


@router.post("/producers", response={201: ProducerDetailOut}, operation_id="register_producer")
def register_producer(request: HttpRequest, payload: ProducerIn) -> Status[dict[str, Any]]:
    """Register the producer profile of the caller's organisation (owner or manager, once)."""
    actor = request.auth  # type: ignore[attr-defined]
    producer = services.register_producer(actor=actor, profile=services.ProducerProfile(**payload.model_dump()))
    return Status(201, _detail(services.get_producer(actor=actor, producer_uuid=producer.uuid)))


@router.get("/producers/{producer_uuid}", response=ProducerDetailOut, operation_id="get_producer")
def get_producer(request: HttpRequest, producer_uuid: uuid.UUID) -> dict[str, Any]:
    return _detail(services.get_producer(actor=request.auth, producer_uuid=producer_uuid))  # type: ignore[attr-defined]


@router.patch("/producers/{producer_uuid}", response=ProducerDetailOut, operation_id="update_producer")
def update_producer(request: HttpRequest, producer_uuid: uuid.UUID, payload: ProducerPatch) -> dict[str, Any]:
    """Change some profile fields (owner or manager of the producer)."""
    actor = request.auth  # type: ignore[attr-defined]
    current = services.get_producer(actor=actor, producer_uuid=producer_uuid).producer
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    profile = services.ProducerProfile(**{**vars(services.profile_of(current)), **changes})
    services.update_producer(actor=actor, producer_uuid=producer_uuid, profile=profile)
    return _detail(services.get_producer(actor=actor, producer_uuid=producer_uuid))


@router.get("/producers/{producer_uuid}/sites", response=list[SiteOut], operation_id="list_sites")
@paginate(LimitOffsetPagination, page_size=services.PRODUCERS_PER_PAGE)
def list_sites(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    return services.list_sites(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[attr-defined]


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
    return services.get_site(actor=request.auth, site_uuid=site_uuid).site  # type: ignore[attr-defined]


class UnitOut(Schema):
    uuid: uuid.UUID
    name: str
    kind: str = Field(description="member (one person) or crew (a work team, e.g. one pit)")
    member: uuid.UUID | None = Field(description="The member of the register a unit of kind member is, if linked")
    created_at: dt.datetime
    excluded: bool = Field(description="Excluded from the supply today")
    excluded_on: dt.date | None


def _unit(row: units.UnitRow) -> dict[str, Any]:
    unit: Unit = row.unit
    return {
        "uuid": unit.uuid,
        "name": unit.name,
        "kind": unit.kind,
        "member": unit.member.uuid if unit.member else None,
        "created_at": unit.created_at,
        "excluded": row.excluded,
        "excluded_on": row.exclusion.excluded_on if row.exclusion else None,
    }


@router.get("/producers/{producer_uuid}/units", response=list[UnitOut], operation_id="list_units")
def list_units(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    """A cooperative's or association's units, assessed one by one (the producer's own people and
    its facilitator: units may be named after people; scope `producers:read`)."""
    listing = units.list_units(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[attr-defined]
    return [_unit(row) for row in listing.rows]
