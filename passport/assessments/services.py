"""Assessment use cases: start, answer, attach evidence, submit, and read results and history.

Who may do what (see docs/assessments.md):

- reading needs access to the producer (``access_to``), and then depends on who reads:
  the producer's own people (any role) and a facilitator it authorised read every assessment
  of the producer; a buyer or verifier it authorised reads the assessments its own
  organisation conducts (drafts included) and the producer's submitted assessments and
  results of any kind, never another organisation's draft. Anything else is ``NotFound``
  (absent from lists), never ``NotAllowed``, so a hidden draft's existence is not revealed.
  Every read by an organisation other than the producer is audited as ``view.confidential``;
- changing an assessment needs the organisation conducting it, role ≥ member, while it is a
  draft; a submitted assessment never changes;
- a self-assessment is started by the producer (role ≥ member) or an authorised facilitator, a
  buyer review by an authorised buyer, a verification by an authorised verifier.

API tokens additionally need the ``assessments:read`` / ``assessments:write`` scope. Answers
record a person: a token's writes are recorded as its creator's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.access import (
    Actor,
    NotAllowed,
    NotFound,
    person_behind,
    require_role,
    require_scope,
    uuid_or_not_found,
)
from passport.accounts.models import Organisation, Role
from passport.audit.services import record, record_view
from passport.engine import (
    PassportError,
    Questionnaire,
    Standard,
    answer_problem,
    applicable_requirements,
    classify,
    get_standard,
    questionnaire,
    to_dict,
)
from passport.producers.access import (
    ASSESSMENT_KINDS_BY_ORGANISATION,
    Access,
    access_to,
    engine_profile,
    producer_for,
)
from passport.producers.models import AssessorAuthorisation, Producer, Unit
from passport.standards.models import StandardVersion
from passport.standards.services import load_published, publish_standard

from .evidence_types import detect_type
from .models import Answer, Assessment, AssessmentKind, AssessmentStatus, Evidence, Result, ResultFinding, evidence_path

logger = logging.getLogger(__name__)

READ = "assessments:read"
WRITE = "assessments:write"
_OUTCOME_RANK = {"not_eligible": 0, "eligible_with_mitigation": 1, "eligible": 2}

IMPROVED = "improved"
UNCHANGED = "unchanged"
REGRESSED = "regressed"
NOT_COMPARABLE = "not_comparable"


# --- Shared checks ---------------------------------------------------------------------------


def _sees_every_assessment(actor: Actor, access: Access) -> bool:
    """The producer's own people, and a facilitator it authorised (who runs its self-assessments
    with it), read all its assessments. A buyer or verifier is a party to the trade: it must not
    read the producer's unfinished work or another buyer's unfinished review."""
    return access is Access.OWN or (access is Access.ASSESSOR and actor.kind == "facilitator")


def _may_read(actor: Actor, access: Access, assessment: Assessment) -> bool:
    if access is Access.NONE:
        return False
    if _sees_every_assessment(actor, access):
        return True
    assert actor.organisation is not None  # access is never ASSESSOR without an organisation
    return not assessment.is_draft or assessment.conducted_by_id == actor.organisation.pk


def _visible_assessments(actor: Actor, access: Access) -> Q:
    """``_may_read`` as a filter on assessments (access already known not to be NONE)."""
    if _sees_every_assessment(actor, access):
        return Q()
    return Q(status=AssessmentStatus.SUBMITTED) | Q(conducted_by=actor.organisation)


def _readable(actor: Actor, assessment_uuid: object) -> tuple[Assessment, Access]:
    require_scope(actor, READ)
    assessment = (
        Assessment.objects.select_related("producer__organisation", "standard", "conducted_by", "result")
        .filter(uuid=uuid_or_not_found(assessment_uuid))
        .first()
    )
    access = access_to(actor, assessment.producer) if assessment is not None else Access.NONE
    if assessment is None or not _may_read(actor, access, assessment):
        raise NotFound(_("No such assessment."))
    return assessment, access


def _may_edit(actor: Actor, assessment: Assessment) -> bool:
    return (
        actor.organisation is not None
        and actor.organisation.pk == assessment.conducted_by_id
        and actor.has_role(Role.MEMBER)
        and actor.has_scope(WRITE)
        and assessment.is_draft
    )


def _writable(actor: Actor, assessment_uuid: object) -> Assessment:
    require_scope(actor, WRITE)
    assessment, _access = _readable(actor, assessment_uuid)
    assert actor.organisation is not None  # access_to gives NONE without an organisation
    if actor.organisation.pk != assessment.conducted_by_id:
        raise NotAllowed(_("Only the organisation conducting this assessment may change it."))
    require_role(actor, Role.MEMBER)
    if not assessment.is_draft:
        raise NotAllowed(_("This assessment was submitted and can no longer be changed."))
    return assessment


def _audit_view(actor: Actor, producer_uuid: uuid.UUID, access: Access, object_type: str, object_id: object) -> None:
    """Someone outside the producer read its answers or results: the producer can see who and when."""
    if access is not Access.OWN:
        record_view(
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            producer=producer_uuid,
        )


def _stored(value: object) -> object:
    """An answer as JSON keeps it: dates as ISO text, decimals as floats."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def standard_of(assessment: Assessment) -> Standard:
    """The compiled standard an assessment is pinned to (the file must still be the published one)."""
    return load_published(assessment.standard)


# --- Starting ---------------------------------------------------------------------------------


def _kinds_for(actor: Actor, access: Access) -> list[str]:
    if not actor.has_role(Role.MEMBER) or not actor.has_scope(WRITE):
        return []
    if access is Access.OWN:
        kinds = {AssessmentKind.SELF.value}
    elif access is Access.ASSESSOR and actor.kind != "producer":
        kinds = set(ASSESSMENT_KINDS_BY_ORGANISATION.get(actor.kind or "", frozenset()))
    else:
        kinds = set()
    return [k for k in AssessmentKind.values if k in kinds]


def list_startable_kinds(*, actor: Actor, producer_uuid: object) -> tuple[Producer, list[str]]:
    """The producer and the kinds of assessment the actor may start for it (may be empty)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    return producer, _kinds_for(actor, access)


def start_assessment(
    *,
    actor: Actor,
    producer_uuid: object,
    kind: str,
    standard_ref: str | None = None,
    unit_uuid: object | None = None,
) -> Assessment:
    """A new draft assessment of ``kind``, pinned to a published standard version.

    ``standard_ref`` is an ``id@version`` already published on the platform; omitted, the
    platform's default (``PASSPORT_DEFAULT_STANDARD``), published on first use. Anything else,
    a file path included, is a ValidationError on ``standard``.

    ``unit_uuid`` assesses one unit (member or crew) of a cooperative or association on its own
    (docs/cooperatives.md): it must be one of this producer's units (NotFound otherwise), and a
    unit's assessment is a self-assessment."""
    require_scope(actor, WRITE)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(AssessmentKind.values)}]})
    require_role(actor, Role.MEMBER)
    if kind not in _kinds_for(actor, access):
        raise NotAllowed(_("Your organisation may not start this kind of assessment for this producer."))
    unit = None
    if unit_uuid:
        unit = Unit.objects.filter(producer=producer, uuid=uuid_or_not_found(unit_uuid)).first()
        if unit is None:
            raise NotFound(_("No such unit."))
        if kind != AssessmentKind.SELF:
            raise ValidationError({"unit": [_("A unit is assessed by self-assessment only.")]})
    author = person_behind(actor)
    version = _standard_for_new_assessment(standard_ref)
    assert actor.organisation is not None
    with transaction.atomic():
        assessment = Assessment.objects.create(
            producer=producer,
            standard=version,
            kind=kind,
            conducted_by=actor.organisation,
            started_by=author,
            unit=unit,
        )
        record(
            actor=actor,
            action="assessment.started",
            object_type="assessment",
            object_id=assessment.uuid,
            producer=producer.uuid,
            detail={"kind": kind, "standard": version.ref, **({"unit": str(unit.uuid)} if unit else {})},
        )
    return assessment


_STANDARD_REF = re.compile(r"^[a-z0-9][a-z0-9_-]*@[0-9][0-9.]*$")


def _standard_for_new_assessment(ref: str | None) -> StandardVersion:
    """The version a new assessment is pinned to: one already published, or the platform's
    default (published here on first use, from the project's standards folder).

    The ref may come from the API: it is never handed to the engine's loader unless it is one of
    those two, because the loader would read any file path it is given, and its errors name
    server paths."""
    default = settings.PASSPORT_DEFAULT_STANDARD
    if not ref or ref == default:
        try:
            return publish_standard(ref=default)
        except PassportError:
            raise _unusable(default) from None
    version = StandardVersion.objects.filter(ref=ref).first() if _STANDARD_REF.fullmatch(ref) else None
    if version is None:
        known = sorted({*StandardVersion.objects.values_list("ref", flat=True), default})
        message = _("Choose a published standard by its id@version: %(known)s.") % {
            "known": ", ".join(k for k in known if _STANDARD_REF.fullmatch(k))
        }
        raise ValidationError({"standard": [message]})
    try:
        load_published(version)  # the file must still hold the bytes it was published with
    except PassportError:
        raise _unusable(ref) from None
    return version


def _unusable(ref: str) -> ValidationError:
    """A standard file missing or edited since publication is for the operators to fix: logged in
    full for them (call inside the ``except``), refused without details to the caller."""
    logger.exception("standard %s cannot be used for a new assessment", ref)
    return ValidationError(
        {"standard": [_("This standard cannot be used at the moment; please tell the platform's operators.")]}
    )


# --- Reading one assessment -------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentDetail:
    """An assessment with its answers, the questions asked now, and its evidence."""

    assessment: Assessment
    standard: Standard
    answers: Mapping[str, Any]
    questionnaire: Questionnaire
    evidence: Sequence[Evidence]
    can_edit: bool

    @property
    def result(self) -> Result | None:
        return getattr(self.assessment, "result", None)


def get_assessment(*, actor: Actor, assessment_uuid: object, as_of: dt.date | None = None) -> AssessmentDetail:
    """The assessment with answers and evidence, if the actor may read it: the producer's own
    people and its authorised facilitator read any; an authorised buyer or verifier only its
    own organisation's (drafts included) and submitted ones. Otherwise NotFound."""
    assessment, access = _readable(actor, assessment_uuid)
    standard = standard_of(assessment)
    answers = dict(Answer.objects.filter(assessment=assessment).values_list("indicator_id", "value"))
    evidence = list(Evidence.objects.filter(assessment=assessment))
    _audit_view(actor, assessment.producer.uuid, access, "assessment", assessment.uuid)
    day = as_of or timezone.now().date()
    return AssessmentDetail(
        assessment=assessment,
        standard=standard,
        answers=answers,
        questionnaire=questionnaire(standard, engine_profile(assessment.producer), answers, day),
        evidence=evidence,
        can_edit=_may_edit(actor, assessment),
    )


# --- Answering --------------------------------------------------------------------------------


def _check_answers(standard: Standard, producer: Producer, answers: Mapping[str, object]) -> dict[str, object]:
    """The answers in stored form; ValidationError naming every question that is wrong."""
    applicable = {i.id for r in applicable_requirements(standard, engine_profile(producer)) for i in r.indicators}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for ident, value in answers.items():
        problem = answer_problem(standard, ident, value)
        if problem is None and ident not in applicable:
            problem = _("this question does not apply to this producer")
        if problem is not None:
            errors[ident] = [problem]
        else:
            cleaned[ident] = _stored(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_answers(*, actor: Actor, assessment_uuid: object, answers: Mapping[str, object]) -> Assessment:
    """Set the given answers (a partial update); ``None`` clears an answer. All or nothing:
    one invalid answer and nothing is saved, with an error naming each wrong question."""
    assessment = _writable(actor, assessment_uuid)
    author = person_behind(actor)
    cleaned = _check_answers(standard_of(assessment), assessment.producer, answers)
    assert actor.organisation is not None
    now = timezone.now()
    with transaction.atomic():
        _lock_draft(assessment)
        existing = {a.indicator_id: a for a in Answer.objects.filter(assessment=assessment)}
        cleared = sorted(i for i, v in cleaned.items() if v is None and i in existing)
        changed = {i: v for i, v in cleaned.items() if v is not None and (i not in existing or existing[i].value != v)}
        Answer.objects.filter(assessment=assessment, indicator_id__in=cleared).delete()
        updates = []
        for ident, value in changed.items():
            row = existing.get(ident) or Answer(assessment=assessment, indicator_id=ident)
            row.value, row.answered_by, row.answered_for, row.answered_at = value, author, actor.organisation, now
            updates.append(row)
        Answer.objects.bulk_create([r for r in updates if r.pk is None])
        Answer.objects.bulk_update(
            [r for r in updates if r.pk is not None], ["value", "answered_by", "answered_for", "answered_at"]
        )
        if changed or cleared:
            # Question ids only: the log is append-only and kept for good, and answers (free text
            # included) are the producer's confidential data, which may have to be erased (0008).
            record(
                actor=actor,
                action="assessment.answers_saved",
                object_type="assessment",
                object_id=assessment.uuid,
                producer=assessment.producer.uuid,
                detail={
                    "added": sorted(i for i in changed if i not in existing),
                    "changed": sorted(i for i in changed if i in existing),
                    "cleared": cleared,
                },
            )
    return assessment


def _lock_draft(assessment: Assessment) -> None:
    """Serialise writers on one assessment, and refuse if it was submitted meanwhile."""
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True).get()
    if status != AssessmentStatus.DRAFT:
        raise NotAllowed(_("This assessment was submitted and can no longer be changed."))


# --- Evidence ---------------------------------------------------------------------------------


def attach_evidence(
    *,
    actor: Actor,
    assessment_uuid: object,
    requirement_id: str,
    uploaded_file: UploadedFile,
    description: str = "",
) -> Evidence:
    """Store a photo or document for one requirement. The type is read from the file's first
    bytes (JPEG, PNG, WebP, PDF); its SHA-256 is recorded and names the stored file."""
    assessment = _writable(actor, assessment_uuid)
    author = person_behind(actor)
    standard = standard_of(assessment)
    errors: dict[str, list[str]] = {}
    if requirement_id not in {r.id for r in applicable_requirements(standard, engine_profile(assessment.producer))}:
        errors["requirement"] = [_("Choose a requirement of this assessment.")]
    description = description.strip()
    if len(description) > 300:
        errors["description"] = [_("Keep the description under 300 characters.")]
    limit = settings.PASSPORT_EVIDENCE_MAX_BYTES
    content_type = None
    if uploaded_file.size is None or uploaded_file.size > limit:
        errors["file"] = [_("The file is too large (the limit is %(mb).1f MB).") % {"mb": limit / 1_000_000}]
    elif uploaded_file.size == 0:
        errors["file"] = [_("The file is empty.")]
    else:
        uploaded_file.seek(0)
        content_type = detect_type(uploaded_file.read(16))
        if content_type is None:
            errors["file"] = [_("Only photos (JPEG, PNG, WebP) and PDF documents are accepted.")]
    if errors:
        raise ValidationError(errors)
    assert content_type is not None
    digest, size = _sha256(uploaded_file)
    evidence = Evidence(
        assessment=assessment,
        requirement_id=requirement_id,
        original_name=(uploaded_file.name or "")[-200:],
        content_type=content_type,
        size=size,
        sha256=digest,
        description=description,
        uploaded_by=author,
    )
    path = evidence_path(evidence, "")
    written = not default_storage.exists(path)
    if written:
        uploaded_file.seek(0)
        evidence.file.save(path, uploaded_file, save=False)
    else:
        evidence.file.name = path  # the same bytes are stored already: share the file
    try:
        with transaction.atomic():
            _lock_draft(assessment)
            evidence.save()
            record(
                actor=actor,
                action="evidence.attached",
                object_type="evidence",
                object_id=evidence.uuid,
                producer=assessment.producer.uuid,
                detail={"assessment": str(assessment.uuid), "requirement": requirement_id, "sha256": digest},
            )
    except BaseException:
        if written:
            default_storage.delete(evidence.file.name)
        raise
    return evidence


def _sha256(uploaded_file: UploadedFile) -> tuple[str, int]:
    uploaded_file.seek(0)
    sha = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def get_evidence(*, actor: Actor, evidence_uuid: object) -> Evidence:
    """An evidence file's record, if the actor may read its assessment (see ``get_assessment``)."""
    require_scope(actor, READ)
    evidence = (
        Evidence.objects.select_related("assessment__producer__organisation")
        .filter(uuid=uuid_or_not_found(evidence_uuid))
        .first()
    )
    access = access_to(actor, evidence.assessment.producer) if evidence is not None else Access.NONE
    if evidence is None or not _may_read(actor, access, evidence.assessment):
        raise NotFound(_("No such evidence."))
    _audit_view(actor, evidence.assessment.producer.uuid, access, "evidence", evidence.uuid)
    return evidence


# --- Submitting -------------------------------------------------------------------------------


def submit_assessment(*, actor: Actor, assessment_uuid: object, as_of: dt.date | None = None) -> Result:
    """Classify the answers once and keep the result for good; the assessment is then closed.

    An assessment of the producer as a whole is classified with the windows of its adopted plans
    (``passport.plans.deadlines.plan_states``): its mitigate findings carry their due dates, and
    one made after a window lapsed with the risk still found is ``not_eligible`` as the standard
    says. The result holds the engine's explanation in every language of the standard, so later
    readers see the words of the version it was made with (decision 0009)."""
    assessment = _writable(actor, assessment_uuid)
    author = person_behind(actor)
    standard = standard_of(assessment)
    day = as_of or dt.datetime.now(dt.UTC).date()
    # The producer's adopted plans start its mitigation windows (decision 0006): the result then
    # carries each due date and, once a window lapsed with the risk still found, the standard's
    # consequence. A unit's assessment has no plan of its own.
    from passport.plans.deadlines import plan_states  # noqa: PLC0415 - plans depends on assessments, not back

    with transaction.atomic():
        _lock_draft(assessment)
        answers = dict(Answer.objects.filter(assessment=assessment).values_list("indicator_id", "value"))
        plans = plan_states(assessment.producer) if assessment.unit_id is None else {}
        outcome = classify(standard, engine_profile(assessment.producer), answers, plans, day)
        result = Result.objects.create(
            assessment=assessment,
            producer=assessment.producer,
            standard_ref=assessment.standard.ref,
            standard_digest=standard.digest,
            as_of=day,
            outcome=outcome.outcome,
            classification={lang: to_dict(outcome, standard, lang, answers) for lang in standard.languages},
        )
        ResultFinding.objects.bulk_create(
            ResultFinding(
                result=result,
                requirement_id=f.requirement_id,
                module_id=f.module_id,
                level=f.level or "",
                action=f.action.value if f.action else "",
                outcome=f.outcome,
                deadline=f.due,
            )
            for f in outcome.findings
        )
        now = timezone.now()
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SUBMITTED, submitted_at=now, submitted_by=author
        )
        assessment.status, assessment.submitted_at, assessment.submitted_by = AssessmentStatus.SUBMITTED, now, author
        record(
            actor=actor,
            action="assessment.submitted",
            object_type="assessment",
            object_id=assessment.uuid,
            producer=assessment.producer.uuid,
            detail={"result": str(result.uuid), "outcome": outcome.outcome, "as_of": day.isoformat()},
        )
    return result


# --- Results, lists and history ---------------------------------------------------------------


def get_result(*, actor: Actor, result_uuid: object) -> Result:
    """A result, if the actor may read the producer's assessments: its own people and every
    organisation it authorised (a result is always of a submitted assessment, which an authorised
    buyer or verifier reads whoever conducted it)."""
    require_scope(actor, READ)
    rows = Result.objects.select_related("producer__organisation", "assessment__conducted_by")
    result = rows.filter(uuid=uuid_or_not_found(result_uuid)).first()
    access = access_to(actor, result.producer) if result else Access.NONE
    if result is None or access is Access.NONE:
        raise NotFound(_("No such result."))
    _audit_view(actor, result.producer.uuid, access, "result", result.uuid)
    return result


@dataclass(frozen=True)
class ResultSummary:
    """What a result page shows around the explanation (which it renders once and keeps)."""

    id: int
    uuid: uuid.UUID
    standard_ref: str
    standard_digest: str
    as_of: dt.date
    outcome: str
    producer_uuid: uuid.UUID
    producer_name: str
    kind: str
    conducted_by: str

    @property
    def kind_label(self) -> str:
        return str(AssessmentKind(self.kind).label)


def get_result_summary(*, actor: Actor, result_uuid: object) -> ResultSummary:
    """``get_result`` for the result page, with the same rule of who may read it and the same
    audit entry, in one SQL statement (the access check included): the page is opened far more
    often than results are written, and building the ORM query cost more than running it."""
    require_scope(actor, READ)
    wanted = uuid_or_not_found(result_uuid)
    organisation_id = actor.organisation.pk if actor.organisation else None
    with connection.cursor() as cursor:
        key = Result._meta.get_field("uuid").get_db_prep_value(wanted, connection)
        cursor.execute(_RESULT_SUMMARY_SQL, [organisation_id, key])
        row = cursor.fetchone()
    if row is None or organisation_id is None:
        raise NotFound(_("No such result."))
    result_id, ref, digest, as_of, outcome, producer_uuid, owner_id, name, kind, by, authorised = row
    access = Access.OWN if owner_id == organisation_id else Access.ASSESSOR if authorised else Access.NONE
    if access is Access.NONE:
        raise NotFound(_("No such result."))
    summary = ResultSummary(
        id=result_id,
        uuid=wanted,
        standard_ref=ref,
        standard_digest=digest,
        as_of=as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of),
        outcome=outcome,
        producer_uuid=producer_uuid if isinstance(producer_uuid, uuid.UUID) else uuid.UUID(producer_uuid),
        producer_name=name,
        kind=kind,
        conducted_by=by,
    )
    _audit_view(actor, summary.producer_uuid, access, "result", wanted)
    return summary


def result_explanation(*, summary: ResultSummary) -> dict[str, Any]:
    """The stored explanation of a result already read with ``get_result_summary``."""
    return Result.objects.values_list("classification", flat=True).get(pk=summary.id)  # type: ignore[no-any-return]


def _result_summary_sql() -> str:
    tables = {
        "r": Result._meta.db_table,
        "p": Producer._meta.db_table,
        "o": Organisation._meta.db_table,
        "a": Assessment._meta.db_table,
        "g": AssessorAuthorisation._meta.db_table,
    }
    # Our own tables' names; every value is a parameter.
    return (
        "SELECT r.id, r.standard_ref, r.standard_digest, r.as_of, r.outcome, p.uuid, "  # noqa: S608
        "p.organisation_id, o.name, a.kind, c.name, "
        f"EXISTS (SELECT 1 FROM {tables['g']} g WHERE g.producer_id = p.id AND g.organisation_id = %s "
        "AND g.revoked_at IS NULL) "
        f"FROM {tables['r']} r JOIN {tables['p']} p ON p.id = r.producer_id "
        f"JOIN {tables['o']} o ON o.id = p.organisation_id JOIN {tables['a']} a ON a.id = r.assessment_id "
        f"JOIN {tables['o']} c ON c.id = a.conducted_by_id WHERE r.uuid = %s"
    )


_RESULT_SUMMARY_SQL = _result_summary_sql()


def list_assessments(*, actor: Actor, producer_uuid: object) -> tuple[Producer, QuerySet[Assessment]]:
    """The producer's assessments the actor may read, newest first (with its result when
    submitted): all of them for its own people and its facilitator; for an authorised buyer or
    verifier, its own organisation's and the submitted ones (see ``get_assessment``)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    _audit_view(actor, producer.uuid, access, "producer", producer.uuid)
    rows = Assessment.objects.filter(_visible_assessments(actor, access), producer=producer)
    rows = rows.select_related("standard", "conducted_by", "result")
    rows = rows.defer("result__classification")  # lists show the outcome, not the explanation
    return producer, rows.order_by("-started_at", "-id")


def list_results(*, actor: Actor, producer_uuid: object) -> tuple[Producer, QuerySet[Result]]:
    """Every result of the producer, newest first: results are of submitted assessments, which
    everyone who may open the producer reads."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    _audit_view(actor, producer.uuid, access, "producer", producer.uuid)
    rows = Result.objects.filter(producer=producer).select_related("assessment__conducted_by")
    return producer, rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class HistoryEntry:
    assessment: Assessment
    result: Result | None
    movements: Mapping[str, str]
    """Per requirement, compared with the previous submitted result: improved, unchanged,
    regressed, or not_comparable (undecided, or absent from one of the two)."""

    def count(self, movement: str) -> int:
        return sum(1 for m in self.movements.values() if m == movement)


@dataclass(frozen=True)
class History:
    producer: Producer
    entries: Sequence[HistoryEntry]
    """Newest first."""


def history(*, actor: Actor, producer_uuid: object) -> History:
    """The producer's assessments the actor may read (as ``list_assessments``) and, for
    consecutive results of the same subject (the organisation, or one of its units), how each
    requirement moved."""
    producer, assessments = list_assessments(actor=actor, producer_uuid=producer_uuid)
    rows = list(assessments)
    findings: dict[int, dict[str, ResultFinding]] = {}
    for f in ResultFinding.objects.filter(result__producer=producer).order_by("id"):
        findings.setdefault(f.result_id, {})[f.requirement_id] = f
    submitted = sorted(
        (a for a in rows if getattr(a, "result", None) is not None), key=lambda a: (a.result.created_at, a.result.pk)
    )
    # Compare each result with the previous one of the same subject: the organisation, or one unit.
    by_subject: dict[int | None, list[Assessment]] = {}
    for a in submitted:
        by_subject.setdefault(a.unit_id, []).append(a)
    movements: dict[int, dict[str, str]] = {}
    for series in by_subject.values():
        for before, after in itertools.pairwise(series):
            movements[after.pk] = compare_findings(
                findings.get(before.result.pk, {}),
                findings.get(after.result.pk, {}),
                level_ranks(after.result.standard_ref),
            )
    entries = [HistoryEntry(a, getattr(a, "result", None), movements.get(a.pk, {})) for a in rows]
    return History(producer, entries)


def level_ranks(standard_ref: str) -> Mapping[str, int]:
    """Each level of the standard by its rank (for comparing findings); empty if the file is gone."""
    try:
        standard = get_standard(standard_ref)
    except PassportError:
        return {}
    return {ident: term.rank for ident, term in standard.levels.items()}


def compare_findings(
    before: Mapping[str, ResultFinding], after: Mapping[str, ResultFinding], level_rank: Mapping[str, int]
) -> dict[str, str]:
    """Per requirement of ``after``: better (a better outcome, or the same outcome at a higher
    level), the same, or worse than in ``before``."""
    moved = {}
    for requirement_id, now in after.items():
        then = before.get(requirement_id)
        a, b = _standing(then, level_rank), _standing(now, level_rank)
        if a is None or b is None:
            moved[requirement_id] = NOT_COMPARABLE
        else:
            moved[requirement_id] = IMPROVED if b > a else REGRESSED if b < a else UNCHANGED
    return moved


def _standing(finding: ResultFinding | None, level_rank: Mapping[str, int]) -> tuple[int, int] | None:
    if finding is None or finding.outcome not in _OUTCOME_RANK or finding.level not in level_rank:
        return None
    return _OUTCOME_RANK[finding.outcome], level_rank[finding.level]
