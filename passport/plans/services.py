"""Plan use cases: draft from a result, sequence, edit, comment, sign, adopt and revise.

Who may do what (see docs/plans.md and decision 0012):

- reading needs a role towards the plan (``access.plan_for``): the producer's own people, the
  partner while the producer still authorises it, the producer's authorised facilitator;
  everyone else gets ``NotFound``. Every read by someone outside the producer is audited as
  ``view.confidential``;
- drafting needs owner or manager of the producer, or of a facilitator it authorises (acting
  with it); the partner must be a buyer or facilitator the producer authorises;
- on a draft version: the producer (member and up) and the partner (member and up) edit actions;
  the producer (owner, manager) chooses the strategy; the partner (member and up) marks
  priorities. Any such edit removes the version's signatures;
- everyone who reads, from member up, comments and proposes changes (viewers read only);
- the producer's owner or manager signs for the producer, the partner's owner or manager for the
  partner; the second signature adopts the version;
- an adopted version never changes: ``revise`` copies it into the next draft version.

Members' names (action owners) are personal data: the producer's own people and its
facilitator see them (``producers.access.sees_personal_data``); a buyer partner sees that an
action has an owner, not who. API tokens act as members and need ``plans:read`` / ``plans:write``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passport.accounts.access import Actor, NotAllowed, NotFound, require_role, require_scope, uuid_or_not_found
from passport.accounts.models import Organisation, OrganisationKind, Role, User
from passport.assessments.models import Result, ResultFinding
from passport.audit.services import record
from passport.engine import (
    INCOMPLETE,
    ActionToPlace,
    Classification,
    Finding,
    PassportError,
    Standard,
    Window,
    draft_actions,
    due_date,
    get_standard,
    local_date,
    sequence,
    text_in,
)
from passport.producers.access import Access, access_to, producer_for
from passport.producers.clock import zone_of
from passport.producers.models import AssessorAuthorisation, Member, Producer

from .access import PlanRole, allowed_to, plan_for, role_towards
from .models import Comment, CommentKind, Plan, PlanAction, PlanVersion, Signature, Strategy

READ = "plans:read"
WRITE = "plans:write"
PARTNER_KINDS = (OrganisationKind.BUYER, OrganisationKind.FACILITATOR)
DISENGAGE = "disengage_immediately"
MAX_TEXT = 2000
_UNCHANGED: Any = object()


# --- Shared checks ---------------------------------------------------------------------------


def _person(actor: Actor) -> User:
    """The person a write is recorded as: the signed-in user, or the token's creator."""
    if actor.user is not None:
        return actor.user
    if actor.token_creator is None:
        raise NotAllowed(
            _("This API token has no known creator to record as the author; use a token created by a person.")
        )
    return actor.token_creator


def _audit_view(actor: Actor, plan: Plan, role: PlanRole, object_type: str, object_id: object) -> None:
    """Someone outside the producer read its plan: the producer can see who and when."""
    if role is not PlanRole.PRODUCER:
        record(
            actor=actor,
            action="view.confidential",
            object_type=object_type,
            object_id=object_id,
            producer=plan.producer.uuid,
        )


def _readable(actor: Actor, plan_uuid: object) -> tuple[Plan, PlanRole]:
    require_scope(actor, READ)
    return plan_for(actor, plan_uuid)


def _latest(plan: Plan, *, lock: bool = False) -> PlanVersion:
    rows = PlanVersion.objects.filter(plan=plan).order_by("-number")
    if lock:
        rows = rows.select_for_update()
    version = rows.first()
    assert version is not None, "every plan has a version"
    return version


def _frozen() -> NotAllowed:
    return NotAllowed(_("This version is adopted and can no longer change; start a new version to change the plan."))


def _draft_version(plan: Plan, of: int | None = None) -> PlanVersion:
    """The plan's draft version, locked for this transaction. NotAllowed when the latest version
    is adopted (an adopted version never changes: revise the plan first), or when the version
    ``of`` (a pk) is not that draft."""
    version = _latest(plan, lock=True)
    if version.adopted or (of is not None and version.pk != of):
        raise _frozen()
    return version


def _standard(ref: str) -> Standard:
    try:
        return get_standard(ref)
    except PassportError:
        raise ValidationError(
            {"result": [_("The standard %(ref)s of this result cannot be read at the moment.") % {"ref": ref}]}
        ) from None


def local_day(producer: Producer, moment: dt.datetime) -> dt.date:
    """The date where the producer works at ``moment`` (the day it signs there)."""
    return local_date(moment, zone_of(producer))


# --- Sequencing --------------------------------------------------------------------------------


def _due_for_order(action: PlanAction, start: dt.date) -> dt.date | None:
    """The due date that orders an action. Before the first adoption a mandatory action has no
    date yet; its window counted from ``start`` orders it exactly as its real date will, since
    every mandatory window runs from the same day."""
    if action.due_on is not None or not action.mandatory or not action.window:
        return action.due_on
    return due_date(Window.parse(action.window), start)


def _resequence(
    plan: Plan, version: PlanVersion, actions: Sequence[PlanAction], as_of: dt.date, *, positions: bool = True
) -> None:
    """Store the positions and reasons the engine gives for the version's strategy.

    The order uses ``_due_for_order``; the reasons use the real dates, so an undated mandatory
    action says "within six months of the plan's adoption", not a date nobody agreed. At
    adoption only the reasons are refreshed (``positions=False``): the signed order stays."""
    standard = _standard(plan.standard_ref)
    start = plan.first_adopted_on or as_of
    strategy = version.strategy

    def placed(due: Callable[[PlanAction], dt.date | None]) -> dict[str, Any]:
        to_place = [ActionToPlace(a.requirement_id, a.mandatory, due(a), a.priority) for a in actions]
        return {p.requirement_id: p for p in sequence(standard, to_place, strategy)}

    reasons = placed(lambda a: a.due_on)
    order = placed(lambda a: _due_for_order(a, start)) if positions else reasons
    for row in actions:
        if positions:
            row.position = order[row.requirement_id].position
        row.why = dict(reasons[row.requirement_id].why)
    PlanAction.objects.bulk_update(actions, ["position", "why"] if positions else ["why"])


def _version_actions(version: PlanVersion) -> list[PlanAction]:
    return list(PlanAction.objects.filter(version=version).order_by("position", "id"))


def _edited(actor: Actor, plan: Plan, version: PlanVersion, because: str) -> int:
    """A draft version changed: the signatures it had no longer cover it. Returns how many were
    removed (the page says so)."""
    signed = list(Signature.objects.filter(version=version).select_related("organisation"))
    if not signed:
        return 0
    Signature.objects.filter(version=version).delete()
    record(
        actor=actor,
        action="plan.signatures_removed",
        object_type="plan_version",
        object_id=version.uuid,
        producer=plan.producer.uuid,
        detail={
            "plan": str(plan.uuid),
            "because": because,
            "organisations": [str(s.organisation.uuid) for s in signed],
        },
    )
    return len(signed)


# --- Drafting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftOptions:
    """What the "new plan" page offers for one result."""

    result: Result
    partners: Sequence[Organisation]
    refusal: str | None
    """Why no plan can be drafted from this result, in plain words (None when one can)."""
    stop: Sequence[str]
    """Requirements whose finding says trade must stop (disengage), by id."""


def _result_for_drafting(actor: Actor, result_uuid: object) -> Result:
    result = (
        Result.objects.select_related("producer__organisation", "assessment")
        .filter(uuid=uuid_or_not_found(result_uuid))
        .first()
    )
    access = access_to(actor, result.producer) if result is not None else Access.NONE
    if result is None or access is Access.NONE:
        raise NotFound(_("No such result."))
    acting_with = access is Access.OWN or (access is Access.ASSESSOR and actor.kind == OrganisationKind.FACILITATOR)
    if not acting_with:
        raise NotAllowed(_("Only the producer, or a facilitator it authorised, drafts its plans."))
    require_role(actor, Role.MANAGER)
    return result


def _partners(producer: Producer) -> QuerySet[Organisation]:
    """Buyers and facilitators the producer authorises now."""
    authorised = AssessorAuthorisation.objects.filter(
        producer=producer, organisation=OuterRef("pk"), revoked_at__isnull=True
    )
    return Organisation.objects.filter(Exists(authorised), kind__in=PARTNER_KINDS).order_by("name", "id")


def _refusal(result: Result, standard: Standard | None = None) -> str | None:
    if result.assessment.unit_id is not None:
        # Deadlines are checked against the organisation's own latest result; a unit's result
        # counts through the roll-up and the benchmark instead.
        return _(
            "This is the result of one unit. Plans are agreed for the whole organisation: draft it "
            "from the organisation's own result; the roll-up and the benchmark show the units."
        )
    if result.outcome == INCOMPLETE:
        missing = len(_stored_findings(result).get("missing", []))
        return ngettext(
            "This result is incomplete: %(n)d required answer is missing. Answer it in a new "
            "assessment and submit it; a plan needs a complete result.",
            "This result is incomplete: %(n)d required answers are missing. Answer them in a new "
            "assessment and submit it; a plan needs a complete result.",
            missing,
        ) % {"n": missing}
    if not _plannable(result):
        return _("Nothing to plan: this result has no finding to mitigate or improve.")
    if standard is not None and standard.digest != result.standard_digest:
        return _("The standard file changed since this result was made; assess again to draft a plan.")
    return None


def _stored_findings(result: Result) -> dict[str, Any]:
    data = result.classification
    found = data.get("en") or next(iter(data.values()), {})
    return found if isinstance(found, dict) else {}


def _plannable(result: Result) -> bool:
    return any(f.get("action") in ("mitigate", "improve") for f in _stored_findings(result).get("findings", []))


def _stop(result: Result) -> list[str]:
    return [f["requirement"] for f in _stored_findings(result).get("findings", []) if f.get("action") == DISENGAGE]


def draft_options(*, actor: Actor, result_uuid: object) -> DraftOptions:
    """The partners a plan may be agreed with, and why none can be drafted (if so)."""
    require_scope(actor, WRITE)
    result = _result_for_drafting(actor, result_uuid)
    return DraftOptions(
        result=result,
        partners=list(_partners(result.producer)),
        refusal=_refusal(result),
        stop=_stop(result),
    )


def classification_of(result: Result, standard: Standard) -> Classification:
    """The classification a result recorded, rebuilt from its stored findings: each finding from
    the very cell it matched, so a plan follows the result even if the producer's profile or
    answers have moved on since."""
    stored = _stored_findings(result)
    findings = []
    for f in stored.get("findings", []):
        if not f.get("cell"):
            continue
        requirement = standard.requirement(f["requirement"])
        cell = next(c for c in requirement.cells if c.id == f["cell"])
        findings.append(Finding.for_cell(requirement, cell))
    return Classification.make(
        standard=result.standard_ref,
        standard_digest=result.standard_digest,
        as_of=result.as_of,
        outcome=result.outcome,
        findings=tuple(findings),
        edd_flags=(),
        missing=(),
        module_order=tuple(m.id for m in standard.modules),
    )


def draft_plan(
    *,
    actor: Actor,
    result_uuid: object,
    partner_uuid: object,
    strategy: str = Strategy.QUICK_WINS,
    as_of: dt.date | None = None,
) -> Plan:
    """A plan with its version 1, drafted from a submitted result with one partner.

    Every mitigate finding becomes a mandatory action (its due date is fixed when the plan is
    first adopted), every improve finding an optional one; the engine orders them by
    ``strategy``, mandatory first. A result that is incomplete, or has nothing to mitigate or
    improve, is refused with a ValidationError on ``result``."""
    require_scope(actor, WRITE)
    result = _result_for_drafting(actor, result_uuid)
    producer = result.producer
    errors: dict[str, list[str]] = {}
    if strategy not in Strategy.values:
        errors["strategy"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(Strategy.values)}]
    partner = _partners(producer).filter(uuid=_uuid_or_none(partner_uuid)).first()
    if partner is None:
        errors["partner"] = [_("Choose a buyer or facilitator that you have authorised to assess you.")]
    elif Plan.objects.filter(source_result=result, partner=partner).exists():
        errors["partner"] = [_("A plan from this result with this partner exists already.")]
    standard = _standard(result.standard_ref)
    refusal = _refusal(result, standard)
    if refusal:
        errors["result"] = [refusal]
    if errors:
        raise ValidationError(errors)
    assert partner is not None
    author = _person(actor)
    drafted = draft_actions(standard, classification_of(result, standard))
    day = as_of or local_day(producer, timezone.now())
    with transaction.atomic():
        plan = Plan.objects.create(
            producer=producer,
            partner=partner,
            source_result=result,
            standard_ref=result.standard_ref,
            created_by=author,
        )
        version = PlanVersion.objects.create(plan=plan, number=1, strategy=strategy, created_by=author)
        actions = PlanAction.objects.bulk_create(
            PlanAction(
                version=version,
                requirement_id=d.requirement_id,
                cell_id=d.cell_id,
                mandatory=d.mandatory,
                window=d.window.text if d.window else "",
                position=i,
            )
            for i, d in enumerate(drafted, start=1)
        )
        _resequence(plan, version, actions, day)
        record(
            actor=actor,
            action="plan.drafted",
            object_type="plan",
            object_id=plan.uuid,
            producer=producer.uuid,
            detail={
                "result": str(result.uuid),
                "partner": str(partner.uuid),
                "strategy": strategy,
                "mandatory": sum(1 for d in drafted if d.mandatory),
                "optional": sum(1 for d in drafted if not d.mandatory),
            },
        )
    return plan


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return uuid_or_not_found(value)
    except NotFound:
        return None


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    """One version of a plan with what the reader may do with it."""

    plan: Plan
    version: PlanVersion
    """The version shown: the latest one on the plan's page."""
    adopted: PlanVersion | None
    """The version in force: the latest adopted one (None before the first adoption)."""
    versions: Sequence[PlanVersion]
    """Every version, newest first."""
    actions: Sequence[PlanAction]
    signatures: Sequence[Signature]
    comments: Sequence[Comment]
    role: PlanRole
    standard: Standard
    stop: Sequence[str]
    """Requirements of the source result that say trade must stop (disengage)."""
    is_latest: bool
    can_edit: bool
    can_sign: bool
    can_mark_priority: bool
    can_change_strategy: bool
    can_comment: bool
    can_revise: bool
    sees_owners: bool

    @property
    def is_draft(self) -> bool:
        return not self.version.adopted

    @property
    def producer_signed(self) -> bool:
        return any(s.organisation_id == self.plan.producer.organisation_id for s in self.signatures)

    @property
    def partner_signed(self) -> bool:
        return any(s.organisation_id == self.plan.partner_id for s in self.signatures)


def _view(actor: Actor, plan: Plan, role: PlanRole, version: PlanVersion | None) -> PlanView:
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("-number"))
    latest = versions[0]
    shown = version or latest
    for v in versions:
        v.plan = plan  # the plan is loaded already; templates follow version.plan
    adopted = next((v for v in versions if v.adopted), None)
    actions = list(PlanAction.objects.filter(version=shown).select_related("owner").order_by("position", "id"))
    signatures = list(Signature.objects.filter(version=shown).select_related("organisation", "signed_by"))
    comments = Comment.objects.filter(version__plan=plan) if version is None else Comment.objects.filter(version=shown)
    is_latest = shown.pk == latest.pk
    draft = is_latest and not shown.adopted
    signed_orgs = {s.organisation_id for s in signatures}
    allowed = allowed_to(actor, role, WRITE)
    assert actor.organisation is not None  # a role needs an organisation
    stop = list(
        ResultFinding.objects.filter(result_id=plan.source_result_id, action=DISENGAGE).values_list(
            "requirement_id", flat=True
        )
    )
    return PlanView(
        plan=plan,
        version=shown,
        adopted=adopted,
        versions=versions,
        actions=actions,
        signatures=signatures,
        comments=list(comments.select_related("version", "author", "organisation").order_by("created_at", "id")),
        role=role,
        standard=get_standard(plan.standard_ref),
        stop=stop,
        is_latest=is_latest,
        can_edit=draft and allowed.edit,
        can_sign=draft and allowed.sign and actor.organisation.pk not in signed_orgs,
        can_mark_priority=draft and allowed.mark_priority,
        can_change_strategy=draft and allowed.change_strategy,
        can_comment=is_latest and allowed.comment,
        can_revise=is_latest and shown.adopted and allowed.edit,
        sees_owners=allowed.sees_owners,
    )


def get_plan(*, actor: Actor, plan_uuid: object) -> PlanView:
    """The plan at its latest version, with the version in force, if the actor may read it."""
    plan, role = _readable(actor, plan_uuid)
    view = _view(actor, plan, role, None)
    _audit_view(actor, plan, role, "plan", plan.uuid)
    return view


def get_version(*, actor: Actor, version_uuid: object) -> PlanView:
    """One version of a plan, as it was agreed (or is being agreed)."""
    require_scope(actor, READ)
    version = (
        PlanVersion.objects.select_related("plan__producer__organisation", "plan__partner")
        .filter(uuid=uuid_or_not_found(version_uuid))
        .first()
    )
    role = role_towards(actor, version.plan) if version is not None else None
    if version is None or role is None:
        raise NotFound(_("No such plan."))
    view = _view(actor, version.plan, role, version)
    _audit_view(actor, version.plan, role, "plan_version", version.uuid)
    return view


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    latest_number: int
    latest_adopted: bool
    in_force_number: int | None
    in_force_since: dt.date | None


def list_plans(*, actor: Actor, producer_uuid: object) -> tuple[Producer, list[PlanSummary]]:
    """The producer's plans the actor may read, newest first: all of them for its own people and
    its facilitator; for an authorised buyer, those it is the partner of."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    assert actor.organisation is not None
    rows = Plan.objects.filter(producer=producer).select_related("partner")
    if access is not Access.OWN and actor.kind != OrganisationKind.FACILITATOR:
        rows = rows.filter(partner=actor.organisation)
    rows = rows.annotate(
        latest_number=Max("versions__number"),
        in_force_number=Max("versions__number", filter=Q(versions__adopted_on__isnull=False)),
        in_force_since=Max("versions__adopted_on"),
    ).order_by("-created_at", "-id")
    summaries = [
        PlanSummary(
            plan=p,
            latest_number=p.latest_number,
            latest_adopted=p.in_force_number == p.latest_number,
            in_force_number=p.in_force_number,
            in_force_since=p.in_force_since,
        )
        for p in rows
    ]
    if access is not Access.OWN:
        record(
            actor=actor,
            action="view.confidential",
            object_type="plans",
            object_id=producer.uuid,
            producer=producer.uuid,
        )
    return producer, summaries


def adopted_actions(plan: Plan) -> list[PlanAction]:
    """The actions of the plan's latest adopted version, in order ([] before the first adoption)."""
    version = PlanVersion.objects.filter(plan=plan, adopted_on__isnull=False).order_by("-number").first()
    if version is None:
        return []
    return list(PlanAction.objects.filter(version=version).select_related("owner").order_by("position", "id"))


# --- Changing a draft version -----------------------------------------------------------------


def change_strategy(*, actor: Actor, plan_uuid: object, strategy: str, as_of: dt.date | None = None) -> PlanVersion:
    """The producer chooses another order for its draft version; the engine re-sequences it
    (mandatory actions stay first) and the version's signatures are removed."""
    require_scope(actor, WRITE)
    plan, role = plan_for(actor, plan_uuid)
    if role is not PlanRole.PRODUCER:
        raise NotAllowed(_("The producer chooses the order of its plan."))
    require_role(actor, Role.MANAGER)
    if strategy not in Strategy.values:
        raise ValidationError({"strategy": [_("Choose one of: %(values)s.") % {"values": ", ".join(Strategy.values)}]})
    with transaction.atomic():
        version = _draft_version(plan)
        removed = 0
        if version.strategy != strategy:
            before = version.strategy
            version.strategy = strategy
            version.save(update_fields=["strategy"])
            _resequence(plan, version, _version_actions(version), as_of or local_day(plan.producer, timezone.now()))
            record(
                actor=actor,
                action="plan.strategy_changed",
                object_type="plan_version",
                object_id=version.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "from": before, "to": strategy},
            )
            removed = _edited(actor, plan, version, "strategy")
    version.signatures_removed = removed  # type: ignore[attr-defined]
    return version


def _editable_action(actor: Actor, action_uuid: object) -> tuple[PlanAction, Plan, PlanRole]:
    action = (
        PlanAction.objects.select_related("version__plan__producer__organisation", "version__plan__partner", "owner")
        .filter(uuid=uuid_or_not_found(action_uuid))
        .first()
    )
    role = role_towards(actor, action.version.plan) if action is not None else None
    if action is None or role is None:
        raise NotFound(_("No such action."))
    return action, action.version.plan, role


def action_for_editing(*, actor: Actor, action_uuid: object) -> tuple[PlanAction, PlanRole]:
    """An action of a draft version, if the actor may edit it (for the edit page)."""
    require_scope(actor, WRITE)
    action, _plan, role = _editable_action(actor, action_uuid)
    if not allowed_to(actor, role, WRITE).edit:
        raise NotAllowed(_("The producer and the partner edit the plan's actions."))
    require_role(actor, Role.MEMBER)
    if action.version.adopted:
        raise _frozen()
    return action, role


def owner_choices(producer: Producer) -> QuerySet[Member]:
    return Member.objects.filter(producer=producer).order_by("name", "id")


def update_action(
    *,
    actor: Actor,
    action_uuid: object,
    owner_uuid: object = _UNCHANGED,
    due_on: object = _UNCHANGED,
    done_means: object = _UNCHANGED,
    as_of: dt.date | None = None,
) -> PlanAction:
    """Change who owns an action of a draft version, when an optional one is due, and what
    "done" means. Omitted fields stay; ``None`` clears the owner or the due date. A change
    removes the version's signatures; the returned action's ``signatures_removed`` says how many.

    A mandatory action's due date comes from the standard (its window from the first adoption)
    and cannot be set. The owner must be a member of the producer, and only those who may see
    the producer's members (its own people, its facilitator) choose one."""
    action, role = action_for_editing(actor=actor, action_uuid=action_uuid)
    plan = action.version.plan
    day = as_of or local_day(plan.producer, timezone.now())
    errors: dict[str, list[str]] = {}
    changes: dict[str, object] = {}
    if owner_uuid is not _UNCHANGED:
        if not allowed_to(actor, role, WRITE).sees_owners:
            raise NotAllowed(_("Only the producer and its facilitator choose who owns an action."))
        owner = None
        if owner_uuid not in (None, ""):
            owner = owner_choices(plan.producer).filter(uuid=_uuid_or_none(owner_uuid)).first()
            if owner is None:
                errors["owner"] = [_("Choose a member of %(producer)s.") % {"producer": plan.producer}]
        changes["owner"] = owner
    if due_on is not _UNCHANGED:
        due = _date_or_error(due_on, errors)
        if action.mandatory and due != action.due_on:
            errors["due_on"] = [
                _(
                    "A mandatory action's deadline comes from the standard (%(window)s from the plan's "
                    "first adoption); it cannot be changed."
                )
                % {"window": action.window}
            ]
        elif due is not None and due < day:
            errors["due_on"] = [_("Choose a date from today on.")]
        changes["due_on"] = due
    if done_means is not _UNCHANGED:
        text = str(done_means or "").strip()
        if len(text) > MAX_TEXT:
            errors["done_means"] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
        changes["done_means"] = text
    if errors:
        raise ValidationError(errors)
    changed = sorted(f for f, v in changes.items() if getattr(action, f) != v)
    removed = 0
    if changed:
        with transaction.atomic():
            version = _draft_version(plan, of=action.version_id)
            for field, value in changes.items():
                setattr(action, field, value)
            action.save(update_fields=changed)
            if "due_on" in changed:
                _resequence(plan, version, _version_actions(version), day)
            record(
                actor=actor,
                action="plan.action_updated",
                object_type="plan_action",
                object_id=action.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "requirement": action.requirement_id, "fields": changed},
            )
            removed = _edited(actor, plan, version, "action")
        action.refresh_from_db(fields=["position", "why"])
    action.signatures_removed = removed  # type: ignore[attr-defined]
    return action


def _date_or_error(value: object, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors["due_on"] = [_("Give a date as YYYY-MM-DD.")]
        return None


def mark_priority(*, actor: Actor, action_uuid: object, priority: bool, as_of: dt.date | None = None) -> PlanAction:
    """The partner marks (or unmarks) an action as a priority of its supply chain. With the
    "supply chain" strategy the order follows these marks. Removes the version's signatures."""
    require_scope(actor, WRITE)
    action, plan, role = _editable_action(actor, action_uuid)
    if role is not PlanRole.PARTNER:
        raise NotAllowed(_("The partner marks its priorities."))
    require_role(actor, Role.MEMBER)
    removed = 0
    with transaction.atomic():
        version = _draft_version(plan, of=action.version_id)
        if action.priority != priority:
            action.priority = priority
            action.save(update_fields=["priority"])
            _resequence(plan, version, _version_actions(version), as_of or local_day(plan.producer, timezone.now()))
            record(
                actor=actor,
                action="plan.priority_marked",
                object_type="plan_action",
                object_id=action.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "requirement": action.requirement_id, "priority": priority},
            )
            removed = _edited(actor, plan, version, "priority")
            action.refresh_from_db(fields=["position", "why"])
    action.signatures_removed = removed  # type: ignore[attr-defined]
    return action


# --- Comments ----------------------------------------------------------------------------------


def add_comment(
    *, actor: Actor, plan_uuid: object, text: str, requirement_id: str = "", kind: str = CommentKind.COMMENT
) -> Comment:
    """A comment or a proposed change on the plan's latest version, about the whole plan or one
    action. Comments change nothing in the plan, so they keep its signatures."""
    require_scope(actor, WRITE)
    plan, _role = plan_for(actor, plan_uuid)
    require_role(actor, Role.MEMBER)
    author = _person(actor)
    version = _latest(plan)
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write something.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
    if kind not in CommentKind.values:
        errors["kind"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(CommentKind.values)}]
    requirement_id = (requirement_id or "").strip()
    if requirement_id and not PlanAction.objects.filter(version=version, requirement_id=requirement_id).exists():
        errors["requirement_id"] = [_("Choose an action of this plan, or none for the whole plan.")]
    if errors:
        raise ValidationError(errors)
    assert actor.organisation is not None
    with transaction.atomic():
        comment = Comment.objects.create(
            version=version,
            requirement_id=requirement_id,
            kind=kind,
            text=text,
            author=author,
            organisation=actor.organisation,
        )
        record(
            actor=actor,
            action="plan.comment_added",
            object_type="plan_comment",
            object_id=comment.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "version": version.number, "kind": kind, "requirement": requirement_id},
        )
    return comment


# --- Signing and adoption ----------------------------------------------------------------------


def sign(*, actor: Actor, version_uuid: object, now: dt.datetime | None = None) -> PlanVersion:
    """Sign a draft version for the actor's organisation (the producer or the partner; owner or
    manager). The second of the two signatures adopts the version on the producer's local date;
    the first adoption fixes every mandatory deadline: first adoption + the standard's window."""
    require_scope(actor, WRITE)
    found = (
        PlanVersion.objects.select_related("plan__producer__organisation", "plan__partner")
        .filter(uuid=uuid_or_not_found(version_uuid))
        .first()
    )
    role = role_towards(actor, found.plan) if found is not None else None
    if found is None or role is None:
        raise NotFound(_("No such plan."))
    if role is PlanRole.FACILITATOR:
        raise NotAllowed(_("The producer and the partner sign the plan."))
    require_role(actor, Role.MANAGER)
    plan = found.plan
    signer = _person(actor)
    assert actor.organisation is not None
    moment = now or timezone.now()
    with transaction.atomic():
        version = _draft_version(plan, of=found.pk)
        version.plan = plan
        signed = set(Signature.objects.filter(version=version).values_list("organisation_id", flat=True))
        if actor.organisation.pk in signed:
            raise NotAllowed(_("Your organisation has signed this version already."))
        Signature.objects.create(version=version, organisation=actor.organisation, signed_by=signer, signed_at=moment)
        record(
            actor=actor,
            action="plan.signed",
            object_type="plan_version",
            object_id=version.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "version": version.number, "for": role.value},
        )
        if signed | {actor.organisation.pk} >= {plan.producer.organisation_id, plan.partner_id}:
            _adopt(actor, plan, version, moment)
    return version


def _adopt(actor: Actor, plan: Plan, version: PlanVersion, moment: dt.datetime) -> None:
    day = local_day(plan.producer, moment)
    version.adopted_on, version.adopted_at = day, moment
    version.save(update_fields=["adopted_on", "adopted_at"])
    first = plan.first_adopted_on is None
    if first:
        plan.first_adopted_on = day
        plan.save(update_fields=["first_adopted_on"])
    assert plan.first_adopted_on is not None
    # Mandatory deadlines run from the first adoption; a later version carries them unchanged.
    undated = list(PlanAction.objects.filter(version=version, mandatory=True, due_on__isnull=True).exclude(window=""))
    for a in undated:
        a.due_on = due_date(Window.parse(a.window), plan.first_adopted_on)
    PlanAction.objects.bulk_update(undated, ["due_on"])
    if undated:  # their reasons now give the date
        _resequence(plan, version, _version_actions(version), day, positions=False)
    record(
        actor=actor,
        action="plan.adopted",
        object_type="plan_version",
        object_id=version.uuid,
        producer=plan.producer.uuid,
        detail={
            "plan": str(plan.uuid),
            "version": version.number,
            "adopted_on": day.isoformat(),
            "first_adoption": first,
            "deadlines": {a.requirement_id: a.due_on.isoformat() for a in undated if a.due_on},
        },
    )


def revise(*, actor: Actor, plan_uuid: object, summary: str = "") -> PlanVersion:
    """Open the next version as a copy of the adopted one (same actions, owners, due dates and
    marks); it needs both signatures again. Mandatory deadlines are carried over and cannot
    move. Only one version is agreed at a time."""
    require_scope(actor, WRITE)
    plan, role = plan_for(actor, plan_uuid)
    if not allowed_to(actor, role, WRITE).edit:
        raise NotAllowed(_("The producer and the partner start new versions of the plan."))
    require_role(actor, Role.MEMBER)
    summary = (summary or "").strip()
    if len(summary) > 300:
        raise ValidationError({"summary": [_("Keep it under %(n)d characters.") % {"n": 300}]})
    author = _person(actor)
    with transaction.atomic():
        current = _latest(plan, lock=True)
        if not current.adopted:
            raise NotAllowed(
                _("Version %(n)d is still being agreed; change it, or sign it, before starting another.")
                % {"n": current.number}
            )
        new = PlanVersion.objects.create(
            plan=plan, number=current.number + 1, strategy=current.strategy, summary=summary, created_by=author
        )
        PlanAction.objects.bulk_create(_copies(_version_actions(current), new))
        record(
            actor=actor,
            action="plan.revised",
            object_type="plan_version",
            object_id=new.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "from": current.number, "to": new.number, "summary": summary},
        )
    return new


def _copies(actions: Iterable[PlanAction], version: PlanVersion) -> list[PlanAction]:
    fields = (
        "requirement_id",
        "cell_id",
        "mandatory",
        "window",
        "position",
        "why",
        "owner_id",
        "due_on",
        "done_means",
        "priority",
    )
    return [PlanAction(version=version, **{f: getattr(a, f) for f in fields}) for a in actions]


def requirement_titles(standard: Standard, lang: str) -> Mapping[str, str]:
    """Requirement id → title in ``lang``, for pages and the API."""
    return {r.id: text_in(r.title, lang) for r in standard.requirements}
