"""Assessment use cases: start, answer, attach evidence, submit, and read results and history.

Who may do what (see docs/assessments.md):

- opening needs to know the producer (``access_to`` is not ``NONE``), and then depends on who
  reads (``Reader``): the producer's own people (any role) and a facilitator it authorised open
  every assessment of the producer; the organisation conducting an assessment opens it (drafts
  included); anyone else who knows the producer opens its submitted assessments and results,
  never another organisation's draft. Anything else is ``NotFound`` (absent from lists), never
  ``NotAllowed``, so a hidden draft's existence is not revealed;
- what an opened assessment shows is the sharing policy's (``Sight``): everything to the
  producer's own people, its facilitator and the conducting organisation (its own work); to
  anyone else each answer, file, finding and outcome through the lens (``passport.sharing.policy``),
  a withheld one given with the decision that withholds it. A read by someone outside the
  producer that showed data that is not public writes one access-log entry (``lens.log``);
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
from passport.audit.services import record
from passport.engine import (
    Decision,
    PassportError,
    Questionnaire,
    Standard,
    answer_problem,
    applicable_requirements,
    classify,
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
from passport.producers.models import Producer, Unit
from passport.sharing.policy import lens_for
from passport.standards.models import StandardVersion
from passport.standards.services import load_published, publish_standard

from .evidence_types import detect_type
from .models import Answer, Assessment, AssessmentKind, AssessmentStatus, Evidence, Result, ResultFinding, evidence_path
from .reading import ANSWERS, EVIDENCE, FINDINGS, OUTCOME, UNIT_NAMES, Reader, Sight, reader_of

logger = logging.getLogger(__name__)

READ = "assessments:read"
WRITE = "assessments:write"


# --- Who reads what ---------------------------------------------------------------------------


def _readable(actor: Actor, assessment_uuid: object) -> tuple[Assessment, Reader]:
    require_scope(actor, READ)
    assessment = (
        Assessment.objects.select_related("producer__organisation", "standard", "conducted_by", "result")
        .filter(uuid=uuid_or_not_found(assessment_uuid))
        .first()
    )
    access = access_to(actor, assessment.producer) if assessment is not None else Access.NONE
    if assessment is None or access is Access.NONE:
        raise NotFound(_("No such assessment."))
    reader = reader_of(actor, assessment.producer, access)
    if not reader.may_open(assessment):
        raise NotFound(_("No such assessment."))
    return assessment, reader


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
    assessment, _reader = _readable(actor, assessment_uuid)
    assert actor.organisation is not None  # access_to gives NONE without an organisation
    if actor.organisation.pk != assessment.conducted_by_id:
        raise NotAllowed(_("Only the organisation conducting this assessment may change it."))
    require_role(actor, Role.MEMBER)
    if not assessment.is_draft:
        raise NotAllowed(_("This assessment was submitted and can no longer be changed."))
    return assessment


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
    elif access.may_assess and actor.kind != "producer":
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
    """An assessment with the answers the reader sees, the questions asked, and its evidence.

    For a reader who does not see everything (``sight.full`` false), ``answers`` holds only the
    answers the lens shows, and the questionnaire is built from them alone: a follow-up whose
    trigger is withheld stays pending, so which questions appear never betrays a withheld answer.
    ``withheld_answers`` gives, for every question of the applicable requirements whose answer
    is withheld (answered or not: whether it was answered is not shown either), the decision."""

    assessment: Assessment
    standard: Standard
    answers: Mapping[str, Any]
    questionnaire: Questionnaire
    evidence: Sequence[Evidence]
    """Empty when not asked for, or when the files are withheld (``evidence_withheld``)."""
    can_edit: bool
    sight: Sight
    withheld_answers: Mapping[str, Decision]
    evidence_withheld: Decision | None

    @property
    def result(self) -> Result | None:
        return getattr(self.assessment, "result", None)


def get_assessment(
    *,
    actor: Actor,
    assessment_uuid: object,
    as_of: dt.date | None = None,
    with_evidence: bool = True,
    audit: bool = True,
) -> AssessmentDetail:
    """The assessment with the answers and evidence the actor sees, if it may open it (see
    ``Reader.may_open``); otherwise NotFound. ``with_evidence=False`` for a caller that shows no
    files (nothing read, nothing logged). A read by someone outside the producer that shows data
    that is not public writes one access-log entry (``audit=False``: the caller just wrote it)."""
    assessment, reader = _readable(actor, assessment_uuid)
    sight = reader.sight(assessment)
    standard = standard_of(assessment)
    stored = dict(Answer.objects.filter(assessment=assessment).values_list("indicator_id", "value"))
    answers = {
        ident: value
        for ident, value in stored.items()
        if ident in standard.indicators and sight.answer_withheld(standard.indicators[ident]) is None
    }
    day = as_of or timezone.now().date()
    asked = questionnaire(standard, engine_profile(assessment.producer), answers, day)
    withheld = {
        ident: decision
        for ident in sorted(asked.indicator_ids)
        if (decision := sight.answer_withheld(standard.indicators[ident])) is not None
    }
    evidence_withheld = sight.withheld(EVIDENCE)
    evidence = list(Evidence.objects.filter(assessment=assessment)) if with_evidence and not evidence_withheld else []
    if audit:
        what = [ANSWERS] if any(not sight.answer_is_public(standard.indicators[i]) for i in answers) else []
        what += sight.shown([EVIDENCE] if evidence else [])
        what += sight.shown([UNIT_NAMES] if assessment.unit_id else [])
        sight.log(actor, object_type="assessment", object_id=assessment.uuid, what=what)
    return AssessmentDetail(
        assessment=assessment,
        standard=standard,
        answers=answers,
        questionnaire=asked,
        evidence=evidence,
        can_edit=_may_edit(actor, assessment),
        sight=sight,
        withheld_answers=withheld,
        evidence_withheld=evidence_withheld,
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
    """An evidence file's record, if the actor may open its assessment and sees its files
    (``evidence.files`` is personal data: the producer, its facilitator, and the organisation
    conducting the assessment); NotFound otherwise, as for a file that does not exist."""
    require_scope(actor, READ)
    evidence = (
        Evidence.objects.select_related("assessment__producer__organisation")
        .filter(uuid=uuid_or_not_found(evidence_uuid))
        .first()
    )
    access = access_to(actor, evidence.assessment.producer) if evidence is not None else Access.NONE
    if evidence is None or access is Access.NONE:
        raise NotFound(_("No such evidence."))
    reader = reader_of(actor, evidence.assessment.producer, access)
    sight = reader.sight(evidence.assessment)
    if not reader.may_open(evidence.assessment) or not sight.shows(EVIDENCE):
        raise NotFound(_("No such evidence."))
    sight.log(actor, object_type="evidence", object_id=evidence.uuid, what=sight.shown([EVIDENCE]))
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


@dataclass(frozen=True)
class SeenResult:
    """A result and how its reader sees it: the outcome (``producer.outcome``, public unless the
    producer tightened it) and the findings, their levels, actions, deadlines and explanation
    (``assessment.findings``: partners and prospective partners, not authorities nor the public)."""

    result: Result
    sight: Sight

    @property
    def outcome_withheld(self) -> bool:
        """A unit's outcome is one of the organisation's findings (``Sight.outcome_key``)."""
        return self.sight.outcome_withheld(self.result.assessment.unit_id) is not None

    def withheld(self, lang: str | None = None) -> dict[str, str]:
        return self.sight.reasons(
            dict.fromkeys([self.sight.outcome_key(self.result.assessment.unit_id), FINDINGS]), lang
        )


def _result_what(sight: Sight, unit_id: int | None) -> list[str]:
    """What a result page or response shows that the access log records."""
    return sight.shown([OUTCOME, FINDINGS, *([UNIT_NAMES] if unit_id else [])])


def get_result(*, actor: Actor, result_uuid: object) -> SeenResult:
    """A result, for everyone who may open the producer (a result is always of a submitted
    assessment); the ORM twin of ``get_result_summary``, which the result page uses."""
    require_scope(actor, READ)
    rows = Result.objects.select_related("producer__organisation", "assessment__conducted_by")
    result = rows.filter(uuid=uuid_or_not_found(result_uuid)).first()
    access = access_to(actor, result.producer) if result else Access.NONE
    if result is None or access is Access.NONE:
        raise NotFound(_("No such result."))
    sight = reader_of(actor, result.producer, access).sight(result.assessment)
    what = sight.shown([OUTCOME, FINDINGS])  # the API names no unit
    sight.lens.log(actor, object_type="result", object_id=result.uuid, what=what)
    return SeenResult(result, sight)


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
    conducted_by_id: int
    unit_id: int | None
    """The unit the result is of (None: the whole producer)."""
    sight: Sight

    @property
    def kind_label(self) -> str:
        return str(AssessmentKind(self.kind).label)

    @property
    def assessor_withheld(self) -> Decision | None:
        return self.sight.assessor_withheld(self.conducted_by_id)

    @property
    def outcome_withheld(self) -> Decision | None:
        return self.sight.outcome_withheld(self.unit_id)


def get_result_summary(*, actor: Actor, result_uuid: object) -> ResultSummary:
    """``get_result`` for the result page, with the same rule of who may read it and the same
    access-log entry, the result read in one SQL statement: the page is opened far more often
    than results are written, and building the ORM query cost more than running it."""
    require_scope(actor, READ)
    wanted = uuid_or_not_found(result_uuid)
    if actor.organisation is None:
        raise NotFound(_("No such result."))
    with connection.cursor() as cursor:
        key = Result._meta.get_field("uuid").get_db_prep_value(wanted, connection)
        cursor.execute(_RESULT_SUMMARY_SQL, [key])
        row = cursor.fetchone()
    if row is None:
        raise NotFound(_("No such result."))
    result_id, ref, digest, as_of, outcome, name, kind, by, by_id, unit_id, *columns = row
    producer = _producer_from(dict(zip(_PRODUCER_COLUMNS, columns, strict=True)))
    access = access_to(actor, producer)
    if access is Access.NONE:
        raise NotFound(_("No such result."))
    conducting = by_id == actor.organisation.pk
    lens = lens_for(actor, producer, access)
    sight = Sight(lens, lens.inside or conducting)
    summary = ResultSummary(
        id=result_id,
        uuid=wanted,
        standard_ref=ref,
        standard_digest=digest,
        as_of=as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of),
        outcome=outcome,
        producer_uuid=producer.uuid,
        producer_name=name,
        kind=kind,
        conducted_by=by,
        conducted_by_id=by_id,
        unit_id=unit_id,
        sight=sight,
    )
    lens.log(actor, object_type="result", object_id=wanted, what=_result_what(sight, unit_id))
    return summary


def result_explanation(*, summary: ResultSummary) -> dict[str, Any]:
    """The stored explanation of a result already read with ``get_result_summary``."""
    return Result.objects.values_list("classification", flat=True).get(pk=summary.id)  # type: ignore[no-any-return]


# The producer's columns the access check and the lens need (its own organisation, its country
# for its local day), read with the result and turned into a model without another query.
_PRODUCER_COLUMNS = ["id", "uuid", "organisation_id", "country"]


def _producer_from(values: dict[str, Any]) -> Producer:
    """A producer of which only ``_PRODUCER_COLUMNS`` are loaded (any other field is read from
    the database if asked, as for ``only()``)."""
    if not isinstance(values["uuid"], uuid.UUID):
        values["uuid"] = uuid.UUID(values["uuid"])
    names = [f.attname for f in Producer._meta.concrete_fields if f.attname in values]
    return Producer.from_db(connection.alias, names, [values[name] for name in names])


def _result_summary_sql() -> str:
    tables = {
        "r": Result._meta.db_table,
        "p": Producer._meta.db_table,
        "o": Organisation._meta.db_table,
        "a": Assessment._meta.db_table,
    }
    # Our own tables' names; every value is a parameter.
    return (
        "SELECT r.id, r.standard_ref, r.standard_digest, r.as_of, r.outcome, "  # noqa: S608
        "o.name, a.kind, c.name, a.conducted_by_id, a.unit_id, "
        f"{', '.join(f'p.{column}' for column in _PRODUCER_COLUMNS)} "
        f"FROM {tables['r']} r JOIN {tables['p']} p ON p.id = r.producer_id "
        f"JOIN {tables['o']} o ON o.id = p.organisation_id JOIN {tables['a']} a ON a.id = r.assessment_id "
        f"JOIN {tables['o']} c ON c.id = a.conducted_by_id WHERE r.uuid = %s"
    )


_RESULT_SUMMARY_SQL = _result_summary_sql()


@dataclass(frozen=True)
class ProducerAssessments:
    """A producer's assessments (or results) one reader may open, and how it sees each."""

    producer: Producer
    rows: QuerySet[Any]
    reader: Reader
    """How the reader sees each: ``reader.sight(assessment)``."""


def list_assessments(*, actor: Actor, producer_uuid: object) -> ProducerAssessments:
    """The producer's assessments the actor may open (``Reader.may_open``), newest first, with
    the result of each submitted one. Shows kinds, dates, outcomes and who conducted them, each
    through the reader's sight (``Sight.outcome_withheld``, ``Sight.assessor_withheld``)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    reader = reader_of(actor, producer, access)
    rows = Assessment.objects.filter(reader.openable(), producer=producer)
    rows = rows.select_related("standard", "conducted_by", "result")
    rows = rows.defer("result__classification")  # lists show the outcome, not the explanation
    _log_outcomes(actor, reader, producer, rows)
    return ProducerAssessments(producer, rows.order_by("-started_at", "-id"), reader)


def list_results(*, actor: Actor, producer_uuid: object) -> ProducerAssessments:
    """Every result of the producer, newest first: results are of submitted assessments, which
    everyone who may open the producer opens."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    reader = reader_of(actor, producer, access)
    rows = Result.objects.filter(producer=producer).select_related("assessment__conducted_by")
    _log_outcomes(actor, reader, producer, Assessment.objects.filter(producer=producer, result__isnull=False))
    return ProducerAssessments(producer, rows.order_by("-created_at", "-id"), reader)


def _log_outcomes(actor: Actor, reader: Reader, producer: Producer, assessments: QuerySet[Assessment]) -> None:
    """Outcomes are public unless the producer tightened them: then a list that shows them is a
    read of data that is not public (the organisation's own assessments' outcomes included). A
    unit's outcome and who assessed the producer are findings: a list that shows any to someone
    outside the producer is a read of them (one query, only for a reader who sees findings)."""
    sight = reader.sight()
    what = sight.shown([OUTCOME])
    if not reader.lens.inside and sight.shown([FINDINGS]):
        others = Q(unit__isnull=False, status=AssessmentStatus.SUBMITTED) | ~Q(conducted_by=producer.organisation_id)
        if assessments.filter(others).exclude(conducted_by=reader.organisation_id).exists():
            what += [FINDINGS]
    reader.lens.log(actor, object_type="producer", object_id=producer.uuid, what=what)
