"""Assessment endpoints (mounted under /api/v1/ by passport.site.api).

Each endpoint calls the same service as the pages; ``request.auth`` is the ``Actor``. Input
schemas refuse unknown fields; output schemas name every field returned. What the sharing
policy withholds from the caller is ``null`` in the response, and the response's ``withheld``
names it, by field key (``answers.<question id>`` for an answer), with the reason in ``lang``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from passport.engine import Decision, PassportError, Standard, get_standard
from passport.site.schemas import ErrorOut, Strict

from . import reading, rollup, services
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


class PageLangIn(Page):
    lang: Literal["en", "es", "fr"] = "en"


WITHHELD = (
    "What the sharing policy withholds from the caller, by field key, with the reason in `lang`: its values are null"
)


class AssessmentOut(Schema):
    uuid: uuid.UUID
    producer: uuid.UUID
    kind: str
    status: str
    standard: str
    conducted_by: uuid.UUID | None = Field(
        description="The organisation that conducted it; null when withheld: a buyer, verifier or facilitator "
        "assessing the producer is shown with `assessment.findings` (the producer itself always)"
    )
    started_at: dt.datetime
    submitted_at: dt.datetime | None
    result: uuid.UUID | None
    outcome: str | None = Field(
        description="The result's outcome; null without a result or when withheld (`producer.outcome`; for a unit, "
        "`assessment.findings`)"
    )
    unit: uuid.UUID | None = Field(
        description="The unit assessed on its own; null for the whole producer, or when `units.names` is withheld"
    )
    withheld: dict[str, str] = Field(description=WITHHELD)


class AnswerOut(Schema):
    question: str
    value: Any = Field(description="The answer; null when withheld (the question is then in `withheld`)")


class AssessmentDetailOut(AssessmentOut):
    answers: list[AnswerOut] = Field(
        description="The answers the caller sees, and every question whose answer is withheld from it (value null, "
        "answered or not)"
    )
    unanswered_required: list[str] = Field(
        description="Required questions shown now and not answered (withheld ones are never listed)"
    )


class ResultOut(Schema):
    uuid: uuid.UUID
    assessment: uuid.UUID
    producer: uuid.UUID
    standard: str
    standard_digest: str
    as_of: dt.date
    outcome: str | None = Field(description="Null when withheld (`producer.outcome`)")
    created_at: dt.datetime
    lang: str
    classification: dict[str, Any] = Field(
        description="The engine's result, texts in `lang`; when `assessment.findings` is withheld, its `findings`, "
        "`edd_flags`, `missing` and `progress` are null (and, for a unit's result, its `outcome`); a finding's "
        "`reason` omits the answers when some answer to its requirement is withheld"
    )
    withheld: dict[str, str] = Field(description=WITHHELD)


class ResultSummaryOut(Schema):
    uuid: uuid.UUID
    assessment: uuid.UUID
    kind: str
    standard: str
    as_of: dt.date
    outcome: str | None = Field(
        description="Null when withheld (`producer.outcome`; for a unit's result, `assessment.findings`)"
    )
    created_at: dt.datetime
    withheld: dict[str, str] = Field(description=WITHHELD)


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


def _assessment(a: Assessment, sight: reading.Sight | None = None, lang: str = "en") -> dict[str, Any]:
    """An assessment as its reader sees it (``sight`` None: the organisation conducting it, which
    sees it all): its outcome (a unit's is a finding), who conducted it and which unit it is of
    are null when withheld, each with its field key in ``withheld``."""
    result = getattr(a, "result", None)
    outcome_withheld = sight.outcome_withheld(a.unit_id) if result and sight else None
    assessor_withheld = sight.assessor_withheld(a.conducted_by_id) if sight else None
    unit_withheld = sight.withheld(reading.UNIT_NAMES) if a.unit_id and sight else None
    withheld: dict[str, Decision] = {}
    if outcome_withheld and sight:
        withheld[sight.outcome_key(a.unit_id)] = outcome_withheld
    if assessor_withheld:
        withheld[reading.FINDINGS] = assessor_withheld
    if unit_withheld:
        withheld[reading.UNIT_NAMES] = unit_withheld
    return {
        "uuid": a.uuid,
        "producer": a.producer.uuid,
        "kind": a.kind,
        "status": a.status,
        "standard": a.standard.ref,
        "conducted_by": None if assessor_withheld else a.conducted_by.uuid,
        "started_at": a.started_at,
        "submitted_at": a.submitted_at,
        "result": result.uuid if result else None,
        "outcome": result.outcome if result and not outcome_withheld else None,
        "unit": a.unit.uuid if a.unit_id and not unit_withheld else None,
        "withheld": {key: reading.reason_in(d, lang) for key, d in withheld.items()},
    }


def _detail(request: HttpRequest, assessment_uuid: object, lang: str = "en", *, audit: bool = True) -> dict[str, Any]:
    detail = services.get_assessment(
        actor=request.auth, assessment_uuid=assessment_uuid, with_evidence=False, audit=audit
    )  # type: ignore[arg-type]
    withheld = detail.withheld_answers
    answers = [{"question": k, "value": v} for k, v in detail.answers.items()]
    answers += [{"question": k, "value": None} for k in withheld]
    body = _assessment(detail.assessment, detail.sight, lang)
    body["withheld"] |= {f"answers.{k}": reading.reason_in(d, lang) for k, d in withheld.items()}
    return {
        **body,
        "answers": sorted(answers, key=lambda a: a["question"]),
        "unanswered_required": [i for i in detail.questionnaire.unanswered_required if i not in withheld],
    }


def _standard_or_none(ref: str) -> Standard | None:
    try:
        return get_standard(ref)
    except PassportError:
        return None


# What a result's explanation holds beyond its outcome: findings, in the policy's terms.
_FINDINGS_PARTS = ("findings", "edd_flags", "missing", "progress")


def _result(r: Result, lang: str, withheld: dict[str, str], seen: services.SeenResult | None = None) -> dict[str, Any]:
    """A result as its reader sees it (``seen`` None: the organisation that just submitted it)."""
    data = dict(r.classification.get(lang) or r.classification.get("en") or {})
    outcome_hidden = seen.outcome_withheld if seen else False
    if reading.FINDINGS in withheld:
        data |= dict.fromkeys(_FINDINGS_PARTS)
    elif seen is not None and not seen.sight.full and data.get("findings"):
        standard = _standard_or_none(r.standard_ref)
        without_answers = seen.sight.answers_withheld_in(standard)
        data["findings"] = reading.findings_seen(standard, data["findings"], without_answers, lang)
    if outcome_hidden:
        data |= {"outcome": None, "outcome_label": None}
    return {
        "uuid": r.uuid,
        "assessment": r.assessment.uuid,
        "producer": r.producer.uuid,
        "standard": r.standard_ref,
        "standard_digest": r.standard_digest,
        "as_of": r.as_of,
        "outcome": None if outcome_hidden else r.outcome,
        "created_at": r.created_at,
        "lang": lang if lang in r.classification else "en",
        "classification": data,
        "withheld": withheld,
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
def get(request: HttpRequest, uuid: uuid.UUID, query: Query[LangIn]) -> Any:
    """One assessment with the answers the caller sees; withheld ones are null, with the reason in
    `lang` (scope `assessments:read`)."""
    return _detail(request, uuid, query.lang)


@router.put(
    "/assessments/{uuid}/answers",
    response={200: AssessmentDetailOut, 422: ErrorOut},
    operation_id="save_answers",
    tags=TAGS,
)
def put_answers(request: HttpRequest, uuid: uuid.UUID, body: AnswersIn) -> Any:
    """Set some answers (a partial update; null clears one). All or nothing (scope `assessments:write`)."""
    services.save_answers(actor=request.auth, assessment_uuid=uuid, answers=body.answers)  # type: ignore[arg-type]
    return Status(200, _detail(request, uuid, audit=False))


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
    return Status(201, _result(result, "en", {}))


@router.get("/results/{uuid}", response=ResultOut, operation_id="get_result", tags=TAGS)
def get_result(request: HttpRequest, uuid: uuid.UUID, query: Query[LangIn]) -> Any:
    """One result, with its explanation in `lang`; what is withheld from the caller is null, with
    the reason in `lang` (scope `assessments:read`)."""
    seen = services.get_result(actor=request.auth, result_uuid=uuid)  # type: ignore[arg-type]
    return _result(seen.result, query.lang, seen.withheld(query.lang), seen)


@router.get(
    "/producers/{uuid}/assessments",
    response=AssessmentPageOut,
    operation_id="list_producer_assessments",
    tags=TAGS,
)
def list_assessments(request: HttpRequest, uuid: uuid.UUID, page: Query[PageLangIn]) -> Any:
    """A producer's assessments the caller may open, newest first (scope `assessments:read`)."""
    found = services.list_assessments(actor=request.auth, producer_uuid=uuid)  # type: ignore[arg-type]
    rows = found.rows
    window = list(rows.select_related("producer", "unit")[page.offset : page.offset + page.limit])
    return {
        "count": rows.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_assessment(a, found.reader.sight(a), page.lang) for a in window],
    }


@router.get("/producers/{uuid}/results", response=ResultPageOut, operation_id="list_producer_results", tags=TAGS)
def list_results(request: HttpRequest, uuid: uuid.UUID, page: Query[PageLangIn]) -> Any:
    """A producer's results, newest first (scope `assessments:read`)."""
    found = services.list_results(actor=request.auth, producer_uuid=uuid)  # type: ignore[arg-type]
    rows = found.rows.defer("classification")
    window = list(rows[page.offset : page.offset + page.limit])
    items = []
    for r in window:
        sight = found.reader.sight(r.assessment)
        withheld = sight.reasons([sight.outcome_key(r.assessment.unit_id)], page.lang)
        items.append(
            {
                "uuid": r.uuid,
                "assessment": r.assessment.uuid,
                "kind": r.assessment.kind,
                "standard": r.standard_ref,
                "as_of": r.as_of,
                "outcome": None if withheld else r.outcome,
                "created_at": r.created_at,
                "withheld": withheld,
            }
        )
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
    label: str = Field(description="The unit's name, or “Unit n” when `units.names` is withheld")
    unit: uuid.UUID | None = Field(description="Null when `units.names` is withheld")
    kind: str
    result: uuid.UUID | None
    outcome: str | None = Field(description="The latest result's outcome for the standard version; null without one")
    excluded: bool
    excluded_on: dt.date | None
    exclusion_reason: str | None = Field(description="Null without one, or when `exclusions.reasons` is withheld")


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
    outcome: str | None = Field(
        description="The organisation's outcome; null while no unit has a result, "
        "or when `producer.outcome` is withheld"
    )
    counted: int
    excluded: int
    without_result: int
    reasons: list[str] | None = Field(
        description="Why, in `lang`: the units and requirements that decide it, then exclusions; null when "
        "`assessment.findings` is withheld"
    )
    units: list[RollUpUnitOut] | None = Field(description="Null when `assessment.findings` is withheld")
    requirements: list[RollUpRequirementOut] | None = Field(
        description="Per requirement, the worst counted unit's standing; null when `assessment.findings` is withheld"
    )
    withheld: dict[str, str] = Field(description=WITHHELD)


@router.get(
    "/producers/{producer_uuid}/rollup",
    response={200: RollUpOut, 422: ErrorOut},
    operation_id="get_rollup",
    tags=TAGS,
)
def get_rollup(request: HttpRequest, producer_uuid: uuid.UUID, query: Query[RollUpIn]) -> Any:
    """A cooperative's or association's outcome rolled up from its units' latest results; units
    excluded from the supply are listed and do not count. What the sharing policy withholds from
    the caller is null (scope `assessments:read`)."""
    found = rollup.rollup_for(
        actor=request.auth,  # type: ignore[arg-type]
        producer_uuid=producer_uuid,
        standard_ref=query.standard,
        as_of=query.as_of,
    )
    units = found.units
    withheld = {k: reading.reason_in(d, query.lang) for k, d in units.withheld.items()}
    hidden = reading.FINDINGS in withheld
    worst = found.rollup.by_requirement.values() if found.rollup else []
    return {
        "producer": units.producer.uuid,
        "standard": units.standard_ref,
        "as_of": units.as_of,
        "outcome": found.outcome,
        "counted": found.counted,
        "excluded": found.excluded,
        "without_result": found.without_result,
        "reasons": None if hidden else rollup.reasons_in(found.rollup, query.lang) if found.rollup else [],
        "units": None
        if hidden
        else [
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
        "requirements": None
        if hidden
        else [
            {
                "requirement": w.requirement_id,
                "level": w.standing.level,
                "action": w.standing.action,
                "outcome": w.standing.outcome,
                "units": [units.label(key) for key in w.units],
            }
            for w in worst
        ],
        "withheld": withheld,
    }
