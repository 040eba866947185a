"""Plan endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor``. Input
schemas refuse unknown fields; output schemas name every field returned. Tokens act as members:
they read, edit actions and comment, but signing needs an owner or manager (a person)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.engine import text_in
from passport.sharing.policy import withheld_map
from passport.site.schemas import ErrorOut, Strict, error_body

from . import services
from .access import NAMES, PLANS
from .models import Comment, PlanAction, Signature

router = Router(tags=["plans"])
TAGS = ["plans"]
StrategyName = Literal["quick_wins", "supply_chain", "benefit_to_miners", "earliest_deadline"]


class LangIn(Strict):
    lang: Literal["en", "es", "fr"] = "en"


class Page(Strict):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class DraftIn(Strict):
    result: uuid.UUID = Field(description="A submitted result of the producer with findings to mitigate or improve")
    partner: uuid.UUID = Field(description="A buyer or facilitator the producer authorises")
    strategy: StrategyName = "quick_wins"


class StrategyIn(Strict):
    strategy: StrategyName


class ActionIn(Strict):
    """Only the fields given change; null clears the owner or the due date."""

    owner: uuid.UUID | None = Field(None, description="A member of the producer (producer and facilitator only)")
    due_on: dt.date | None = Field(
        None, description="Optional actions only: a mandatory action's date is the standard's"
    )
    done_means: str | None = Field(None, max_length=services.MAX_TEXT)
    priority: bool | None = Field(None, description="The partner's priority mark (partner only)")


class SignIn(Strict):
    """The caller's organisation signs the version at the revision it read."""

    revision: int = Field(
        ge=1,
        description="The version's `revision` as the caller read it (from `get_plan`); a version that "
        "changed since is refused with 409 and nothing is signed",
    )


class CommentIn(Strict):
    text: str = Field(min_length=1, max_length=services.MAX_TEXT)
    requirement: str = Field("", description="The action's requirement id; empty for the whole plan")
    kind: Literal["comment", "proposal"] = "comment"


class ReviseIn(Strict):
    summary: str = Field("", max_length=300, description="What the new version is to change")


class OrganisationRef(Schema):
    uuid: uuid.UUID
    name: str


class MemberRef(Schema):
    uuid: uuid.UUID
    name: str


class ActionOut(Schema):
    uuid: uuid.UUID
    requirement: str
    title: str
    position: int
    mandatory: bool
    window: str = Field(description="The standard's window for a mandatory action (ISO 8601), else empty")
    due_on: dt.date | None
    has_owner: bool
    owner: MemberRef | None = Field(
        description="Null when there is none, or when it is withheld (`members.personal` in the response's "
        "`withheld`): shown to the producer and its facilitator only (personal data)"
    )
    done_means: str
    priority: bool
    why: str = Field(description="Why it sits at this position, in `lang`")


class SignatureOut(Schema):
    organisation: OrganisationRef
    side: Literal["producer", "partner"]
    signed_by: str | None = Field(
        description="The person who signed; null for a read-only reader that does not see members' names "
        "(`members.personal` in `withheld`)"
    )
    signed_at: dt.datetime


class CommentOut(Schema):
    uuid: uuid.UUID
    version: int
    requirement: str
    kind: str
    text: str
    author: str | None = Field(
        description="The person who wrote it; null for a read-only reader that does not see members' names "
        "(`members.personal` in `withheld`)"
    )
    organisation: OrganisationRef
    created_at: dt.datetime


class VersionOut(Schema):
    uuid: uuid.UUID
    number: int
    revision: int = Field(description="Moves on at every change of a draft version; signing names it")
    strategy: str
    summary: str
    created_at: dt.datetime
    adopted_on: dt.date | None
    adopted_at: dt.datetime | None
    actions: list[ActionOut]
    signatures: list[SignatureOut]


class VersionRef(Schema):
    uuid: uuid.UUID
    number: int
    adopted_on: dt.date | None


class AllowedOut(Schema):
    edit: bool
    sign: bool
    mark_priority: bool
    change_strategy: bool
    comment: bool
    revise: bool


class PlanOut(Schema):
    uuid: uuid.UUID
    producer: uuid.UUID
    partner: OrganisationRef
    source_result: uuid.UUID
    standard: str
    created_at: dt.datetime
    first_adopted_on: dt.date | None = Field(description="Mandatory deadlines run from this day")
    role: Literal["producer", "partner", "facilitator", "reader"] = Field(
        description="`reader`: not a party, reads the plan because the producer shares its plans with the "
        "caller's organisation (an active grant); it changes nothing"
    )
    lang: str
    must_stop: list[str] = Field(
        description="Requirements of the source result that require disengagement: trade must stop, whatever the plan"
    )
    version: VersionOut = Field(description="The latest version (being agreed, or in force)")
    in_force: VersionRef | None = Field(description="The latest adopted version")
    versions: list[VersionRef]
    comments: list[CommentOut] = Field(description="The latest comments, oldest first")
    older_comments: int = Field(description="How many older comments are not in `comments`")
    allowed: AllowedOut
    withheld: dict[str, str] = Field(
        description="What the sharing policy withholds from the caller, by field key, with the reason in `lang`: "
        "its values are null"
    )


class PlanSummaryOut(Schema):
    uuid: uuid.UUID
    partner: OrganisationRef
    created_at: dt.datetime
    first_adopted_on: dt.date | None
    latest_version: int
    in_force_version: int | None


class PlanPageOut(Schema):
    count: int | None = Field(description="How many plans the caller reads (null with `items`)")
    limit: int
    offset: int
    items: list[PlanSummaryOut] | None = Field(
        description="Newest first. Null when the producer's plans are withheld from the caller (`plans` in "
        "`withheld`); with `plans` withheld, a partner still lists the plans agreed with it"
    )
    withheld: dict[str, str] = Field(
        description="`plans` with the sharing policy's reason, in the request's language, when the producer does "
        "not share its plans with the caller"
    )


def _org(o: Any) -> dict[str, Any]:
    return {"uuid": o.uuid, "name": o.name}


def _action(a: PlanAction, titles: dict[str, str], lang: str, sees_owners: bool) -> dict[str, Any]:
    return {
        "uuid": a.uuid,
        "requirement": a.requirement_id,
        "title": titles.get(a.requirement_id, a.requirement_id),
        "position": a.position,
        "mandatory": a.mandatory,
        "window": a.window,
        "due_on": a.due_on,
        "has_owner": a.owner_id is not None,
        "owner": {"uuid": a.owner.uuid, "name": a.owner.name} if sees_owners and a.owner else None,
        "done_means": a.done_means,
        "priority": a.priority,
        "why": text_in(a.why, lang) if a.why else "",
    }


def _signature(s: Signature, producer_org_id: int, people: bool) -> dict[str, Any]:
    return {
        "organisation": _org(s.organisation),
        "side": "producer" if s.organisation_id == producer_org_id else "partner",
        "signed_by": s.signed_by.name if people else None,
        "signed_at": s.signed_at,
    }


def _comment(c: Comment, people: bool = True) -> dict[str, Any]:
    return {
        "uuid": c.uuid,
        "version": c.version.number,
        "requirement": c.requirement_id,
        "kind": c.kind,
        "text": c.text,
        "author": c.author.name if people else None,
        "organisation": _org(c.organisation),
        "created_at": c.created_at,
    }


def _ref(v: Any) -> dict[str, Any] | None:
    return {"uuid": v.uuid, "number": v.number, "adopted_on": v.adopted_on} if v is not None else None


def _plan(view: services.PlanView, lang: str) -> dict[str, Any]:
    plan, version = view.plan, view.version
    titles = services.requirement_titles(view.standard, lang)
    producer_org_id = plan.producer.organisation_id
    return {
        "uuid": plan.uuid,
        "producer": plan.producer.uuid,
        "partner": _org(plan.partner),
        "source_result": plan.source_result.uuid,
        "standard": plan.standard_ref,
        "created_at": plan.created_at,
        "first_adopted_on": plan.first_adopted_on,
        "role": view.role.value,
        "lang": lang,
        "must_stop": list(view.stop),
        "version": {
            "uuid": version.uuid,
            "number": version.number,
            "revision": version.revision,
            "strategy": version.strategy,
            "summary": version.summary,
            "created_at": version.created_at,
            "adopted_on": version.adopted_on,
            "adopted_at": version.adopted_at,
            "actions": [_action(a, titles, lang, view.sees_owners) for a in view.actions],
            "signatures": [_signature(s, producer_org_id, view.sees_people) for s in view.signatures],
        },
        "in_force": _ref(view.adopted),
        "versions": [_ref(v) for v in view.versions],
        "comments": [_comment(c, view.sees_people) for c in view.comments],
        "older_comments": view.older_comments,
        "allowed": {
            "edit": view.can_edit,
            "sign": view.can_sign,
            "mark_priority": view.can_mark_priority,
            "change_strategy": view.can_change_strategy,
            "comment": view.can_comment,
            "revise": view.can_revise,
        },
        "withheld": view.seat.withheld([NAMES], lang),
    }


def _current(request: HttpRequest, plan_uuid: object, lang: str = "en") -> dict[str, Any]:
    return _plan(services.get_plan(actor=request.auth, plan_uuid=plan_uuid), lang)  # type: ignore[arg-type]


@router.get(
    "/producers/{producer_uuid}/plans",
    response=PlanPageOut,
    operation_id="list_producer_plans",
    summary="A producer's plans",
    tags=TAGS,
)
def list_plans(request: HttpRequest, producer_uuid: uuid.UUID, page: Query[Page]) -> Any:
    """A producer's plans the caller may read, newest first (scope `plans:read`): all of them for the
    producer's people, its facilitator and an organisation it shares its plans with; a partner
    without that lists those agreed with it; anyone else who may know the producer gets `items`
    null and the reason under `withheld`."""
    found = services.list_plans(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[arg-type]
    withheld = withheld_map(found.lens, [PLANS]) if found.withheld else {}
    if found.plans is None:
        return {"count": None, "limit": page.limit, "offset": page.offset, "items": None, "withheld": withheld}
    plans = found.plans
    items = [
        {
            "uuid": s.plan.uuid,
            "partner": _org(s.plan.partner),
            "created_at": s.plan.created_at,
            "first_adopted_on": s.plan.first_adopted_on,
            "latest_version": s.latest_number,
            "in_force_version": s.in_force_number,
        }
        for s in plans[page.offset : page.offset + page.limit]
    ]
    return {"count": len(plans), "limit": page.limit, "offset": page.offset, "items": items, "withheld": withheld}


@router.post(
    "/plans",
    response={201: PlanOut, 422: ErrorOut},
    operation_id="draft_plan",
    summary="Draft a plan from a result",
    tags=TAGS,
)
def draft(request: HttpRequest, body: DraftIn) -> Any:
    """Draft a plan from a submitted result with a partner (scope `plans:write`; owner or manager of
    the producer or of its authorised facilitator). Refused with 422 on `result` when the result is
    incomplete or has nothing to mitigate or improve."""
    plan = services.draft_plan(
        actor=request.auth,  # type: ignore[arg-type]
        result_uuid=body.result,
        partner_uuid=body.partner,
        strategy=body.strategy,
    )
    return Status(201, _current(request, plan.uuid))


@router.get(
    "/plans/{plan_uuid}", response=PlanOut, operation_id="get_plan", summary="A plan at its latest version", tags=TAGS
)
def get(request: HttpRequest, plan_uuid: uuid.UUID, query: Query[LangIn]) -> Any:
    """A plan at its latest version, with the version in force, signatures and comments; texts in
    `lang` (scope `plans:read`)."""
    return _current(request, plan_uuid, query.lang)


@router.put(
    "/plans/{plan_uuid}/strategy",
    response={200: PlanOut, 422: ErrorOut},
    operation_id="change_plan_strategy",
    summary="Choose the order of the improvements",
    tags=TAGS,
)
def put_strategy(request: HttpRequest, plan_uuid: uuid.UUID, body: StrategyIn) -> Any:
    """Choose the order of the draft version's improvements; it is re-sequenced and its signatures
    are removed (scope `plans:write`; the producer's owner or manager)."""
    services.change_strategy(actor=request.auth, plan_uuid=plan_uuid, strategy=body.strategy)  # type: ignore[arg-type]
    return Status(200, _current(request, plan_uuid))


@router.patch(
    "/plan-actions/{action_uuid}",
    response={200: ActionOut, 422: ErrorOut},
    operation_id="update_plan_action",
    summary="Change an action of a draft version",
    tags=TAGS,
)
def patch_action(request: HttpRequest, action_uuid: uuid.UUID, body: ActionIn) -> Any:
    """Change an action of a draft version: owner, due date (optional actions), what done means,
    and the partner's priority mark. All or nothing; any change removes the version's
    signatures (scope `plans:write`)."""
    actor = request.auth
    given = body.model_fields_set
    fields: dict[str, Any] = {}
    if "owner" in given:
        fields["owner_uuid"] = body.owner
    if "due_on" in given:
        fields["due_on"] = body.due_on
    if "done_means" in given:
        fields["done_means"] = body.done_means or ""
    with transaction.atomic():
        if fields or "priority" not in given:
            action = services.update_action(actor=actor, action_uuid=action_uuid, **fields)  # type: ignore[arg-type]
        if "priority" in given:
            action = services.mark_priority(actor=actor, action_uuid=action_uuid, priority=bool(body.priority))  # type: ignore[arg-type]
    view = services.get_plan(actor=actor, plan_uuid=action.version.plan.uuid)  # type: ignore[arg-type]
    fresh = next(a for a in view.actions if a.pk == action.pk)
    return Status(200, _action(fresh, services.requirement_titles(view.standard, "en"), "en", view.sees_owners))


@router.post(
    "/plan-versions/{version_uuid}/signatures",
    response={201: PlanOut, 409: ErrorOut, 422: ErrorOut},
    operation_id="sign_plan_version",
    summary="Sign a version for your side",
    tags=TAGS,
)
def post_signature(request: HttpRequest, version_uuid: uuid.UUID, body: SignIn) -> Any:
    """Sign a draft version for the caller's organisation at the `revision` it read (scope
    `plans:write`; owner or manager of the producer or the partner). The second signature adopts
    it. A version changed since that revision is refused with 409 (`conflict`, on `revision`)."""
    try:
        version = services.sign(actor=request.auth, version_uuid=version_uuid, revision=body.revision)  # type: ignore[arg-type]
    except services.StaleRevision as exc:
        fields = [{"field": "revision", "message": message} for message in exc.messages]
        return Status(409, error_body("conflict", exc.messages[0], fields))
    return Status(201, _current(request, version.plan.uuid))


@router.post(
    "/plans/{plan_uuid}/comments",
    response={201: CommentOut, 422: ErrorOut},
    operation_id="add_plan_comment",
    summary="Comment or propose a change",
    tags=TAGS,
)
def post_comment(request: HttpRequest, plan_uuid: uuid.UUID, body: CommentIn) -> Any:
    """Comment on the plan's latest version, or propose a change, about the whole plan or one
    action (scope `plans:write`; member and up)."""
    comment = services.add_comment(
        actor=request.auth,  # type: ignore[arg-type]
        plan_uuid=plan_uuid,
        text=body.text,
        requirement_id=body.requirement,
        kind=body.kind,
    )
    return Status(201, _comment(comment))


@router.post(
    "/plans/{plan_uuid}/versions",
    response={201: PlanOut, 422: ErrorOut},
    operation_id="revise_plan",
    summary="Start a new version",
    tags=TAGS,
)
def post_version(request: HttpRequest, plan_uuid: uuid.UUID, body: ReviseIn) -> Any:
    """Start the next version as a copy of the adopted one; both sides sign it again (scope
    `plans:write`)."""
    services.revise(actor=request.auth, plan_uuid=plan_uuid, summary=body.summary)  # type: ignore[arg-type]
    return Status(201, _current(request, plan_uuid))
