"""Progress endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor``. Recording
progress takes a JSON note (evidence files are attached from the action's page)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.engine import text_in
from passport.sharing.policy import withheld_map
from passport.site.schemas import ErrorOut, Strict

from . import deadlines, progress
from .access import FILES, NAMES, PLANS
from .api import LangIn, MemberRef
from .models import ActionEvidence

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
    download: str = Field(description="The page that downloads the file (signed in, for the plan's readers)")


class ProgressNoteOut(Schema):
    uuid: uuid.UUID
    plan: uuid.UUID
    requirement: str
    status: str
    note: str
    author: str | None = Field(
        description="Who wrote it: shown to the producer's people and its facilitator only (personal data; "
        "`members.personal` in `withheld` when null)"
    )
    organisation: uuid.UUID
    created_at: dt.datetime
    evidence: list[EvidenceOut] | None = Field(
        description="The files attached: shown to the producer's people and its facilitator only (they may show "
        "people); null when withheld (`evidence.files` in `withheld`)"
    )


class DeadlineOut(Schema):
    status: Literal[
        "on_track", "due_soon", "overdue", "done", "resolved", "expired_review", "not_eligible", "no_deadline"
    ]
    due_on: dt.date | None
    days_left: int | None = Field(description="Negative when overdue; null without a due date")
    reason: str = Field(description="In `lang`")


class PlanActionOut(Schema):
    plan: uuid.UUID
    requirement: str
    title: str = Field(description="In `lang`")
    mandatory: bool
    in_force: bool = Field(
        description="In the latest adopted version; false for an action only in a version still being agreed "
        "(no progress is recorded on it yet)"
    )
    due_on: dt.date | None
    has_owner: bool
    owner: MemberRef | None = Field(
        description="Shown to the producer and its facilitator only (personal data): null when there is none "
        "or when withheld (`members.personal` in `withheld`)"
    )
    done_means: str
    why: str = Field(description="Why it sits at its position in the plan, in `lang`")
    status: Literal["not_started", "in_progress", "done"] = Field(description="The latest progress note's status")
    deadline: DeadlineOut | None = Field(
        description="Where it stands today on the producer's date, as the deadline check sees it; null when the "
        "action is not in force"
    )
    notes: list[ProgressNoteOut] = Field(description="Progress notes, oldest first")
    withheld: dict[str, str] = Field(
        description="What the sharing policy withholds from the caller (`members.personal`, `evidence.files`), "
        "with the reason in `lang`: those values are null"
    )


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
    standing: StandingOut | None = Field(
        description="Null before any result, or when withheld (`assessment.findings` in `withheld`)"
    )
    results: list[ResultPointOut] | None = Field(
        description=f"The latest {progress.RESULTS_SHOWN} at most, oldest first; null when withheld "
        "(`assessment.findings` in `withheld`)"
    )
    results_total: int | None = Field(
        description="All the producer's submitted results, including those left out; null with `results`"
    )
    plans: list[PlanProgressOut] | None = Field(
        description="The adopted plans the caller reads; null when the producer's plans are withheld (`plans` in "
        "`withheld`). With `plans` withheld, a partner still finds the plans agreed with it here"
    )
    withheld: dict[str, str] = Field(
        description="What the sharing policy withholds from the caller (`assessment.findings`, `plans`), with the "
        "reason in the request's language"
    )


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


def _evidence(plan_uuid: uuid.UUID, e: ActionEvidence) -> dict[str, Any]:
    return {
        "uuid": e.uuid,
        "name": e.original_name,
        "content_type": e.content_type,
        "size": e.size,
        "sha256": e.sha256,
        "download": reverse("plans:action_evidence", kwargs={"plan_uuid": plan_uuid, "evidence_uuid": e.uuid}),
    }


def _deadline(detail: progress.ActionDetail, lang: str) -> dict[str, Any] | None:
    """The action's check today, as its page shows it (``deadlines.check_plan``)."""
    checked = deadlines.check_plan(detail.plan) if detail.in_force else None
    found = checked and next(
        (c for c in checked.report.checks if c.requirement_id == detail.action.requirement_id), None
    )
    if not found:
        return None
    return {
        "status": found.status.value,
        "due_on": found.due,
        "days_left": found.days_left,
        "reason": text_in(found.reason, lang),
    }


@router.get(
    "/plans/{plan_uuid}/actions/{requirement_id}",
    response={200: PlanActionOut, 404: ErrorOut},
    operation_id="get_plan_action",
    summary="One action with its deadline, progress notes and evidence",
    tags=TAGS,
)
def get_plan_action(request: HttpRequest, plan_uuid: uuid.UUID, requirement_id: str, query: Query[LangIn]) -> Any:
    """One action of a plan with its deadline today, its progress notes and their evidence files
    (scope `plans:read`): for the plan's readers. The action is the latest adopted version's, or,
    for a requirement only in a version still being agreed, that version's."""
    detail = progress.get_action(actor=request.auth, plan_uuid=plan_uuid, requirement_id=requirement_id)  # type: ignore[arg-type]
    action, plan, reader = detail.action, detail.plan, detail.reader
    names, files = reader.sees_names, reader.sees_files
    return {
        "plan": plan.uuid,
        "requirement": action.requirement_id,
        "title": progress.requirement_title(plan.standard_ref, action.requirement_id, query.lang),
        "mandatory": action.mandatory,
        "in_force": detail.in_force,
        "due_on": action.due_on,
        "has_owner": action.owner_id is not None,
        "owner": {"uuid": action.owner.uuid, "name": action.owner.name} if names and action.owner else None,
        "done_means": action.done_means,
        "why": text_in(action.why, query.lang) if action.why else "",
        "status": detail.status,
        "deadline": _deadline(detail, query.lang),
        "notes": [
            {
                "uuid": n.uuid,
                "plan": plan.uuid,
                "requirement": n.requirement_id,
                "status": n.status,
                "note": n.note,
                "author": n.author.name if names else None,
                "organisation": n.organisation.uuid,
                "created_at": n.created_at,
                "evidence": [_evidence(plan.uuid, e) for e in n.evidence.all()] if files else None,
            }
            for n in detail.notes
        ],
        "withheld": reader.withheld([NAMES, FILES], query.lang),
    }


@router.get(
    "/producers/{producer_uuid}/progress",
    response={200: ProducerProgressOut, 404: ErrorOut},
    operation_id="get_producer_progress",
    tags=TAGS,
)
def get_producer_progress(request: HttpRequest, producer_uuid: uuid.UUID) -> Any:
    """A producer's latest submitted results with how each requirement moved, its adopted plans'
    completion, and its standing after the deadline check (scope `plans:read`): for anyone who may
    know the producer, through the sharing policy. The results, their movements and the standing
    need `assessment.findings`; the plans need `plans` (or being the plan's partner). What is
    withheld is null, with the reason under `withheld`."""
    found = progress.producer_progress(actor=request.auth, producer_uuid=producer_uuid)  # type: ignore[arg-type]
    standing = deadlines.standing(found.producer) if found.shows_findings else None
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
        "results_total": found.total_results,
        "results": None
        if found.results is None
        else [
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
        "plans": None
        if found.plans is None
        else [
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
        "withheld": withheld_map(found.lens, [progress.FINDINGS, PLANS]),
    }
