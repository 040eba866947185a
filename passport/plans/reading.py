"""Reading plans: one plan at its latest version or at an earlier one, a producer's plans, and
the actions in force.

Reading needs a seat at the plan (``access.plan_for``): a party, or a read-only reader whose
sharing lens shows ``plans``. Every read by someone outside the producer writes one access-log
entry (``view.confidential``, through the lens: the audience, the purpose, the grant and the
keys shown). A plan is read with the published standard its result was made with, and refused
(``versions.StandardUnusable``) when that file has changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound, require_scope, uuid_or_not_found
from passport.assessments.models import ResultFinding
from passport.engine import Standard, text_in
from passport.producers.access import producer_for
from passport.producers.models import Producer
from passport.sharing.policy import Lens

from .access import (
    NAMES,
    PLANS,
    READ,
    WRITE,
    PlanRole,
    Seat,
    allowed_to,
    readable,
    readable_plans,
    role_towards,
    with_plan,
)
from .drafting import DISENGAGE
from .models import Comment, Plan, PlanAction, PlanVersion, Signature
from .versions import plan_standard

COMMENTS_SHOWN = 50


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
    """The latest ``COMMENTS_SHOWN`` comments, oldest first."""
    older_comments: int
    """How many older comments are not in ``comments``."""
    role: PlanRole
    seat: Seat
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
    """Action owners' names (``members.personal``)."""
    sees_people: bool
    """The names of the people who signed and commented (``Seat.sees_people``)."""

    @property
    def lens(self) -> Lens:
        return self.seat.lens

    @property
    def read_only_because(self) -> str:
        """For a read-only reader, why it reads the plan (the lens's reason for ``plans``)."""
        return self.seat.lens.reason(PLANS) if self.role is PlanRole.READER else ""

    @property
    def is_draft(self) -> bool:
        return not self.version.adopted

    @property
    def producer_signed(self) -> bool:
        return any(s.organisation_id == self.plan.producer.organisation_id for s in self.signatures)

    @property
    def partner_signed(self) -> bool:
        return any(s.organisation_id == self.plan.partner_id for s in self.signatures)


def _view(actor: Actor, plan: Plan, seat: Seat, version: PlanVersion | None) -> PlanView:
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("-number"))
    latest = versions[0]
    shown = version or latest
    for v in versions:
        v.plan = plan  # the plan is loaded already; templates follow version.plan
    adopted = next((v for v in versions if v.adopted), None)
    actions = list(PlanAction.objects.filter(version=shown).select_related("owner").order_by("position", "id"))
    signatures = list(Signature.objects.filter(version=shown).select_related("organisation", "signed_by"))
    comments, older = _latest_comments(plan, version)
    is_latest = shown.pk == latest.pk
    draft = is_latest and not shown.adopted
    signed_orgs = {s.organisation_id for s in signatures}
    allowed = allowed_to(actor, seat, WRITE)
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
        comments=comments,
        older_comments=older,
        role=seat.role,
        seat=seat,
        standard=plan_standard(plan),
        stop=stop,
        is_latest=is_latest,
        can_edit=draft and allowed.edit,
        can_sign=draft and allowed.sign and actor.organisation.pk not in signed_orgs,
        can_mark_priority=draft and allowed.mark_priority,
        can_change_strategy=draft and allowed.change_strategy,
        can_comment=is_latest and allowed.comment,
        can_revise=is_latest and shown.adopted and allowed.edit,
        sees_owners=allowed.sees_owners,
        sees_people=seat.sees_people,
    )


def _log(view: PlanView, object_type: str, object_id: object) -> None:
    """One access-log entry for the page or response: the plan, and members' names when an
    owner was named."""
    names = view.sees_owners and any(a.owner_id is not None for a in view.actions)
    view.seat.log(object_type=object_type, object_id=object_id, what=[PLANS, NAMES if names else ""])


def _latest_comments(plan: Plan, version: PlanVersion | None) -> tuple[list[Comment], int]:
    """The latest ``COMMENTS_SHOWN`` comments of the plan (of ``version`` only, if given), oldest
    first, and how many older ones there are: two queries, however long the discussion."""
    rows = Comment.objects.filter(version__plan=plan) if version is None else Comment.objects.filter(version=version)
    total = rows.count()
    latest = rows.select_related("version", "author", "organisation").order_by("-created_at", "-id")[:COMMENTS_SHOWN]
    shown = list(latest)[::-1]
    return shown, total - len(shown)


def get_plan(*, actor: Actor, plan_uuid: object) -> PlanView:
    """The plan at its latest version, with the version in force, if the actor may read it."""
    plan, seat = readable(actor, plan_uuid)
    view = _view(actor, plan, seat, None)
    _log(view, "plan", plan.uuid)
    return view


def get_version(*, actor: Actor, version_uuid: object) -> PlanView:
    """One version of a plan, as it was agreed (or is being agreed)."""
    require_scope(actor, READ)
    version = with_plan(PlanVersion.objects.all(), "plan").filter(uuid=uuid_or_not_found(version_uuid)).first()
    seat = role_towards(actor, version.plan) if version is not None else None
    if version is None or seat is None:
        raise NotFound(_("No such plan."))
    view = _view(actor, version.plan, seat, version)
    _log(view, "plan_version", version.uuid)
    return view


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    latest_number: int
    latest_adopted: bool
    in_force_number: int | None
    in_force_since: dt.date | None


@dataclass(frozen=True)
class PlanList:
    """A producer's plans as one actor reads them."""

    producer: Producer
    plans: Sequence[PlanSummary] | None
    """Newest first; None when the actor reads none of them (``plans`` withheld)."""
    lens: Lens
    all_plans: bool
    """Every plan of the producer is listed (else only those the actor is the partner of)."""

    @property
    def withheld(self) -> bool:
        """The lens withholds the producer's plans (the page shows why; a party still lists its own)."""
        return not self.all_plans


def list_plans(*, actor: Actor, producer_uuid: object) -> PlanList:
    """The producer's plans the actor may read, newest first: all of them for its own people, its
    facilitator and an organisation whose lens shows ``plans``; for a partner without that, those
    it is the partner of; for anyone else who may know the producer, none (withheld)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    found = readable_plans(actor, producer, access)
    if found.rows is None:
        return PlanList(producer=producer, plans=None, lens=found.lens, all_plans=False)
    rows = (
        found.rows.select_related("partner")
        .annotate(
            latest_number=Max("versions__number"),
            in_force_number=Max("versions__number", filter=Q(versions__adopted_on__isnull=False)),
            in_force_since=Max("versions__adopted_on"),
        )
        .order_by("-created_at", "-id")
    )
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
    # Not for its own people (the lens skips them), nor for an empty list; a partner without a grant
    # that shows plans lists only its own plans, as their partner.
    basis = None if found.all_plans else {"basis": "plan_partner"}
    what = [PLANS] if summaries else []
    found.lens.log(actor, object_type="plans", object_id=producer.uuid, what=what, extra=basis)
    return PlanList(producer=producer, plans=summaries, lens=found.lens, all_plans=found.all_plans)


def adopted_actions(plan: Plan) -> list[PlanAction]:
    """The actions of the plan's latest adopted version, in order ([] before the first adoption)."""
    version = PlanVersion.objects.filter(plan=plan, adopted_on__isnull=False).order_by("-number").first()
    if version is None:
        return []
    return list(PlanAction.objects.filter(version=version).select_related("owner").order_by("position", "id"))


def requirement_titles(standard: Standard, lang: str) -> Mapping[str, str]:
    """Requirement id → title in ``lang``, for pages and the API."""
    return {r.id: text_in(r.title, lang) for r in standard.requirements}
