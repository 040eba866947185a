"""Progress on adopted plans: notes and evidence per action, completion, and a producer's results
over time.

Who may do what:

- reading a plan's progress (its actions and notes) is for the plan's readers (``access``): its
  parties — the producer's own people, the partner organisation while the producer still
  authorises it, the producer's authorised facilitator — and organisations whose sharing lens
  shows ``plans``. Everyone else gets ``NotFound``. Action owners' and note authors' names need
  ``members.personal``, evidence files ``evidence.files`` (the producer's people and its
  facilitator only); every read by someone outside the producer is in the access log;
- recording progress is for the producer's own people (role ≥ member) and its authorised
  facilitator (role ≥ member); other readers get ``NotAllowed``. Only actions of the latest
  adopted version take progress;
- a producer's progress over time (``producer_progress``) is for anyone who may know the
  producer, through the lens: results and their movements need ``assessment.findings``, the
  plans' completion ``plans``; what is withheld is shown as withheld.

API tokens additionally need ``plans:read`` / ``plans:write``; a token's notes are recorded as
its creator's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Window
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, NotFound, person_behind, require_scope, uuid_or_not_found
from passport.accounts.models import Role, User
from passport.assessments.evidence_types import detect_type
from passport.assessments.history import IMPROVED, REGRESSED, UNCHANGED, compare_findings, level_ranks
from passport.assessments.models import Result, ResultFinding
from passport.audit.services import record
from passport.engine import PassportError, get_standard, text_in
from passport.producers.access import Access, access_to, producer_for
from passport.producers.models import Producer
from passport.sharing.policy import Lens

from . import telling
from .access import FILES, NAMES, PLANS, Seat, plan_for, readable_plans
from .models import (
    ActionEvidence,
    ActionStatus,
    Plan,
    PlanAction,
    PlanVersion,
    ProgressNote,
    action_evidence_path,
)

READ = "plans:read"
WRITE = "plans:write"
FINDINGS = "assessment.findings"
NOTE_MAX = 2000
FILES_MAX = 5
RESULTS_SHOWN = 24
"""Results on the progress page, its chart and the API: the latest, so both stay light."""

# Findings by what they ask, for the progress chart and table (in this order).
ACTION_GROUPS = ("none", "improve", "mitigate", "disengage")
_GROUP_OF_ACTION = {
    "none": "none",
    "improve": "improve",
    "mitigate": "mitigate",
    "disengage_immediately": "disengage",
}


# --- Who reads a plan ------------------------------------------------------------------------


def plan_reader(actor: Actor, plan_uuid: object) -> tuple[Plan, Seat]:
    """The plan and the actor's seat at it; NotFound for anyone who may not read it."""
    return plan_for(actor, plan_uuid)


def _may_record(actor: Actor, reader: Seat) -> bool:
    return (reader.own or reader.facilitator) and actor.has_role(Role.MEMBER) and actor.has_scope(WRITE)


# --- Latest statuses, adopted actions, completion --------------------------------------------


def _latest_notes(plan_ids: Sequence[int]) -> Q:
    """Each (plan, requirement)'s newest note, as a filter (served by the ``progress_latest`` index)."""
    newest = ProgressNote.objects.filter(plan=OuterRef("plan"), requirement_id=OuterRef("requirement_id")).order_by(
        "-created_at", "-id"
    )
    return Q(plan_id__in=plan_ids, pk=Subquery(newest.values("pk")[:1]))


def latest_statuses(plan: Plan) -> dict[str, str]:
    """Requirement id → the latest recorded status (an ``ActionStatus`` value); one query.
    Actions without a note are absent (not started)."""
    return statuses_of([plan.pk]).get(plan.pk, {})


def statuses_of(plan_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """``latest_statuses`` for several plans at once; one query."""
    found: dict[int, dict[str, str]] = {}
    rows = ProgressNote.objects.filter(_latest_notes(plan_ids)).values_list("plan_id", "requirement_id", "status")
    for plan_id, requirement_id, status in rows:
        found.setdefault(plan_id, {})[requirement_id] = status
    return found


def adopted_actions_of(plan_ids: Sequence[int]) -> dict[int, list[PlanAction]]:
    """Each plan's actions of its latest adopted version, in plan order (with their owner); one
    query. Plans never adopted are absent."""
    latest = (
        PlanVersion.objects.filter(plan=OuterRef("version__plan"), adopted_on__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )
    rows = (
        PlanAction.objects.filter(version__plan_id__in=plan_ids, version_id=Subquery(latest))
        .select_related("version", "owner")
        .order_by("version__plan_id", "position", "id")
    )
    found: dict[int, list[PlanAction]] = {}
    for action in rows:
        found.setdefault(action.version.plan_id, []).append(action)
    return found


@dataclass(frozen=True)
class Completion:
    done: int
    total: int
    mandatory_done: int
    mandatory_total: int

    @property
    def share(self) -> float:
        """Done actions as a share of all (0 when there is none)."""
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


def _completion(actions: Sequence[PlanAction], statuses: Mapping[str, str]) -> Completion:
    done = [a for a in actions if statuses.get(a.requirement_id) == ActionStatus.DONE]
    return Completion(
        done=len(done),
        total=len(actions),
        mandatory_done=sum(1 for a in done if a.mandatory),
        mandatory_total=sum(1 for a in actions if a.mandatory),
    )


def completion(plan: Plan) -> Completion:
    """How many actions of the latest adopted version are done (two queries)."""
    actions = adopted_actions_of([plan.pk]).get(plan.pk, [])
    return _completion(actions, latest_statuses(plan))


# --- One action: reading and recording progress -----------------------------------------------


@dataclass(frozen=True)
class ActionDetail:
    plan: Plan
    reader: Seat
    action: PlanAction
    in_force: bool
    """The action is in the latest adopted version (else: only in a version still being agreed)."""
    notes: Sequence[ProgressNote]
    """Oldest first, each with ``evidence`` prefetched."""
    status: str
    can_record: bool


def _adopted_action(plan: Plan, requirement_id: str) -> PlanAction | None:
    actions = adopted_actions_of([plan.pk]).get(plan.pk, [])
    return next((a for a in actions if a.requirement_id == requirement_id), None)


def requirement_title(standard_ref: str, requirement_id: str, lang: str) -> str:
    """A requirement's title in ``lang``; its id when the standard or the requirement is unknown."""
    try:
        return text_in(get_standard(standard_ref).requirement(requirement_id).title, lang)
    except (PassportError, KeyError):
        return requirement_id


def get_action(*, actor: Actor, plan_uuid: object, requirement_id: str) -> ActionDetail:
    """One action with its progress notes and evidence: the action of the latest adopted version,
    or, for a requirement only in a version still being agreed, that version's (progress is then
    not recorded yet)."""
    require_scope(actor, READ)
    plan, reader = plan_reader(actor, plan_uuid)
    action = _adopted_action(plan, requirement_id)
    in_force = action is not None
    if action is None:
        action = (
            PlanAction.objects.filter(version__plan=plan, requirement_id=requirement_id)
            .select_related("version", "owner")
            .order_by("-version__number")
            .first()
        )
    if action is None:
        raise NotFound(_("No such action in this plan."))
    notes = list(
        ProgressNote.objects.filter(plan=plan, requirement_id=requirement_id)
        .select_related("author", "organisation")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )
    names = reader.sees_names and (action.owner_id is not None or bool(notes))
    files = reader.sees_files and any(n.evidence.all() for n in notes)
    reader.log(
        object_type="plan_action",
        object_id=action.uuid,
        what=[PLANS, NAMES if names else "", FILES if files else ""],
    )
    return ActionDetail(
        plan=plan,
        reader=reader,
        action=action,
        in_force=in_force,
        notes=notes,
        status=notes[-1].status if notes else ActionStatus.NOT_STARTED,
        can_record=in_force and _may_record(actor, reader),
    )


@dataclass(frozen=True)
class _CheckedFile:
    uploaded: UploadedFile
    content_type: str
    sha256: str
    size: int


def _check_files(files: Sequence[UploadedFile]) -> tuple[list[_CheckedFile], list[str]]:
    """Each file's detected type, digest and size; the problems, naming each file."""
    checked, problems = [], []
    limit = settings.PASSPORT_EVIDENCE_MAX_BYTES
    if len(files) > FILES_MAX:
        problems.append(_("Attach at most %(n)d files at a time.") % {"n": FILES_MAX})
    for uploaded in files:
        name = uploaded.name or "?"
        if uploaded.size is None or uploaded.size > limit:
            problems.append(
                _("%(name)s: the file is too large (the limit is %(mb).1f MB).") % {"name": name, "mb": limit / 1e6}
            )
            continue
        if uploaded.size == 0:
            problems.append(_("%(name)s: the file is empty.") % {"name": name})
            continue
        uploaded.seek(0)
        content_type = detect_type(uploaded.read(16))
        if content_type is None:
            problems.append(
                _("%(name)s: only photos (JPEG, PNG, WebP) and PDF documents are accepted.") % {"name": name}
            )
            continue
        uploaded.seek(0)
        sha = hashlib.sha256()
        size = 0
        for chunk in uploaded.chunks():
            sha.update(chunk)
            size += len(chunk)
        checked.append(_CheckedFile(uploaded, content_type, sha.hexdigest(), size))
    return checked, problems


def _store(note: ProgressNote, checked: _CheckedFile, author: User, written: list[str]) -> None:
    """Save one evidence file under its hash (once: the same bytes share the stored file); the
    names of files written are added to ``written`` so a failure can remove them."""
    evidence = ActionEvidence(
        note=note,
        original_name=(checked.uploaded.name or "")[-200:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=author,
    )
    path = action_evidence_path(evidence, "")
    if default_storage.exists(path):
        evidence.file.name = path
    else:
        checked.uploaded.seek(0)
        evidence.file.save(path, checked.uploaded, save=False)
        written.append(evidence.file.name)
    evidence.save()


def record_progress(
    *,
    actor: Actor,
    plan_uuid: object,
    requirement_id: str,
    status: str,
    note: str = "",
    files: Sequence[UploadedFile] = (),
) -> ProgressNote:
    """Record where one action stands, with an optional note and photos or PDFs (the type read
    from the bytes, each stored under its SHA-256). All or nothing: a refused file saves nothing.
    The partner is told, and the producer too when its facilitator records (``telling``)."""
    require_scope(actor, WRITE)
    plan, reader = plan_reader(actor, plan_uuid)
    if not _may_record(actor, reader):
        raise NotAllowed(_("Only the producer's people and its facilitator record progress on this plan."))
    if plan.first_adopted_on is None:
        raise NotAllowed(_("This plan is not adopted yet: progress is recorded once both sides have signed it."))
    action = _adopted_action(plan, requirement_id)
    if action is None:
        raise NotFound(_("No such action in the adopted plan."))
    author = person_behind(actor)
    errors: dict[str, list[str]] = {}
    if status not in ActionStatus.values:
        errors["status"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(ActionStatus.values)}]
    note = note.strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Keep the note under %(n)d characters.") % {"n": NOTE_MAX}]
    checked, problems = _check_files(list(files))
    if problems:
        errors["files"] = problems
    if errors:
        raise ValidationError(errors)
    assert actor.organisation is not None  # a reader always acts for an organisation
    written: list[str] = []
    try:
        with transaction.atomic():
            row = ProgressNote.objects.create(
                plan=plan,
                requirement_id=action.requirement_id,
                status=status,
                note=note,
                author=author,
                organisation=actor.organisation,
            )
            for f in checked:
                _store(row, f, author, written)
            record(
                actor=actor,
                action="plan.progress_recorded",
                object_type="plan",
                object_id=plan.uuid,
                producer=plan.producer.uuid,
                detail={
                    "note": str(row.uuid),
                    "requirement": action.requirement_id,
                    "status": status,
                    "files": [f.sha256 for f in checked],
                },
            )
            telling.tell_progress(actor=actor, plan=plan, action=action, note=row, files=len(checked))
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return row


def get_action_evidence(*, actor: Actor, evidence_uuid: object) -> ActionEvidence:
    """An evidence file of a progress note, for the plan's readers who see ``evidence.files`` (the
    producer's people and its authorised facilitator: files may show people); NotFound for anyone
    else, who is never shown the file's uuid. A download by someone outside the producer is in
    the access log, so the producer can see who looked."""
    require_scope(actor, READ)
    evidence = ActionEvidence.objects.select_related("note__plan").filter(uuid=uuid_or_not_found(evidence_uuid)).first()
    if evidence is None:
        raise NotFound(_("No such evidence."))
    try:
        _plan, reader = plan_reader(actor, evidence.note.plan.uuid)
    except NotFound:
        raise NotFound(_("No such evidence.")) from None
    if not reader.sees_files:
        raise NotFound(_("No such evidence."))
    reader.log(object_type="plan_evidence", object_id=evidence.uuid, what=[FILES])
    return evidence


# --- A producer's progress over time --------------------------------------------------------


@dataclass(frozen=True)
class ResultPoint:
    """One submitted result on the producer's progress line."""

    uuid: uuid.UUID
    as_of: dt.date
    created_at: dt.datetime
    outcome: str
    standard_ref: str
    counts: Mapping[str, int]
    """Findings by what they ask: ``none``, ``improve``, ``mitigate``, ``disengage`` (and
    ``undecided`` for requirements without enough answers)."""
    movements: Mapping[str, str] = field(default_factory=dict)
    """Per requirement against the previous result: improved, unchanged, regressed, or
    not_comparable (empty for the first result)."""
    compared: bool = False
    """Compared with a previous result (False for the producer's first)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def moved(self, movement: str) -> int:
        return sum(1 for m in self.movements.values() if m == movement)

    @property
    def improved(self) -> int:
        return self.moved(IMPROVED)

    @property
    def unchanged(self) -> int:
        return self.moved(UNCHANGED)

    @property
    def regressed(self) -> int:
        return self.moved(REGRESSED)


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    completion: Completion


@dataclass(frozen=True)
class ProducerProgress:
    producer: Producer
    lens: Lens
    """What the actor sees of the producer: the page shows each withheld part as withheld."""
    results: Sequence[ResultPoint] | None
    """The latest ``RESULTS_SHOWN`` at most, oldest first; None when the lens withholds
    ``assessment.findings``."""
    total_results: int | None
    """All the producer's submitted results, shown or not (None with ``results``)."""
    plans: Sequence[PlanProgress] | None
    """The adopted plans the actor reads, newest first; None when it reads none (``plans``
    withheld and it is the partner of none)."""
    all_plans: bool
    """``plans`` holds every adopted plan of the producer (else only those the actor is the
    partner of, and the others are withheld)."""

    @property
    def capped(self) -> bool:
        """Older results are left out."""
        return self.results is not None and self.total_results is not None and self.total_results > len(self.results)

    @property
    def shows_findings(self) -> bool:
        """The results over time, their movements and the standing (``assessment.findings``)."""
        return self.results is not None


def producer_progress(*, actor: Actor, producer_uuid: object, shown: int = RESULTS_SHOWN) -> ProducerProgress:
    """The producer's latest ``shown`` submitted results, oldest first, with their findings
    counted by what they ask and, against the result before each (even one not shown), each
    requirement improved, unchanged or regressed (the same comparison as the assessment history);
    and how far each adopted plan is done. A fixed number of queries, whatever the number of
    results and plans: only the shown results and the one before them are read.

    Anyone who may know the producer reads it, through the sharing lens: the results and their
    movements need ``assessment.findings`` (prospective partners see them too), the plans'
    completion needs ``plans`` (or being the partner of the plan). What is withheld is None here
    and shown as withheld, with the reason, by the page and the API. One access-log entry for a
    reader outside the producer that was shown either."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    readable = readable_plans(actor, producer, access)
    lens = readable.lens
    points, total = _results_over_time(producer, shown) if lens.shows(FINDINGS) else (None, None)
    progress = None
    if readable.rows is not None:
        plans = list(
            readable.rows.filter(first_adopted_on__isnull=False)
            .select_related("partner")
            .order_by("-created_at", "-id")
        )
        ids = [p.pk for p in plans]
        actions, statuses = adopted_actions_of(ids), statuses_of(ids)
        progress = [PlanProgress(p, _completion(actions.get(p.pk, []), statuses.get(p.pk, {}))) for p in plans]
    lens.log(
        actor,
        object_type="progress",
        object_id=producer.uuid,
        what=[FINDINGS if points is not None else "", PLANS if progress is not None else ""],
    )
    return ProducerProgress(
        producer=producer,
        lens=lens,
        results=points,
        total_results=total,
        plans=progress,
        all_plans=readable.all_plans,
    )


def _results_over_time(producer: Producer, shown: int) -> tuple[list[ResultPoint], int]:
    newest_first = list(
        Result.objects.filter(producer=producer, assessment__unit__isnull=True)  # the organisation's, not its units'
        .only("id", "uuid", "as_of", "created_at", "outcome", "standard_ref")
        .annotate(all_results=Window(Count("id")))  # counted before the limit: no second query
        .order_by("-created_at", "-id")[: shown + 1]
    )
    total = newest_first[0].all_results if newest_first else 0  # type: ignore[attr-defined]
    results = newest_first[:shown][::-1]
    before = newest_first[shown] if len(newest_first) > shown else None
    findings: dict[int, dict[str, ResultFinding]] = {}
    for f in ResultFinding.objects.filter(result_id__in=[r.pk for r in newest_first]).only(
        "result_id", "requirement_id", "level", "action", "outcome"
    ):
        findings.setdefault(f.result_id, {})[f.requirement_id] = f
    movements: dict[int, dict[str, str]] = {}
    for earlier, later in itertools.pairwise([before, *results] if before is not None else results):
        movements[later.pk] = compare_findings(
            findings.get(earlier.pk, {}), findings.get(later.pk, {}), level_ranks(later.standard_ref)
        )
    points = []
    for r in results:
        counts = dict.fromkeys((*ACTION_GROUPS, "undecided"), 0)
        for f in findings.get(r.pk, {}).values():
            counts[_GROUP_OF_ACTION.get(f.action, "undecided")] += 1
        points.append(
            ResultPoint(
                uuid=r.uuid,
                as_of=r.as_of,
                created_at=r.created_at,
                outcome=r.outcome,
                standard_ref=r.standard_ref,
                counts=counts,
                movements=movements.get(r.pk, {}),
                compared=r.pk in movements,
            )
        )
    return points, total


def may_read_progress(actor: Actor, producer: Producer) -> bool:
    """Whether ``producer_progress`` would answer the actor (for links on other pages): anyone
    who may know the producer (what it shows is the lens's)."""
    return access_to(actor, producer) is not Access.NONE
