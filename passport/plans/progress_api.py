"""Progress endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor``. Recording
progress takes a JSON note (evidence files are attached from the action's page)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from passport.site.schemas import ErrorOut, Strict

from . import deadlines, progress

router = Router(tags=["plans"])
TAGS = ["plans"]


class ProgressIn(Strict):
    status: Literal["not_started", "in_progress", "done"]
    note: str = Field("", max_length=progress.NOTE_MAX)


class EvidenceOut(Schema):
    uuid: uuid.UUID
    name: str
    content_type: str
    size: int
    sha256: str


class ProgressNoteOut(Schema):
    uuid: uuid.UUID
    plan: uuid.UUID
    requirement: str
    status: str
    note: str
    author: str
    organisation: uuid.UUID
    created_at: dt.datetime
    evidence: list[EvidenceOut]


class FindingCountsOut(Schema):
    none: int
    improve: int
    mitigate: int
    disengage: int
    undecided: int


class ResultPointOut(Schema):
    result: uuid.UUID
    as_of: dt.date
    outcome: str
    standard: str
    findings: FindingCountsOut = Field(description="The result's findings by what they ask")
    improved: int = Field(description="Requirements better than in the previous result (0 for the first)")
    unchanged: int
    regressed: int
    movements: dict[str, str] = Field(
        description="Per requirement against the previous result: improved, unchanged, regressed, not_comparable"
    )


class CompletionOut(Schema):
    done: int
    total: int
    mandatory_done: int
    mandatory_total: int
    share: float


class PlanProgressOut(Schema):
    plan: uuid.UUID
    partner: uuid.UUID
    first_adopted_on: dt.date
    completion: CompletionOut


class StandingOut(Schema):
    outcome: str
    since: dt.date
    reasons: list[str] = Field(description="Why a deadline changed the outcome (empty when it did not)")
    result: uuid.UUID


class ProducerProgressOut(Schema):
    producer: uuid.UUID
    standing: StandingOut | None
    results: list[ResultPointOut] = Field(description="Oldest first")
    plans: list[PlanProgressOut]


@router.post(
    "/plans/{plan_uuid}/actions/{requirement_id}/progress",
    response={201: ProgressNoteOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="record_action_progress",
    tags=TAGS,
)
def record_action_progress(request: HttpRequest, plan_uuid: uuid.UUID, requirement_id: str, body: ProgressIn) -> Any:
    """Record where one action of the adopted plan stands, with a note (scope `plans:write`): the
    producer's people (role member and up) and its authorised facilitator."""
    note = progress.record_progress(
        actor=request.auth,  # type: ignore[arg-type]
        plan_uuid=plan_uuid,
        requirement_id=requirement_id,
        status=body.status,
        note=body.note,
    )
    return Status(
        201,
        {
            "uuid": note.uuid,
            "plan": note.plan.uuid,
            "requirement": note.requirement_id,
            "status": note.status,
            "note": note.note,
            "author": note.author.name,
            "organisation": note.organisation.uuid,
            "created_at": note.created_at,
            "evidence": [],
        },
    )


@router.get(
    "/producers/{producer_uuid}/progress",
    response={200: ProducerProgressOut, 404: ErrorOut},
    operation_id="get_producer_progress",
    tags=TAGS,
)
def get_producer_progress(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    """A producer's submitted results over time with how each requirement moved, its adopted plans'
    completion, and its standing after the deadline check (scope `plans:read`): its own people and
    its authorised facilitator only."""
    found = progress.producer_progress(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[arg-type]
    standing = deadlines.standing(found.producer)
    return {
        "producer": found.producer.uuid,
        "standing": None
        if standing is None
        else {
            "outcome": standing.outcome,
            "since": standing.since,
            "reasons": standing.reasons,
            "result": standing.result.uuid,
        },
        "results": [
            {
                "result": p.uuid,
                "as_of": p.as_of,
                "outcome": p.outcome,
                "standard": p.standard_ref,
                "findings": dict(p.counts),
                "improved": p.improved,
                "unchanged": p.unchanged,
                "regressed": p.regressed,
                "movements": dict(p.movements),
            }
            for p in found.results
        ],
        "plans": [
            {
                "plan": p.plan.uuid,
                "partner": p.plan.partner.uuid,
                "first_adopted_on": p.plan.first_adopted_on,
                "completion": {
                    "done": p.completion.done,
                    "total": p.completion.total,
                    "mandatory_done": p.completion.mandatory_done,
                    "mandatory_total": p.completion.mandatory_total,
                    "share": p.completion.share,
                },
            }
            for p in found.plans
        ],
    }
