"""Sharing endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor`` (tokens act
as members: they ask for access and read, but answering, granting, revoking and changing what
is shared need an owner or manager, a person). Scopes: `sharing:read`, `sharing:write`. The
directory is public: no token or session needed; its values the public may not see are null,
named in ``withheld`` with the reason in the request's language.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.engine import PLATFORM_FIELDS
from passport.producers.clock import local_today
from passport.site.schemas import ErrorOut, Strict

from . import directory as public_directory
from . import log as access_log
from . import services
from .models import AccessRequest, Grant
from .policy import withheld_map

router = Router(tags=["sharing"])

AudienceName = Literal["actual_partner", "prospective_partner", "verifier", "authority"]
PurposeName = Literal["due_diligence", "sourcing", "verification", "support", "statistics"]
SensitivityName = Literal["confidential", "partners", "public"]
# The directory's fields the producer may withhold from the public; its name is always shown.
DIRECTORY_KEYS = (
    "producer.region",
    "producer.commodities",
    "producer.outcome",
    "producer.passport_status",
)


# --- Inputs ------------------------------------------------------------------------------------


class AccessRequestIn(Strict):
    message: str = Field(min_length=1, max_length=2000, description="Who you are and why you ask")
    audience: AudienceName | None = Field(
        None,
        description="The access asked for; by default what the caller's kind asks (a buyer: actual_partner, "
        "a verifier: verifier, an authority: authority)",
    )
    purposes: list[PurposeName] | None = Field(
        None, description="By default the caller's usual purpose (due_diligence, verification, statistics)"
    )
    until: dt.date | None = Field(None, description="The last day of access asked for, included; null: no end")


class RequestAnswerIn(Strict):
    decision: Literal["accept", "narrow", "decline"]
    audience: AudienceName | None = Field(None, description="narrow: an access that sees no more than asked")
    purposes: list[PurposeName] | None = Field(None, description="narrow: some of the purposes asked for")
    until: dt.date | None = Field(None, description="narrow: a last day no later than asked (null: as asked)")
    answer: str = Field("", max_length=2000, description="Told to the organisation that asked")


class GrantIn(Strict):
    organisation: uuid.UUID = Field(description="A buyer, verifier or authority registered on the platform")
    audience: AudienceName
    purposes: list[PurposeName] = Field(min_length=1)
    until: dt.date | None = Field(None, description="The last day of access, included; null: no end")


class FieldSensitivityIn(Strict):
    sensitivity: SensitivityName = Field(description="The field's default or a stricter one (the default resets it)")


class DirectoryListingIn(Strict):
    listed: bool


class AccessLogIn(Strict):
    before: int | None = Field(None, ge=1, description="`next_before` of the previous page")
    limit: int = Field(access_log.LOG_PAGE, ge=1, le=access_log.LOG_PAGE)


class DirectoryIn(Strict):
    q: str = Field("", max_length=100, description="Name contains")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    commodity: str = Field("", max_length=30, description="gold, tin, tantalum, tungsten, cobalt, gemstones")
    limit: int = Field(public_directory.DIRECTORY_PAGE, ge=1, le=100)
    offset: int = Field(0, ge=0)


# --- Outputs -----------------------------------------------------------------------------------


class PartyRef(Schema):
    uuid: uuid.UUID
    name: str
    kind: str


class SharedProducerRef(Schema):
    uuid: uuid.UUID
    name: str


class GrantOut(Schema):
    uuid: uuid.UUID
    producer: SharedProducerRef
    organisation: PartyRef
    audience: AudienceName
    purposes: list[str]
    granted_on: dt.date
    until: dt.date | None = Field(description="The last day, included; null: no end")
    revoked_on: dt.date | None = Field(description="Access ends the day before (a revocation takes effect that day)")
    state: Literal["active", "upcoming", "ended", "revoked"] = Field(description="On the producer's local day")
    request: uuid.UUID | None = Field(description="The request it answered, if any")


class AccessRequestOut(Schema):
    uuid: uuid.UUID
    producer: SharedProducerRef
    organisation: PartyRef
    requested_by: str | None
    audience: AudienceName
    purposes: list[str]
    until: dt.date | None
    message: str
    status: Literal["pending", "accepted", "narrowed", "declined", "withdrawn"]
    created_at: dt.datetime
    answered_at: dt.datetime | None
    answer: str


class RequestAnswerOut(Schema):
    request: AccessRequestOut
    grant: GrantOut | None = Field(description="The access given (null when declined)")


class FieldSensitivityOut(Schema):
    key: str
    default: SensitivityName
    sensitivity: SensitivityName = Field(
        description="What the policy applies: the default or the producer's stricter one"
    )
    personal: bool = Field(description="Personal data: confidential, always")
    choices: list[SensitivityName] = Field(description="What the producer may choose: the default and stricter")


class SharingOut(Schema):
    producer: SharedProducerRef
    can_manage: bool = Field(description="The caller may answer, grant, revoke and change fields")
    today: dt.date = Field(description="The producer's local day")
    grants: list[GrantOut] = Field(description="Active first, then starting later, then ended or revoked")
    requests: list[AccessRequestOut] = Field(description="Every pending request, then the latest answered")
    fields: list[FieldSensitivityOut]
    listed: bool = Field(description="Listed in the public directory")


class DirectoryListingOut(Schema):
    listed: bool


class AccessLogEntryOut(Schema):
    at: dt.datetime
    who: str
    organisation: str
    what: list[str] = Field(description="The sharing keys shown (`answers.<indicator>` for answers)")
    object_type: str
    object_id: str
    audience: str | None
    purpose: str | None
    grant: uuid.UUID | None = Field(description="The grant the data was seen under")
    basis: str | None = Field(
        description="Seen without a grant as `conducting_organisation` (its own assessment), "
        "`plan_partner` or `plan_facilitator` (a plan it is party to); null otherwise"
    )


class AccessLogOut(Schema):
    items: list[AccessLogEntryOut] = Field(description="Newest first")
    next_before: int | None = Field(description="Pass as `before` for the next page; null at the end")


class MyAccessOut(Schema):
    requests: list[AccessRequestOut]
    grants: list[GrantOut]


class DirectoryItemOut(Schema):
    uuid: uuid.UUID
    name: str
    country: str | None
    subdivision: str | None
    municipality: str | None
    commodities: list[str] | None
    outcome: str | None = Field(description="The latest organisation-level result's outcome; null if none or withheld")
    passport_status: str | None = Field(description="`none`: no passport issued yet")
    withheld: dict[str, str] = Field(
        description="The fields the producer does not show the public, each with the reason in the request's "
        "language; their values are null"
    )


class DirectoryOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DirectoryItemOut]


# --- Shapes ------------------------------------------------------------------------------------


def _org(o: Any) -> dict[str, Any]:
    return {"uuid": o.uuid, "name": o.name, "kind": o.kind}


def _producer(p: Any) -> dict[str, Any]:
    return {"uuid": p.uuid, "name": p.organisation.name}


def _grant(g: Grant, today: dt.date | None = None) -> dict[str, Any]:
    return {
        "uuid": g.uuid,
        "producer": _producer(g.producer),
        "organisation": _org(g.organisation),
        "audience": g.audience,
        "purposes": list(g.purposes),
        "granted_on": g.granted_on,
        "until": g.until,
        "revoked_on": g.revoked_on,
        "state": services.grant_state(g, today or local_today(g.producer)),
        "request": g.request.uuid if g.request_id else None,
    }


def _request(r: AccessRequest) -> dict[str, Any]:
    return {
        "uuid": r.uuid,
        "producer": _producer(r.producer),
        "organisation": _org(r.organisation),
        "requested_by": r.requested_by.name if r.requested_by else None,
        "audience": r.audience,
        "purposes": list(r.purposes),
        "until": r.until,
        "message": r.message,
        "status": r.status,
        "created_at": r.created_at,
        "answered_at": r.answered_at,
        "answer": r.answer,
    }


def _field(key: str, settings: dict[str, str]) -> dict[str, Any]:
    rule = PLATFORM_FIELDS[key]
    return {
        "key": key,
        "default": rule.sensitivity.value,
        "sensitivity": services.effective_sensitivity(key, settings),
        "personal": rule.personal,
        "choices": services.field_choices(key),
    }


# --- The producer's side -------------------------------------------------------------------------


@router.get(
    "/producers/{producer_uuid}/sharing",
    response=SharingOut,
    operation_id="get_sharing",
    summary="What a producer shares, and with whom",
)
def get_sharing(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    """The producer's grants, requests for access, field sensitivities and directory listing (its
    own people; scope `sharing:read`)."""
    overview = services.sharing_overview(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[arg-type]
    return {
        "producer": _producer(overview.producer),
        "can_manage": overview.can_manage,
        "today": overview.today,
        "grants": [_grant(g, overview.today) for g in overview.grants],
        "requests": [_request(r) for r in overview.requests],
        "fields": [_field(key, overview.settings) for key in PLATFORM_FIELDS],
        "listed": overview.listed,
    }


@router.post(
    "/producers/{producer_uuid}/access-requests",
    response={201: AccessRequestOut, 422: ErrorOut},
    operation_id="request_access",
    summary="Ask a producer for access",
)
def post_request(request: HttpRequest, producer_uuid: uuid.UUID, body: AccessRequestIn) -> Any:
    """Ask a producer the caller's organisation may know (listed in the directory, or in touch)
    for access, with a message (scope `sharing:write`; buyers, verifiers and authorities). One
    pending request per organisation and producer: a second is refused with 422."""
    row = services.request_access(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=producer_uuid,
        message=body.message,
        audience=body.audience,
        purposes=body.purposes,
        until=body.until,
    )
    return Status(201, _request(row))


@router.post(
    "/access-requests/{request_uuid}/answer",
    response={200: RequestAnswerOut, 422: ErrorOut},
    operation_id="answer_access_request",
    summary="Accept, narrow or decline a request",
)
def post_answer(request: HttpRequest, request_uuid: uuid.UUID, body: RequestAnswerIn) -> Any:
    """Accept a request as asked, accept it with less (`narrow`: a lower access, fewer purposes,
    an earlier end — never more than asked) or decline it (scope `sharing:write`; the producer's
    owner or manager). The organisation that asked is told."""
    answered = services.answer_request(
        actor=request.auth,  # type: ignore[arg-type]
        request_uuid=request_uuid,
        decision=body.decision,
        audience=body.audience,
        purposes=body.purposes,
        until=body.until,
        answer=body.answer,
    )
    return {"request": _request(answered.request), "grant": _grant(answered.grant) if answered.grant else None}


@router.post(
    "/access-requests/{request_uuid}/withdraw",
    response={200: AccessRequestOut, 422: ErrorOut},
    operation_id="withdraw_access_request",
    summary="Withdraw your pending request",
)
def post_withdraw(request: HttpRequest, request_uuid: uuid.UUID) -> Any:
    """The organisation that asked takes back its pending request (scope `sharing:write`)."""
    return _request(services.withdraw_request(actor=request.auth, request_uuid=request_uuid))  # type: ignore[arg-type]


@router.post(
    "/producers/{producer_uuid}/grants",
    response={201: GrantOut, 422: ErrorOut},
    operation_id="grant_access",
    summary="Give an organisation access",
)
def post_grant(request: HttpRequest, producer_uuid: uuid.UUID, body: GrantIn) -> Any:
    """Give a buyer, verifier or authority access from today, for stated purposes, optionally
    until a day (scope `sharing:write`; the producer's owner or manager)."""
    grant = services.grant_access(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=producer_uuid,
        organisation_uuid=body.organisation,
        audience=body.audience,
        purposes=body.purposes,
        until=body.until,
    )
    return Status(201, _grant(grant))


@router.post(
    "/grants/{grant_uuid}/revoke",
    response={200: GrantOut, 422: ErrorOut},
    operation_id="revoke_grant",
    summary="Revoke access at once",
)
def post_revoke(request: HttpRequest, grant_uuid: uuid.UUID) -> Any:
    """End a grant today: the organisation sees only public fields from today (scope
    `sharing:write`; the producer's owner or manager)."""
    return _grant(services.revoke_grant(actor=request.auth, grant_uuid=grant_uuid))  # type: ignore[arg-type]


@router.put(
    "/producers/{producer_uuid}/fields/{key}",
    response={200: FieldSensitivityOut, 422: ErrorOut},
    operation_id="set_field_sensitivity",
    summary="Make a field stricter, or reset it",
)
def put_field(request: HttpRequest, producer_uuid: uuid.UUID, key: str, body: FieldSensitivityIn) -> Any:
    """Make one of the platform's fields (`titles`, `sites.coordinates`, …) stricter than its
    default, or reset it by giving the default; a looser one is refused with 422 on
    `sensitivity` (scope `sharing:write`; the producer's owner or manager)."""
    services.set_field(actor=request.auth, producer_uuid=producer_uuid, key=key, sensitivity=body.sensitivity)  # type: ignore[arg-type]
    overview = services.sharing_overview(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[arg-type]
    return _field(key, overview.settings)


@router.put(
    "/producers/{producer_uuid}/listing",
    response={200: DirectoryListingOut, 422: ErrorOut},
    operation_id="set_listing",
    summary="List in the public directory, or not",
)
def put_listing(request: HttpRequest, producer_uuid: uuid.UUID, body: DirectoryListingIn) -> Any:
    """Opt in to the public directory (name, region, minerals, outcome, passport status), or out
    (scope `sharing:write`; the producer's owner or manager)."""
    listed = services.set_listed(actor=request.auth, producer_uuid=producer_uuid, listed=body.listed)  # type: ignore[arg-type]
    return {"listed": listed}


@router.get(
    "/producers/{producer_uuid}/access-log",
    response=AccessLogOut,
    operation_id="get_access_log",
    summary="Who saw the producer's data",
)
def get_log(request: HttpRequest, producer_uuid: uuid.UUID, query: Query[AccessLogIn]) -> Any:
    """Every view of the producer's data that is not public by someone outside it, newest first:
    who, organisation, what, under which grant (its own people; scope `sharing:read`)."""
    _producer_row, entries, more = access_log.access_log(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=producer_uuid,
        before=query.before,
        limit=query.limit,
    )
    items = [
        {
            "at": e.at,
            "who": e.who,
            "organisation": e.organisation,
            "what": e.what,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "audience": e.audience,
            "purpose": e.purpose,
            "grant": _uuid_or_none(e.grant),
            "basis": e.basis,
        }
        for e in entries
    ]
    return {"items": items, "next_before": more}


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


# --- The other side, and the public ------------------------------------------------------------


@router.get("/sharing/mine", response=MyAccessOut, operation_id="list_my_access", summary="Your requests and access")
def get_mine(request: HttpRequest) -> Any:
    """The caller's organisation's requests for access (newest first) and the grants it holds
    (active first) (scope `sharing:read`)."""
    held = services.held_by(actor=request.auth)  # type: ignore[arg-type]
    return {"requests": [_request(r) for r in held.requests], "grants": [_grant(g) for g in held.grants]}


@router.get(
    "/directory",
    response=DirectoryOut,
    operation_id="list_directory",
    summary="The public directory of producers",
    auth=None,
)
def get_directory(request: HttpRequest, query: Query[DirectoryIn]) -> Any:
    """Producers listed in the public directory, by name, with their public fields only. No
    authentication needed."""
    found = public_directory.directory_page(
        q=query.q, country=query.country, commodity=query.commodity, limit=query.limit, offset=query.offset
    )
    items = []
    for item in found.items:
        lens, producer = item.lens, item.producer
        region = lens.shows("producer.region")
        items.append(
            {
                "uuid": producer.uuid,
                "name": producer.organisation.name,
                "country": producer.country if region else None,
                "subdivision": producer.subdivision if region else None,
                "municipality": producer.municipality if region else None,
                "commodities": list(producer.commodities) if lens.shows("producer.commodities") else None,
                "outcome": item.outcome if lens.shows("producer.outcome") else None,
                "passport_status": "none" if lens.shows("producer.passport_status") else None,
                "withheld": withheld_map(lens, DIRECTORY_KEYS),
            }
        )
    return {"count": found.count, "limit": query.limit, "offset": query.offset, "items": items}
