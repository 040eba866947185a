"""Assessment endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor``. Input
schemas refuse unknown fields; output schemas name every field returned."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.site.schemas import ErrorOut, Strict

from . import rollup, services
from .models import Assessment, Result

router = Router(tags=["assessments"])
TAGS = ["assessments"]


class StartIn(Strict):
    producer: uuid.UUID
    kind: Literal["self", "buyer_review", "verification"]
    standard: str | None = Field(
        None, description="id@version of a published standard; the platform's default standard when omitted"
    )
    unit: uuid.UUID | None = Field(
        None, description="One unit (member or crew) of a cooperative or association to assess on its own (kind self)"
    )


class AnswersIn(Strict):
    answers: dict[str, Any] = Field(
        description="Question id → answer (true/false, a choice id, a number, YYYY-MM-DD, text); null clears it"
    )


class SubmitIn(Strict):
    """No fields: a result is judged on the day it is submitted (today, UTC) and kept for good."""

    # No ``as_of`` here (the service's keyword is for tests and the demo loader): a caller must
    # not be able to backdate a permanent result. Unknown fields are refused, ``as_of`` included.


class Page(Strict):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class LangIn(Strict):
    lang: Literal["en", "es", "fr"] = "en"


class AssessmentOut(Schema):
    uuid: uuid.UUID
    producer: uuid.UUID
    kind: str
    status: str
    standard: str
    conducted_by: uuid.UUID
    started_at: dt.datetime
    submitted_at: dt.datetime | None
    result: uuid.UUID | None
    outcome: str | None
    unit: uuid.UUID | None = Field(description="The unit assessed on its own; null for the whole producer")


class AnswerOut(Schema):
    question: str
    value: Any


class AssessmentDetailOut(AssessmentOut):
    answers: list[AnswerOut]
    unanswered_required: list[str] = Field(description="Required questions shown now and not answered")


class ResultOut(Schema):
    uuid: uuid.UUID
    assessment: uuid.UUID
    producer: uuid.UUID
    standard: str
    standard_digest: str
    as_of: dt.date
    outcome: str
    created_at: dt.datetime
    lang: str
    classification: dict[str, Any] = Field(description="The engine's result, texts in `lang`")


class ResultSummaryOut(Schema):
    uuid: uuid.UUID
    assessment: uuid.UUID
    kind: str
    standard: str
    as_of: dt.date
    outcome: str
    created_at: dt.datetime


class AssessmentPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssessmentOut]


class ResultPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ResultSummaryOut]


def _assessment(a: Assessment) -> dict[str, Any]:
    result = getattr(a, "result", None)
    return {
        "uuid": a.uuid,
        "producer": a.producer.uuid,
        "kind": a.kind,
        "status": a.status,
        "standard": a.standard.ref,
        "conducted_by": a.conducted_by.uuid,
        "started_at": a.started_at,
        "submitted_at": a.submitted_at,
        "result": result.uuid if result else None,
        "outcome": result.outcome if result else None,
        "unit": a.unit.uuid if a.unit_id else None,
    }


def _detail(request: HttpRequest, assessment_uuid: object) -> dict[str, Any]:
    detail = services.get_assessment(actor=request.auth, assessment_uuid=assessment_uuid)  # type: ignore[arg-type]
    return {
        **_assessment(detail.assessment),
        "answers": [{"question": k, "value": v} for k, v in sorted(detail.answers.items())],
        "unanswered_required": list(detail.questionnaire.unanswered_required),
    }


def _result(r: Result, lang: str) -> dict[str, Any]:
    data = r.classification.get(lang) or r.classification.get("en") or {}
    return {
        "uuid": r.uuid,
        "assessment": r.assessment.uuid,
        "producer": r.producer.uuid,
        "standard": r.standard_ref,
        "standard_digest": r.standard_digest,
        "as_of": r.as_of,
        "outcome": r.outcome,
        "created_at": r.created_at,
        "lang": lang if lang in r.classification else "en",
        "classification": data,
    }


@router.post("/assessments", response={201: AssessmentOut, 422: ErrorOut}, operation_id="start_assessment", tags=TAGS)
def start(request: HttpRequest, body: StartIn) -> Any:
    """Start a draft assessment of a producer (scope `assessments:write`)."""
    assessment = services.start_assessment(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=body.producer,
        kind=body.kind,
        standard_ref=body.standard,
        unit_uuid=body.unit,
    )
    return Status(201, _assessment(assessment))


@router.get("/assessments/{uuid}", response=AssessmentDetailOut, operation_id="get_assessment", tags=TAGS)
def get(request: HttpRequest, uuid: uuid.UUID) -> Any:
    """One assessment with its answers (scope `assessments:read`)."""
    return _detail(request, uuid)


@router.put(
    "/assessments/{uuid}/answers",
    response={200: AssessmentDetailOut, 422: ErrorOut},
    operation_id="save_answers",
    tags=TAGS,
)
def put_answers(request: HttpRequest, uuid: uuid.UUID, body: AnswersIn) -> Any:
    """Set some answers (a partial update; null clears one). All or nothing (scope `assessments:write`)."""
    services.save_answers(actor=request.auth, assessment_uuid=uuid, answers=body.answers)  # type: ignore[arg-type]
    return Status(200, _detail(request, uuid))


@router.post(
    "/assessments/{uuid}/submit",
    response={201: ResultOut, 422: ErrorOut},
    operation_id="submit_assessment",
    tags=TAGS,
)
def submit(request: HttpRequest, uuid: uuid.UUID, body: SubmitIn) -> Any:
    """Classify and close the assessment as of today (UTC); the result is kept for good (scope
    `assessments:write`)."""
    result = services.submit_assessment(actor=request.auth, assessment_uuid=uuid)  # type: ignore[arg-type]
    return Status(201, _result(result, "en"))


@router.get("/results/{uuid}", response=ResultOut, operation_id="get_result", tags=TAGS)
def get_result(request: HttpRequest, uuid: uuid.UUID, query: Query[LangIn]) -> Any:
    """One result, with its explanation in `lang` (scope `assessments:read`)."""
    return _result(services.get_result(actor=request.auth, result_uuid=uuid), query.lang)  # type: ignore[arg-type]


@router.get(
    "/producers/{uuid}/assessments",
    response=AssessmentPageOut,
    operation_id="list_producer_assessments",
    tags=TAGS,
)
def list_assessments(request: HttpRequest, uuid: uuid.UUID, page: Query[Page]) -> Any:
    """A producer's assessments, newest first (scope `assessments:read`)."""
    _producer, rows = services.list_assessments(actor=request.auth, producer_uuid=uuid)  # type: ignore[arg-type]
    window = list(rows.select_related("producer", "unit")[page.offset : page.offset + page.limit])
    return {
        "count": rows.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_assessment(a) for a in window],
    }


@router.get("/producers/{uuid}/results", response=ResultPageOut, operation_id="list_producer_results", tags=TAGS)
def list_results(request: HttpRequest, uuid: uuid.UUID, page: Query[Page]) -> Any:
    """A producer's results, newest first (scope `assessments:read`)."""
    _producer, rows = services.list_results(actor=request.auth, producer_uuid=uuid)  # type: ignore[arg-type]
    rows = rows.defer("classification")
    window = list(rows[page.offset : page.offset + page.limit])
    items = [
        {
            "uuid": r.uuid,
            "assessment": r.assessment.uuid,
            "kind": r.assessment.kind,
            "standard": r.standard_ref,
            "as_of": r.as_of,
            "outcome": r.outcome,
            "created_at": r.created_at,
        }
        for r in window
    ]
    return {"count": rows.count(), "limit": page.limit, "offset": page.offset, "items": items}


# --- A cooperative's units rolled up -----------------------------------------------------------


class RollUpIn(Strict):
    standard: str | None = Field(
        None, description="id@version the units were assessed against; the latest used when omitted"
    )
    as_of: dt.date | None = Field(
        None, description="The day to roll up (results dated then, exclusions in force then); today when omitted"
    )
    lang: Literal["en", "es", "fr"] = "en"


class RollUpUnitOut(Schema):
    label: str = Field(description="The unit's name, or “Unit n” for callers who may not see names")
    unit: uuid.UUID | None = Field(description="Null for callers who may not see units")
    kind: str
    result: uuid.UUID | None
    outcome: str | None = Field(description="The latest result's outcome for the standard version; null without one")
    excluded: bool
    excluded_on: dt.date | None
    exclusion_reason: str | None = Field(description="Only for callers who see personal data")


class RollUpRequirementOut(Schema):
    requirement: str
    level: str | None
    action: str | None
    outcome: str
    units: list[str] = Field(description="Labels of the counted units standing there")


class RollUpOut(Schema):
    producer: uuid.UUID
    standard: str | None
    as_of: dt.date
    outcome: str | None = Field(description="The organisation's outcome; null while no unit has a result")
    counted: int
    excluded: int
    without_result: int
    reasons: list[str] = Field(description="Why, in `lang`: the units and requirements that decide it, then exclusions")
    units: list[RollUpUnitOut]
    requirements: list[RollUpRequirementOut] = Field(description="Per requirement, the worst counted unit's standing")


@router.get(
    "/producers/{producer_uuid}/rollup",
    response={200: RollUpOut, 422: ErrorOut},
    operation_id="get_rollup",
    tags=TAGS,
)
def get_rollup(request: HttpRequest, producer_uuid: uuid.UUID, query: Query[RollUpIn]) -> Any:
    """A cooperative's or association's outcome rolled up from its units' latest results; units
    excluded from the supply are listed and do not count (scope `assessments:read`)."""
    found = rollup.rollup_for(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=producer_uuid,
        standard_ref=query.standard,
        as_of=query.as_of,
    )
    units = found.units
    worst = found.rollup.by_requirement.values() if found.rollup else []
    return {
        "producer": units.producer.uuid,
        "standard": units.standard_ref,
        "as_of": units.as_of,
        "outcome": found.rollup.outcome if found.rollup else None,
        "counted": found.counted,
        "excluded": found.excluded,
        "without_result": found.without_result,
        "reasons": rollup.reasons_in(found.rollup, query.lang) if found.rollup else [],
        "units": [
            {
                "label": line.label,
                "unit": line.unit_uuid,
                "kind": line.kind,
                "result": line.result_uuid,
                "outcome": line.outcome,
                "excluded": line.excluded,
                "excluded_on": line.excluded_on,
                "exclusion_reason": line.exclusion_reason,
            }
            for line in units.lines
        ],
        "requirements": [
            {
                "requirement": w.requirement_id,
                "level": w.standing.level,
                "action": w.standing.action,
                "outcome": w.standing.outcome,
                "units": [units.label(key) for key in w.units],
            }
            for w in worst
        ],
    }
