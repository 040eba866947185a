"""How an actor stands towards a plan — the one place the plan pages, the API and the progress
pages ask.

A plan is agreed between the producer and one partner. Its **parties** keep their roles:

- ``PRODUCER``: the producer's own people, any role;
- ``PARTNER``: the organisation the plan is agreed with, while the producer still authorises it
  (revoking the authorisation ends its part in the plan at once). It reads the plan even if the
  producer tightened ``plans``: the producer drafted the plan with it, and that act is the
  sharing;
- ``FACILITATOR``: a facilitator the producer authorises, which is not the partner (it helps
  the producer and may comment, but it does not sign).

Anyone else who may know the producer reads its plans as a ``READER`` when the sharing lens
shows it ``plans`` (an actual partner or a verifier with an active grant): read only — no
comments, priorities, signatures or edits (``NotAllowed``: it knows the plan exists). Everyone
else gets ``NotFound``, never ``NotAllowed``, so guessing uuids reveals nothing.

What a reader sees inside a plan is the lens's too: members' names (action owners) need
``members.personal``, evidence files ``evidence.files`` — only the producer's people and its
authorised facilitator, whatever the grants.

Also here, for every plan use case: the API scopes, who a write is recorded as, and the access
log of reads by someone outside the producer.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound, require_scope, uuid_or_not_found
from passport.accounts.models import Role
from passport.producers.access import Access, access_to, is_facilitator
from passport.producers.models import Producer
from passport.sharing.policy import Lens, lens_for, withheld_map

from .models import Plan

M = TypeVar("M", bound=Model)
READ = "plans:read"
WRITE = "plans:write"
PLANS = "plans"
NAMES = "members.personal"
FILES = "evidence.files"


class PlanRole(enum.Enum):
    PRODUCER = "producer"
    PARTNER = "partner"
    FACILITATOR = "facilitator"
    READER = "reader"

    @property
    def party(self) -> bool:
        """Takes part in agreeing the plan (everyone but a read-only reader)."""
        return self is not PlanRole.READER


class Seat:
    """How one actor stands towards one plan: its role, its access to the producer, and the
    sharing lens on the producer (built when first asked: the producer's own people and the
    parties need it only for names, files and the access log)."""

    def __init__(self, actor: Actor, plan: Plan, role: PlanRole, access: Access, lens: Lens | None = None) -> None:
        self.actor = actor
        self.plan = plan
        self.role = role
        self.access = access
        if lens is not None:
            self.__dict__["lens"] = lens

    @cached_property
    def lens(self) -> Lens:
        return lens_for(self.actor, self.plan.producer, self.access)

    @property
    def own(self) -> bool:
        return self.role is PlanRole.PRODUCER

    @property
    def facilitator(self) -> bool:
        """The producer's authorised facilitator (as the partner, or beside it)."""
        return is_facilitator(self.actor, self.access)

    def shows(self, key: str) -> bool:
        return self.role is PlanRole.PRODUCER or self.lens.shows(key)

    @property
    def sees_names(self) -> bool:
        """Members' names, such as an action's owner (``members.personal``)."""
        return self.shows(NAMES)

    @property
    def sees_people(self) -> bool:
        """The names of the people who signed and commented: the parties deal with each other by
        name; a read-only reader sees their organisations, unless it sees members' names."""
        return self.role.party or self.sees_names

    @property
    def sees_files(self) -> bool:
        """Evidence files of progress notes (``evidence.files``)."""
        return self.shows(FILES)

    def withheld(self, keys: Iterable[str], lang: str | None = None) -> dict[str, str]:
        """``{key: reason}`` of ``keys`` withheld from the actor, for API responses; the reason in
        ``lang`` (default: the active language)."""
        if self.role is PlanRole.PRODUCER:
            return {}
        return withheld_in(self.lens, keys, lang)

    def log(self, *, object_type: str, object_id: object, what: Iterable[str]) -> None:
        """One access-log entry for a read by someone outside the producer (nothing for its own
        people): ``what`` are the keys of the data shown."""
        if self.role is not PlanRole.PRODUCER:
            # A party (the plan's partner, the facilitator) reads it as a party, maybe without a
            # grant: the producer's log says so.
            extra = {"basis": f"plan_{self.role.value}"} if self.role.party else None
            self.lens.log(self.actor, object_type=object_type, object_id=object_id, what=what, extra=extra)


def withheld_in(lens: Lens, keys: Iterable[str], lang: str | None = None) -> dict[str, str]:
    """``withheld_map`` with the reasons in ``lang`` when the caller asked for one (an API's
    ``?lang=``), else in the active language."""
    if lang is None:
        return withheld_map(lens, keys)
    found = {}
    for key in keys:
        decision = lens.decision(key)
        if not decision.visible:
            found[key] = decision.reason.get(lang) or decision.reason["en"]
    return found


def role_towards(actor: Actor, plan: Plan) -> Seat | None:
    """The actor's seat at ``plan`` (its producer and partner loaded), or None. One query for a
    party outside the producer (none for the producer's own people), three for a reader."""
    if actor.organisation is None:
        return None
    access = access_to(actor, plan.producer)
    if access is Access.NONE:
        return None
    if access is Access.OWN:
        return Seat(actor, plan, PlanRole.PRODUCER, access)
    # A party holds an active authorisation (ASSESSOR); an organisation that only may know the
    # producer (KNOWN: a grant, a request, the directory) never becomes one.
    if access is Access.ASSESSOR and actor.organisation.pk == plan.partner_id:
        return Seat(actor, plan, PlanRole.PARTNER, access)
    if is_facilitator(actor, access):
        return Seat(actor, plan, PlanRole.FACILITATOR, access)
    lens = lens_for(actor, plan.producer, access)
    if lens.shows(PLANS):
        return Seat(actor, plan, PlanRole.READER, access, lens)
    return None


def with_plan(rows: QuerySet[M], to_plan: str = "") -> QuerySet[M]:
    """``rows`` with the plan (at the relation path ``to_plan``, or the rows themselves) joined to
    what every plan use case reads: the producer, the partner, the source result and the
    published standard version it was made with — in the same query."""
    prefix = f"{to_plan}__" if to_plan else ""
    return rows.select_related(
        f"{prefix}producer__organisation", f"{prefix}partner", f"{prefix}source_result__assessment__standard"
    ).defer(f"{prefix}source_result__classification")  # large, and plan pages show the result's date only


def plan_for(actor: Actor, plan_uuid: object) -> tuple[Plan, Seat]:
    """The plan with this uuid and the actor's seat at it; NotFound for anyone who may not read
    it, and for a malformed or unknown uuid."""
    plan = with_plan(Plan.objects.all()).filter(uuid=uuid_or_not_found(plan_uuid)).first()
    seat = role_towards(actor, plan) if plan is not None else None
    if plan is None or seat is None:
        raise NotFound(_("No such plan."))
    return plan, seat


@dataclass(frozen=True)
class ProducerPlans:
    """Which of a producer's plans an actor reads (``readable_plans``)."""

    rows: QuerySet[Plan] | None
    """The plans it reads (None: none at all — the list is withheld)."""
    lens: Lens
    all_plans: bool
    """Every plan of the producer (else only those it is the partner of)."""


def readable_plans(actor: Actor, producer: Producer, access: Access) -> ProducerPlans:
    """The producer's plans ``actor`` reads: all of them for the producer's own people, its
    authorised facilitator and an organisation whose lens shows ``plans``; otherwise those it is
    the partner of while authorised (a party); otherwise none."""
    lens = lens_for(actor, producer, access)
    plans = Plan.objects.filter(producer=producer)
    if access is Access.OWN or is_facilitator(actor, access) or lens.shows(PLANS):
        return ProducerPlans(plans, lens, all_plans=True)
    if access is Access.ASSESSOR and actor.organisation is not None:
        return ProducerPlans(plans.filter(partner=actor.organisation), lens, all_plans=False)
    return ProducerPlans(None, lens, all_plans=False)


@dataclass(frozen=True)
class Allowed:
    """What an actor may do with a plan, by its role and its role in its own organisation (the
    services enforce each rule; pages use this to show only the forms that will work)."""

    edit: bool
    """Edit a draft version's actions, and start a new version: the producer and the partner,
    member and up."""
    sign: bool
    """Sign for its side: the producer's or the partner's owner or manager."""
    change_strategy: bool
    """Choose the order of the improvements: the producer's owner or manager."""
    mark_priority: bool
    """Say what the supply chain needs most: the partner, member and up."""
    comment: bool
    """Comment and propose changes: every party from member up (viewers and read-only readers
    read only)."""
    sees_owners: bool
    """Action owners are the producer's members, personal data: the lens's ``members.personal``
    (its own people and its authorised facilitator)."""


def allowed_to(actor: Actor, seat: Seat, write_scope: str = "plans:write") -> Allowed:
    writes = actor.has_scope(write_scope)
    member, manager = writes and actor.has_role(Role.MEMBER), writes and actor.has_role(Role.MANAGER)
    role = seat.role
    sides = role in (PlanRole.PRODUCER, PlanRole.PARTNER)
    return Allowed(
        edit=sides and member,
        sign=sides and manager,
        change_strategy=role is PlanRole.PRODUCER and manager,
        mark_priority=role is PlanRole.PARTNER and member,
        comment=role.party and member,
        sees_owners=seat.sees_names,
    )


def readable(actor: Actor, plan_uuid: object) -> tuple[Plan, Seat]:
    """``plan_for`` for a read: the token needs ``plans:read``."""
    require_scope(actor, READ)
    return plan_for(actor, plan_uuid)


def uuid_or_none(value: object) -> uuid.UUID | None:
    """A uuid from a form or a body, or None when it is malformed (the caller names the field)."""
    try:
        return uuid_or_not_found(value)
    except NotFound:
        return None
